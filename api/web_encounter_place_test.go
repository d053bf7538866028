package api_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/care"
	"handoff/internal/browsertest"
	"handoff/store"
	"handoff/store/storetest"
)

// TestEncounterFormPlaceAndShift: the form warns when the time given is outside every
// shift of the peer (and not for a time a minute before the open shift's start); a 911
// call without a place is stopped at the place, nothing sent; "The place is unknown"
// records it; a street address is recorded with it.
func TestEncounterFormPlaceAndShift(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		p := openPage(t, f.base, 180*time.Second, browsertest.NetworkStatus(401, ""))
		if _, err := chromedp.Call(p.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: care.DefaultZoneName}); err != nil {
			t.Fatal(err)
		}
		// The shift starts now: the form's When, to the minute, is up to a minute before.
		f.must(201, accReq{method: "POST", path: "/api/v1/shifts/start", who: "peer"})
		p.run("open the page", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(f.base+"/follow-ups"))
		p.signIn(f.users["peer"].Email)
		p.run("open the form", chromedp.WaitVisible(chromedp.CSS("#record-open")), chromedp.Click(chromedp.CSS("#record-open")),
			chromedp.WaitVisible(chromedp.CSS("#enc-form")))
		now := encEval[string](p, `document.getElementById("enc-when").value`)
		setWhen := func(v string) {
			encEval[bool](p, `(() => { const w = document.getElementById("enc-when"); w.value = `+jsString(v)+`; w.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
		}
		at, err := time.ParseInLocation("2006-01-02T15:04", now, care.DefaultZone())
		if err != nil {
			t.Fatal(err)
		}
		setWhen(at.Add(-48 * time.Hour).Format("2006-01-02T15:04"))
		p.run("outside every shift", chromedp.WaitVisible(chromedp.CSS("#enc-shift-warn")))
		if s := p.text("#enc-shift-warn"); !strings.Contains(s, "outside all your shifts") {
			t.Errorf("the warning says %q", s)
		}
		setWhen(now)
		p.run("within the shift's lead-in", chromedp.WaitNotVisible(chromedp.CSS("#enc-shift-warn")))

		// A 911 call with no place: stopped at the place, nothing sent.
		p.run("911 without a place", chromedp.Click(chromedp.CSS("#enc-source-911_coresponse")),
			chromedp.Click(chromedp.CSS("#enc-disposition-resolved_on_scene")), chromedp.WaitVisible(chromedp.CSS("#enc-unknown")),
			chromedp.Click(chromedp.CSS("#enc-submit")), chromedp.WaitVisible(chromedp.CSS("#enc-err-where")))
		if s := p.text("#enc-err-where"); !strings.Contains(s, "A 911 call needs a place") {
			t.Errorf("the place's error says %q", s)
		}
		for _, u := range p.watch.URLs() {
			if strings.HasSuffix(u, "/api/v1/encounters") {
				t.Errorf("the form sent a 911 call without a place")
			}
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the page is %d px wide at 390", w)
		}
		if dir := os.Getenv("HANDOFF_SCREENSHOTS"); dir != "" {
			if shot, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100)); err == nil {
				os.WriteFile(filepath.Join(dir, "encounter-place.png"), shot, 0o644)
			}
		}
		p.run("the place is unknown", chromedp.Click(chromedp.CSS("#enc-unknown")), chromedp.Click(chromedp.CSS("#enc-submit")),
			chromedp.WaitNotVisible(chromedp.CSS("#enc-form")))
		p.waitText("#enc-done", "Recorded")

		// With a street address.
		p.run("open again", chromedp.Click(chromedp.CSS("#record-open")), chromedp.WaitVisible(chromedp.CSS("#enc-form")),
			chromedp.Click(chromedp.CSS("#enc-source-911_coresponse")), chromedp.Click(chromedp.CSS("#enc-disposition-resolved_on_scene")),
			chromedp.SendKeys(chromedp.CSS("#enc-street"), "12 Main St Apt 3, Holyoke"),
			chromedp.Click(chromedp.CSS("#enc-submit")), chromedp.WaitNotVisible(chromedp.CSS("#enc-form")))
		p.waitText("#enc-done", "Recorded in Holyoke.")

		var encs struct {
			Items []care.Encounter `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/encounters?source=911_coresponse", who: "peer"}).json(t, &encs)
		if len(encs.Items) != 2 {
			t.Fatalf("911 calls: %+v", encs.Items)
		}
		var unknown, street care.Encounter
		for _, e := range encs.Items {
			if e.LocationUnknown {
				unknown = e
			} else {
				street = e
			}
		}
		if unknown.LocationPrecision != care.PrecisionUnknown || unknown.ShiftID == "" {
			t.Errorf("the call with an unknown place: %+v", unknown)
		}
		if street.StreetAddress != "12 Main St Apt 3, Holyoke" || street.LocationPrecision != care.PrecisionStreet || street.Town != "Holyoke" {
			t.Errorf("the call with a street address: %+v", street)
		}
		p.checkRequests([]string{"Main", "Apt"})
	})
}
