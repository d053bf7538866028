package api_test

// The pages of listing history, problem reports and suggested edits, in headless
// Chromium at 390 px: a member of the public reports a wrong phone without signing in;
// the agency approves a peer's suggestion and rejects a report; the history reads
// before → after, who, when and from where.

import (
	"context"
	"os"
	"path/filepath"
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

// fullShot saves the whole page in $HANDOFF_SCREENSHOTS, to be looked at.
func (p *encPage) fullShot(name string) {
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

func TestHistoryPagesInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		ctx := context.Background()
		base := f.base
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency",
			body: map[string]any{"description": "Groceries twice a week."}})
		var sug suggestion
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/suggestions", who: "peer",
			body: map[string]any{"changes": []map[string]string{{"field": "schedules[0].opens_at", "value": "09:00"},
				{"field": "schedules[0].closes_at", "value": "02:00"}, {"field": "schedules[0].freq", "value": "WEEKLY"},
				{"field": "schedules[0].byday", "value": "FR,SA"}}, "note": "Open late on weekends now."}}).json(t, &sug)
		var rep suggestion
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/reports", who: "anon",
			body: map[string]any{"problem": "wrong-hours", "note": "They close early on Mondays."}}).json(t, &rep)

		p := openPage(t, base, 120*time.Second, browsertest.NetworkStatus(401, "/api/v1/me"), browsertest.NetworkStatus(403, ""))
		p.run("open the report form", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile),
			chromedp.Navigate(base+"/report?service="+f.svcA), chromedp.WaitVisible(chromedp.CSS("#report-form")))
		p.waitText("#service", "Organization A food pantry")
		// Sent empty: the page says what is missing, nothing is sent.
		before := f.count("suggestions")
		p.run("send empty", chromedp.Click(chromedp.CSS("#send")), chromedp.WaitVisible(chromedp.CSS("#r-err-problem")))
		if f.count("suggestions") != before {
			t.Fatal("an empty report was stored")
		}
		p.run("choose wrong phone by keyboard",
			chromedp.Focus(chromedp.CSS(`input[value="wrong-phone"]`)), chromedp.KeyEvent(" "),
			chromedp.WaitVisible(chromedp.CSS("#phone")),
			chromedp.SendKeys(chromedp.CSS("#phone"), "413-555-0123"),
			chromedp.SendKeys(chromedp.CSS("#note"), "The old number is disconnected."))
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the report page is %d px wide at 390", w)
		}
		p.fullShot("report.png")
		p.run("send", chromedp.Click(chromedp.CSS("#send")), chromedp.WaitVisible(chromedp.CSS("#thanks")))
		p.fullShot("report-thanks.png")
		if n := f.count("suggestions"); n != before+1 {
			t.Fatalf("%d suggestions after the report, want %d", n, before+1)
		}

		// The agency's review page: three waiting, each with what it proposes.
		p.run("open suggestions", chromedp.Navigate(base+"/agency/suggestions"), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		p.signIn(f.users["agency"].Email)
		card := func(id string) string { return `#pending > li[data-id="` + id + `"]` }
		p.run("the list", chromedp.WaitVisible(chromedp.CSS(card(sug.ID))), chromedp.WaitVisible(chromedp.CSS(card(rep.ID))))
		p.waitText("#status", "3 waiting")
		text := p.text(card(sug.ID))
		for _, want := range []string{"Suggested edit", f.users["peer"].Name, "Hours 1: closes at", "02:00", "Open late on weekends now.", "Approve and apply"} {
			if !strings.Contains(text, want) {
				t.Errorf("the suggestion's card lacks %q:\n%s", want, text)
			}
		}
		if s := p.text(card(rep.ID)); !strings.Contains(s, "the hours are wrong") || !strings.Contains(s, "a member of the public") {
			t.Errorf("the report's card: %s", s)
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the suggestions page is %d px wide at 390", w)
		}
		p.fullShot("agency-suggestions.png")
		p.run("approve by keyboard", chromedp.Focus(chromedp.CSS(card(sug.ID)+" button.approve")), chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS(card(sug.ID)+`[data-done=approve]`)))
		p.run("reject the report", chromedp.Click(chromedp.CSS(card(rep.ID)+" button.reject")),
			chromedp.WaitVisible(chromedp.CSS(card(rep.ID)+`[data-done=reject]`)))
		p.fullShot("agency-suggestions-done.png")
		svc, err := st.Service(ctx, f.svcA)
		if err != nil || len(svc.Schedules) != 1 || svc.Schedules[0].ClosesAt != "02:00" || svc.Schedules[0].ByDay != "FR,SA" {
			t.Fatalf("after approval the schedules are %+v (%v)", svc.Schedules, err)
		}
		var g directory.Suggestion
		if g, err = st.Suggestion(ctx, rep.ID); err != nil || g.Status != "rejected" {
			t.Errorf("the report after rejection: %+v %v", g, err)
		}

		// The history: field by field, before → after, who, when, from where.
		p.run("open the history", chromedp.Navigate(base+"/agency/history?service="+f.svcA), chromedp.WaitVisible(chromedp.CSS("#changes > li")))
		p.waitText("#work-h", "History of Organization A food pantry")
		hist := p.text("#changes")
		for _, want := range []string{"Hours", "Fri, Sat 9 am–2 am (next day)", f.users["peer"].Name + " proposed, " + f.users["agency"].Name + " approved",
			"from an approved suggestion", "Description", "Groceries once a week.", "Groceries twice a week.", "Fixture agency · from agency portal", "By an import", "Listing created", "Today"} {
			if !strings.Contains(hist, want) {
				t.Errorf("the history lacks %q:\n%s", want, hist)
			}
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the history page is %d px wide at 390", w)
		}
		p.fullShot("agency-history.png")

		// Another organization's staff get the API's refusal, not the history.
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		if n := encEval[int](p, `document.querySelectorAll("#changes > li").length`); n != 0 {
			t.Errorf("after sign-out the page still shows %d writes", n)
		}
		p.signIn(f.users["agency_other"].Email)
		p.waitText("#status", "Only coordinators, admins and the staff of the organization")
		if n := encEval[int](p, `document.querySelectorAll("#changes > li").length`); n != 0 {
			t.Errorf("another organization sees %d writes", n)
		}
		p.checkRequests([]string{"fixture.example", "password", "555-0123"})
	})
}

// TestHistoryPagesServedToAnyone: the three pages are empty shells, the same for
// everyone, with no inline script or style and nothing from elsewhere; their scripts keep
// nothing in web storage.
func TestHistoryPagesServedToAnyone(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	for _, page := range []string{"/agency/history?service=" + f.svcA, "/agency/suggestions", "/report?service=" + f.svcA} {
		var first string
		for _, who := range []string{"anon", "peer", "agency", "admin"} {
			res := f.must(200, accReq{method: "GET", path: page, who: who})
			if first == "" {
				first = string(res.body)
			} else if string(res.body) != first {
				t.Errorf("%s as %s differs from the anonymous one", page, who)
			}
		}
		for _, bad := range []string{"<style", " style=", "<script>", " on" + "click=", "http://", "https://", "Organization A"} {
			if strings.Contains(first, bad) {
				t.Errorf("%s contains %q", page, bad)
			}
		}
	}
	for _, path := range []string{"/static/agency-history.js", "/static/agency-suggestions.js", "/static/report.js",
		"/static/listing-words.js", "/static/agency-history.css"} {
		body := string(f.must(200, accReq{method: "GET", path: path}).body)
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "innerHTML"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
}
