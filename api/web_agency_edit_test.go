package api_test

// The agency's edit page (/agency/edit?service=ID), worked in headless Chromium at
// phone size as agency staff would: description and hours changed, the hours read in
// words, a bad phone refused beside its field, a save that lost a race explained and
// saved again, and another organization's agency kept out.

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/directory"
	"handoff/internal/browsertest"
	"handoff/internal/searchtest"
	"handoff/store"
	"handoff/store/storetest"
)

// TestAgencyEditPageInBrowser: the other organization's agency is told the listing is
// not theirs (no form; the API refuses its save). The owner's agency changes the
// description and the hours (a split day, Fri 8 pm–2 am, the 2nd Tuesday of each month,
// a closed date), reads them in words, is refused a phone without a number beside that
// field (nothing saved), then saves after an admin changed the listing in between: the
// page explains the conflict, shows both, keeps the typed edits, and saves them again by
// keyboard without undoing the admin's change. The API then holds the new schedules,
// and search's open-now agrees at 1 am on Saturday. At 390 px; on SQLite and PostgreSQL.
func TestAgencyEditPageInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{Search: searchtest.Engine(t, st)})
		svc := f.svcA
		path := "/api/v1/services/" + svc
		f.must(200, accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{
			"schedules": []any{map[string]any{"freq": "WEEKLY", "byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}}}})

		p := openPage(t, f.base, 180*time.Second, browsertest.NetworkStatus(401, ""),
			browsertest.NetworkStatus(400, svc), browsertest.NetworkStatus(412, svc), browsertest.NetworkStatus(422, "/api/v1/schedules/describe"))
		set := func(sel, v string) { // a value typed into a control, with its input event
			encEval[bool](p, `(() => { const e = document.querySelector(`+jsString(sel)+`); e.value = `+jsString(v)+
				`; e.dispatchEvent(new Event("input", {bubbles: true})); e.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
		}
		row := func(i int) string { return fmt.Sprintf(`#sched > li[data-index="%d"] `, i) }
		page := f.base + "/agency/edit?service=" + svc

		// Another organization's agency: told so, no form, and the API refuses its save.
		p.run("open the page", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(page))
		p.signIn(f.users["agency_other"].Email)
		p.run("not theirs", chromedp.WaitVisible(chromedp.CSS("#cannot")))
		if s := p.text("#cannot-text"); !strings.Contains(s, "belongs to another organization") || p.visible("edit") {
			t.Errorf("the other agency sees %q, form shown %v", s, p.visible("edit"))
		}
		if res := f.do(accReq{method: "PATCH", path: path, who: "agency_other", body: map[string]any{"description": "Taken over"}}); res.status != 403 && res.status != 404 {
			t.Errorf("the other agency's save: %d", res.status)
		}
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

		// The owner's agency: the listing and its hours in words.
		p.signIn(f.users["agency"].Email)
		p.run("the form", chromedp.WaitVisible(chromedp.CSS("#edit")))
		p.waitText("#words", "Mon–Fri 9 am–5 pm")
		if s := p.text("#work-h"); !strings.Contains(s, "Organization A food pantry") {
			t.Errorf("heading %q", s)
		}

		// Description, then the hours: the weekday line becomes a morning, an afternoon
		// line makes the split day, Friday night runs past midnight, a monthly evening, a
		// closed date.
		set("#f-description", "Groceries every weekday; an evening pantry on Fridays.")
		p.run("free, not unknown", chromedp.Click(chromedp.CSS(`input[name=fees][value=free]`)))
		set("#f-languages", "English, Spanish")
		set(row(0)+`input[data-f=closes_at]`, "12:00")
		p.run("add the afternoon", chromedp.Click(chromedp.CSS(`[data-add=weekly]`)), chromedp.WaitVisible(chromedp.CSS(row(1))))
		for _, d := range []string{"MO", "TU", "WE", "TH", "FR"} {
			p.run("day "+d, chromedp.Click(chromedp.CSS(row(1)+`input[value=`+d+`]`)))
		}
		set(row(1)+`input[data-f=opens_at]`, "13:00")
		p.run("add Friday night", chromedp.Click(chromedp.CSS(`[data-add=weekly]`)), chromedp.WaitVisible(chromedp.CSS(row(2))))
		p.run("Friday", chromedp.Click(chromedp.CSS(row(2)+`input[value=FR]`)))
		set(row(2)+`input[data-f=opens_at]`, "20:00")
		set(row(2)+`input[data-f=closes_at]`, "02:00")
		p.waitText(row(2)+".next-day", "after midnight")
		p.run("add the monthly evening", chromedp.Click(chromedp.CSS(`[data-add=monthly]`)), chromedp.WaitVisible(chromedp.CSS(row(3))))
		set(row(3)+`select[data-f=ord]`, "2")
		set(row(3)+`select[data-f=wd]`, "TU")
		set(row(3)+`input[data-f=opens_at]`, "18:00")
		set(row(3)+`input[data-f=closes_at]`, "20:00")
		closed := time.Date(time.Now().Year()+1, 12, 25, 0, 0, 0, 0, time.UTC)
		p.run("add the closed date", chromedp.Click(chromedp.CSS(`[data-add=closed]`)), chromedp.WaitVisible(chromedp.CSS(row(4))))
		set(row(4)+`input[data-f=valid_from]`, closed.Format(time.DateOnly))
		words := "Mon–Thu 9 am–12 pm and 1–5 pm; Fri 9 am–12 pm, 1–5 pm and 8 pm–2 am (next day); 2nd Tuesday of each month 6–8 pm; closed 25 Dec " + closed.Format("2006")
		p.waitText("#words", words)

		// A closing day before the first: said beside that field as it is typed.
		set(row(4)+`input[data-f=valid_to]`, closed.AddDate(0, 0, -2).Format(time.DateOnly))
		p.waitText(`[data-err="schedules[4].valid_to"]`, "Must not be before valid_from")
		set(row(4)+`input[data-f=valid_to]`, "")
		p.run("the problem goes with the fix", chromedp.WaitNotVisible(chromedp.CSS(`[data-err="schedules[4].valid_to"]`)),
			chromedp.WaitNotVisible(chromedp.CSS("#words-problem")))
		p.waitText("#words", words)

		// A phone without a number: the API's refusal beside that field, nothing saved.
		p.run("add a phone", chromedp.Click(chromedp.CSS("#add-phone")), chromedp.WaitVisible(chromedp.CSS("#ph-num-1")))
		p.run("save", chromedp.Click(chromedp.CSS("#save")))
		p.waitText(`[data-err="phones[1].number"]`, "required")
		if s := p.text("#save-error"); !strings.Contains(s, "Nothing was saved") {
			t.Errorf("save error %q", s)
		}
		var stored directory.Service
		f.must(200, accReq{method: "GET", path: path}).json(t, &stored)
		if stored.Description != "Groceries once a week." || len(stored.Schedules) != 1 {
			t.Errorf("a refused save changed the listing: %q, %d rows", stored.Description, len(stored.Schedules))
		}
		p.run("remove the empty phone", chromedp.Click(chromedp.CSS(`#phones > li:nth-child(2) button.remove`)))
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 390 {
			wide := encEval[string](p, `[...document.querySelectorAll("body *")].filter((e) => e.getBoundingClientRect().right > 390).map((e) => e.tagName + "#" + e.id + "." + e.className).slice(0, 8).join(" ")`)
			t.Errorf("the page is %d px wide at 390: %s", w, wide)
		}
		fullShot(p, "agency-edit.png")

		// An admin saves first; the agency's save is told so, with both sides shown.
		etag := f.must(200, accReq{method: "GET", path: path}).header.Get("ETag")
		f.must(200, accReq{method: "PATCH", path: path, who: "admin", body: map[string]any{"eligibility_description": "Adults 18 and over"},
			header: map[string]string{"If-Match": etag}})
		p.run("save after the admin", chromedp.Click(chromedp.CSS("#save")), chromedp.WaitVisible(chromedp.CSS("#conflict")))
		list := p.text("#conflict-list")
		for _, want := range []string{"Who it is for", "On the server now: Adults 18 and over", "You did not change this",
			"Description", "You typed: Groceries every weekday", "Hours", "2nd Tuesday of each month"} {
			if !strings.Contains(list, want) {
				t.Errorf("the conflict lacks %q:\n%s", want, list)
			}
		}
		if s := encEval[string](p, `document.getElementById("f-description").value`); !strings.HasPrefix(s, "Groceries every weekday") {
			t.Errorf("the typed description is gone: %q", s)
		}
		if n := encEval[int](p, `document.querySelectorAll("#sched > li").length`); n != 5 {
			t.Errorf("%d hours lines after the conflict, want the 5 typed", n)
		}
		fullShot(p, "agency-edit-conflict.png")
		p.run("save again by keyboard", chromedp.Focus(chromedp.CSS("#reapply")), chromedp.KeyEvent("\r"))
		p.waitText("#status", "Saved")
		if !p.visible("edit") || p.visible("conflict") {
			t.Error("after saving again the conflict is still shown")
		}

		f.must(200, accReq{method: "GET", path: path}).json(t, &stored)
		if stored.Description != "Groceries every weekday; an evening pantry on Fridays." || stored.EligibilityDescription != "Adults 18 and over" {
			t.Errorf("saved %q / %q", stored.Description, stored.EligibilityDescription)
		}
		if !directory.IsFree(&stored) || len(stored.Languages) != 2 || stored.Languages[1].Name != "Spanish" {
			t.Errorf("saved cost %+v, languages %+v", stored.CostOptions, stored.Languages)
		}
		if got := directory.HoursSentence(stored.Schedules); got != words {
			t.Errorf("the API's hours read %q, want %q", got, words)
		}

		// Open now agrees: the Friday night line is open at 1 am on Saturday, closed at 3.
		loc := directory.Zone(directory.DefaultZone)
		now := time.Now().In(loc)
		sat := time.Date(now.Year(), now.Month(), now.Day()+(int(time.Saturday)-int(now.Weekday())+7)%7+7, 1, 0, 0, 0, loc)
		for _, c := range []struct {
			at   time.Time
			open bool
		}{{sat, true}, {sat.Add(2 * time.Hour), false}} {
			q := "/api/v1/search?q=" + url.QueryEscape("Organization A food pantry") + "&at=" + url.QueryEscape(c.at.Format(time.RFC3339))
			if got := openNowIn(t, f, q, svc, c.open); got == nil || *got != c.open {
				t.Errorf("search at %s: open_now %v, want %v", c.at, got, c.open)
			}
		}
		// The narrowest phones too.
		p.run("at 360 px", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.WaitVisible(chromedp.CSS("#save")))
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360", w)
		}
		p.checkRequests([]string{"fixture.example", "password"})
	})
}

// openNowIn asks search until it says want for the service (the index follows the
// change feed a moment behind) or 30 s pass, and answers its last open_now.
func openNowIn(t *testing.T, f *accFixture, query, id string, want bool) *bool {
	t.Helper()
	var got struct {
		Items []struct {
			Service struct{ ID string }
			OpenNow *bool `json:"open_now"`
		}
	}
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		f.must(200, accReq{method: "GET", path: query}).json(t, &got)
		var open *bool
		for _, it := range got.Items {
			if it.Service.ID == id {
				open = it.OpenNow
			}
		}
		if (open != nil && *open == want) || time.Now().After(end) {
			return open
		}
	}
}

// fullShot saves the whole page as a PNG under $HANDOFF_SCREENSHOTS, if set.
func fullShot(p *encPage, name string) {
	dir := os.Getenv("HANDOFF_SCREENSHOTS")
	if dir == "" {
		return
	}
	shot, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
		p.t.Error(err)
	}
}

// TestAgencyEditPageServedToAnyone: GET /agency/edit is the same empty shell for
// everyone; it and its scripts hold no data, no inline script or style, nothing from
// elsewhere.
func TestAgencyEditPageServedToAnyone(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	var first string
	for _, who := range []string{"anon", "agency", "agency_other", "admin"} {
		res := f.must(200, accReq{method: "GET", path: "/agency/edit?service=" + f.svcA, who: who})
		if first == "" {
			first = string(res.body)
		} else if string(res.body) != first {
			t.Errorf("as %s the page differs from the anonymous one", who)
		}
		if cc := res.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("as %s Cache-Control %q", who, cc)
		}
	}
	for _, bad := range []string{"<style", " style=", "<script>", " on" + "click=", "http://", "https://", "Organization A"} {
		if strings.Contains(first, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	for _, path := range []string{"/static/agency-edit.js", "/static/schedule-editor.js", "/static/phone-editor.js", "/static/service-fields.js", "/static/agency-edit.css"} {
		body := string(f.must(200, accReq{method: "GET", path: path}).body)
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "innerHTML"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
}
