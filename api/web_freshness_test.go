package api_test

// The freshness queue page (/freshness), worked in headless Chromium at phone size as a
// coordinator would: call the listing at the top, record what the call found.

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/directory"
	"handoff/internal/browsertest"
	"handoff/store"
	"handoff/store/storetest"
)

// TestFreshnessPageInBrowser: a peer is told the page is not theirs and sees no queue;
// the coordinator sees the stale crisis line above the older food pantry, each with its
// reasons and a tap-to-call link, records "could not reach" for the pantry (it stays,
// marked) and "confirmed" for the crisis line by keyboard (it leaves the queue on the
// next load, and the API shows today's assured_date). The page fits 360 px, asks no
// other origin, and puts nothing in web storage. On SQLite and PostgreSQL.
func TestFreshnessPageInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		day := func(n int) string { return time.Now().AddDate(0, 0, -n).Format(time.DateOnly) }
		crisisID := f.queueService("Valley crisis line", "crisis", day(45))
		pantryID := f.queueService("Valley food pantry", "food", day(100))
		for _, id := range []string{f.svcA, f.svcB} { // keep the fixture's own out of the queue
			f.must(201, accReq{method: "POST", path: "/api/v1/services/" + id + "/verifications", who: "coordinator", body: map[string]any{"method": "phone", "result": "confirmed"}})
		}
		base := f.base
		p := openPage(t, base, 90*time.Second, browsertest.NetworkStatus(401, ""))
		li := func(id string) string { return `#queue > li[data-service="` + id + `"]` }

		p.run("open the page", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/freshness"))
		p.signIn(f.users["peer"].Email)
		p.run("peer sees the notice", chromedp.WaitVisible(chromedp.CSS("#not-program")))
		if s := p.text("#not-program"); !strings.Contains(s, "for coordinators") {
			t.Errorf("peer notice: %q", s)
		}
		if n := encEval[int](p, `document.querySelectorAll("#queue > li").length`); n != 0 {
			t.Errorf("the peer sees %d listings", n)
		}
		p.run("peer signs out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

		p.signIn(f.users["coordinator"].Email)
		p.run("the queue", chromedp.WaitVisible(chromedp.CSS(li(crisisID))), chromedp.WaitVisible(chromedp.CSS(li(pantryID))))
		p.waitText("#status", "2 listings to check")
		order := encEval[[]string](p, `[...document.querySelectorAll("#queue > li")].map((e) => e.dataset.service)`)
		if len(order) != 2 || order[0] != crisisID || order[1] != pantryID {
			t.Fatalf("queue order %v, want the crisis line, then the pantry", order)
		}
		crisis := p.text(li(crisisID))
		for _, want := range []string{"Valley crisis line", "Crisis service", "last confirmed 45 days ago", "Call 413-555-0177", "Confirmed", "Changes needed", "Could not reach"} {
			if !strings.Contains(crisis, want) {
				t.Errorf("the crisis line's card lacks %q:\n%s", want, crisis)
			}
		}
		if href, err := chromedp.Run(p.ctx, chromedp.AttributeValue(chromedp.CSS(li(crisisID)+" a.call"), "href")); err != nil || href.Value != "tel:4135550177" {
			t.Errorf("call link %q %v", href.Value, err)
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360", w)
		}
		p.screenshot("freshness.png", "#work-h")

		// Could not reach the pantry: recorded, the card says so, the listing stays due.
		p.run("could not reach the pantry",
			chromedp.Click(chromedp.CSS(li(pantryID)+` button[data-result=could-not-reach]`)),
			chromedp.WaitVisible(chromedp.CSS(li(pantryID)+`[data-done=could-not-reach]`)))
		if s := p.text(li(pantryID) + " .done-note"); !strings.Contains(s, "could not reach") {
			t.Errorf("pantry note %q", s)
		}

		// Confirm the crisis line with the keyboard: focus its button, press Enter.
		p.run("confirm by keyboard",
			chromedp.Focus(chromedp.CSS(li(crisisID)+` button[data-result=confirmed]`)),
			chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS(li(crisisID)+`[data-done=confirmed]`)))
		var svc directory.Service
		f.must(200, accReq{method: "GET", path: "/api/v1/services/" + crisisID}).json(t, &svc)
		if svc.AssuredDate != directory.AssuredDateOf(time.Now()) {
			t.Errorf("after the page's confirmation the crisis line's assured_date is %q", svc.AssuredDate)
		}
		p.screenshot("freshness-done.png", "#work-h")

		// Loaded anew: the crisis line is gone, the pantry stays with the failed call.
		p.run("reload", chromedp.Navigate(base+"/freshness"), chromedp.WaitVisible(chromedp.CSS(li(pantryID))))
		p.waitText("#status", "1 listing to check")
		if s := p.text(li(pantryID)); !strings.Contains(s, "the last check could not reach them") {
			t.Errorf("pantry card after reload: %q", s)
		}
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		if n := encEval[int](p, `document.querySelectorAll("#queue > li").length + localStorage.length + sessionStorage.length`); n != 0 {
			t.Errorf("after sign-out the page still holds %d items or stored values", n)
		}
		p.checkRequests([]string{"fixture.example", "password"})
	})
}

// TestFreshnessPageServedToAnyone: GET /freshness is the same empty shell for everyone;
// it and its assets hold no data, no inline script or style, nothing from elsewhere.
func TestFreshnessPageServedToAnyone(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	var first string
	for _, who := range []string{"anon", "peer", "coordinator", "admin"} {
		res := f.must(200, accReq{method: "GET", path: "/freshness", who: who})
		if first == "" {
			first = string(res.body)
		} else if string(res.body) != first {
			t.Errorf("as %s the page differs from the anonymous one", who)
		}
	}
	for _, bad := range []string{"<style", " style=", "<script>", " on" + "click=", "http://", "https://"} {
		if strings.Contains(first, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	for _, path := range []string{"/static/freshness.js", "/static/freshness.css"} {
		body := string(f.must(200, accReq{method: "GET", path: path}).body)
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "innerHTML"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
}
