package api_test

// The follow-up page (/follow-ups): served as an empty shell to anyone, and worked in a
// real headless Chromium as a peer would on a phone, over SQLite and PostgreSQL.

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/internal/browsertest"
	"handoff/store"
	"handoff/store/storetest"
)

// TestFollowUpPageServedToAnyone: GET /follow-ups answers the same page to everyone,
// signed in or not, with the security headers; the page and its assets hold no data,
// no inline script or style, nothing from another origin, and no use of web storage.
func TestFollowUpPageServedToAnyone(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	var first []byte
	for _, who := range []string{"anon", "peer", "agency", "admin"} {
		res := f.must(200, accReq{method: "GET", path: "/follow-ups", who: who})
		if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
			t.Errorf("as %s: Content-Type %q", who, ct)
		}
		for h, want := range map[string]string{
			"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
			"X-Frame-Options":         "DENY",
			"X-Content-Type-Options":  "nosniff",
			"Referrer-Policy":         "no-referrer",
		} {
			if got := res.header.Get(h); got != want {
				t.Errorf("as %s: %s %q, want %q", who, h, got, want)
			}
		}
		if first == nil {
			first = res.body
		} else if string(res.body) != string(first) {
			t.Errorf("as %s the page differs from the anonymous one: it must hold no data", who)
		}
	}
	page := string(first)
	for _, want := range []string{`<script src="/static/followups.js" defer></script>`, `<script src="/static/referrals.js" defer></script>`, `href="/static/followups.css"`, `<a href="/">`, `id="status" role="status" aria-live="polite"`} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	for _, tag := range regexp.MustCompile(`<script[^>]*>`).FindAllString(page, -1) {
		if !strings.Contains(tag, "src=") {
			t.Errorf("inline script: %s", tag)
		}
	}
	for _, bad := range []string{"<style", " style=", " on" + "click=", "http://", "https://", "Fixture peer", "fixture.example"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page contains %q", bad)
		}
	}
	for path, ctype := range map[string]string{"/static/followups.js": "javascript", "/static/followups.css": "text/css",
		"/static/session.js": "javascript", "/static/referrals.js": "javascript", "/static/encounter.js": "javascript", "/static/encounter.css": "text/css"} {
		res := f.must(200, accReq{method: "GET", path: path})
		if ct := res.header.Get("Content-Type"); !strings.Contains(ct, ctype) {
			t.Errorf("%s: Content-Type %q", path, ct)
		}
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "new Function", "innerHTML"} {
			if strings.Contains(string(res.body), bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
}

// addFollowUp schedules a follow-up of the person, due at due, assigned to who.
func (f *accFixture) addFollowUp(who, personID string, due time.Time) string {
	f.t.Helper()
	var fu struct{ ID string }
	f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups", who: who,
		body: map[string]any{"person_id": personID, "due_at": due.Format(time.RFC3339)}}).json(f.t, &fu)
	return fu.ID
}

// TestFollowUpPageInBrowser works the page in headless Chromium at phone size, as a peer
// on the day after a call: an agency user is told the page is not for them, a wrong
// password shows the server's one answer, the peer sees today's follow-ups (and not a
// colleague's), starts a shift, logs "no answer", reloads, logs "reached", and the
// follow-up shows done and leaves today's list. The page asks no other origin for
// anything, puts nothing personal in a URL or in web storage, and writes nothing to the
// console but the browser's notes of the expected 401s (signed out, wrong password).
func TestFollowUpPageInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		now := time.Now()
		jr := f.addPerson("J. R.")
		mt := f.addPerson("M. T.")
		fuJR := f.addFollowUp("peer", jr, now)
		fuMT := f.addFollowUp("peer", mt, now)
		for range 3 {
			f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + fuMT + "/attempts", who: "peer",
				body: map[string]any{"channel": "phone", "outcome": "no_answer"}})
		}
		fuOverdue := f.addFollowUp("peer", f.addPerson("A. O."), now.Add(-48*time.Hour))
		fuUpcoming := f.addFollowUp("peer", f.addPerson("D. U."), now.Add(48*time.Hour))
		fuColleague := f.addFollowUp("clinician", f.addPerson("K. C."), now)
		base := f.base

		// A fetch answered 401 is noted by the browser itself (source "network"): expected
		// while signed out and for the wrong password. Nothing else is.
		p := openPage(t, base, 90*time.Second, browsertest.NetworkStatus(401, ""))
		li := func(id string) string { return fmt.Sprintf(`#list li[data-id=%q]`, id) }

		p.run("open the page", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+"/follow-ups"))

		// An agency user: not the program's page.
		p.signIn(f.users["agency"].Email)
		p.run("agency sees the notice", chromedp.WaitVisible(chromedp.CSS("#not-program")))
		if s := p.text("#not-program"); !strings.Contains(s, "for the program team") {
			t.Errorf("agency notice: %q", s)
		}
		if n := encEval[int](p, `document.querySelectorAll("#list li").length`); n != 0 {
			t.Errorf("the agency user sees %d follow-ups", n)
		}
		p.run("agency signs out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

		// A wrong password: the server's one answer, which names neither part.
		p.signInWith(f.users["peer"].Email, "not the password at all")
		p.run("wrong password", chromedp.WaitVisible(chromedp.CSS("#signin-error")))
		if s := p.text("#signin-error"); s != "The email or password is wrong." {
			t.Errorf("wrong password says %q", s)
		}

		// The peer: today's two, the flagged one marked, nobody else's.
		before := len(p.watch.URLs())
		p.signIn(f.users["peer"].Email)
		p.run("today's list", chromedp.WaitVisible(chromedp.CSS(li(fuJR))), chromedp.WaitVisible(chromedp.CSS(li(fuMT))))
		p.waitText("#status", "2 follow-ups due today")
		// The list carries its people: one request for the whole list, none per person.
		checkOneListLoad(t, p, base, before)
		if n := encEval[int](p, `document.querySelectorAll("#list li").length`); n != 2 {
			t.Errorf("today's list has %d items, want 2 (not the colleague's %s, the overdue %s or the upcoming %s)", n, fuColleague, fuOverdue, fuUpcoming)
		}
		item := p.text(li(fuJR))
		for _, want := range []string{"J. R.", "Due today", "No attempts yet", "Call 413-555-0142", "Log an attempt", "No answer", "Reached"} {
			if !strings.Contains(item, want) {
				t.Errorf("J. R.'s item lacks %q:\n%s", want, item)
			}
		}
		if href, err := chromedp.Run(p.ctx, chromedp.AttributeValue(chromedp.CSS(li(fuJR)+" a.call"), "href")); err != nil || href.Value != "tel:4135550142" {
			t.Errorf("call link %q %v", href.Value, err)
		}
		if s := p.text(li(fuMT)); !strings.Contains(s, "M. T.") || !strings.Contains(s, "3 attempts") || !strings.Contains(s, "Flagged") {
			t.Errorf("M. T.'s item: %q", s)
		}

		// The shift, so that the calls count for it.
		p.run("start a shift", chromedp.Click(chromedp.CSS("#shift-start")), chromedp.WaitVisible(chromedp.CSS("#shift-end")))
		p.waitText("#shift-status", "On shift since")

		// No answer: the item stays, with one attempt.
		p.run("log no answer",
			chromedp.Click(chromedp.CSS(li(fuJR)+` button[data-outcome=no_answer]`)),
			chromedp.WaitVisible(chromedp.CSS(li(fuJR)+`[data-attempts="1"][data-status=open]`)),
		)
		p.waitText("#status", "Logged: no answer")
		p.waitText("#shift-status", "1 interaction")

		// A reload keeps the session (the cookie) and the CSRF token (from /api/v1/me).
		p.run("reload", chromedp.Navigate(base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS(li(fuJR)+`[data-attempts="1"]`)))
		p.waitText("#shift-status", "1 interaction")
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the page is %d px wide at 390", w)
		}
		if dir := os.Getenv("HANDOFF_SCREENSHOTS"); dir != "" {
			if shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot()); err == nil {
				os.WriteFile(filepath.Join(dir, "followups.png"), shot, 0o644)
			}
		}
		p.run("360 px", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360", w)
		}
		p.run("back to 390 px", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))

		// Reached, with a note: done in place, then gone from today's list.
		p.run("log reached",
			chromedp.SendKeys(chromedp.CSS(li(fuJR)+" input"), "Talked; going to the Living Room tonight."),
			chromedp.Click(chromedp.CSS(li(fuJR)+` button[data-outcome=reached]`)),
			chromedp.WaitVisible(chromedp.CSS(li(fuJR)+`[data-status=done][data-attempts="2"]`)),
		)
		if s := p.text(li(fuJR)); !strings.Contains(s, "Done") || strings.Contains(s, "Log an attempt") {
			t.Errorf("the done item: %q", s)
		}
		p.waitText("#status", "This follow-up is done")
		p.waitText("#shift-status", "2 interactions")
		p.run("today again",
			chromedp.Click(chromedp.CSS(`.tabs button[data-due=today]`)),
			chromedp.WaitNotPresent(chromedp.CSS(li(fuJR))),
			chromedp.WaitVisible(chromedp.CSS(li(fuMT))),
		)
		if n := encEval[int](p, `document.querySelectorAll("#list li").length`); n != 1 {
			t.Errorf("after reaching J. R., today's list has %d items, want 1", n)
		}

		// The other tabs.
		p.run("overdue", chromedp.Click(chromedp.CSS(`.tabs button[data-due=overdue]`)), chromedp.WaitVisible(chromedp.CSS(li(fuOverdue))))
		if s := p.text(li(fuOverdue)); !strings.Contains(s, "A. O.") {
			t.Errorf("overdue item: %q", s)
		}
		p.run("upcoming", chromedp.Click(chromedp.CSS(`.tabs button[data-due=upcoming]`)), chromedp.WaitVisible(chromedp.CSS(li(fuUpcoming))))
		if s := p.text(li(fuUpcoming)); !strings.Contains(s, "D. U.") {
			t.Errorf("upcoming item: %q", s)
		}

		// Sign out: the page forgets what it showed.
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		if n := encEval[int](p, `document.querySelectorAll("#list li").length + localStorage.length + sessionStorage.length`); n != 0 {
			t.Errorf("after sign-out the page still holds %d items or stored values", n)
		}
		if href, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`location.href`)); err != nil || href != base+"/follow-ups" {
			t.Errorf("the page's address became %q (%v)", href, err)
		}

		// The API agrees: J. R.'s follow-up is done, with both attempts in the shift.
		var got struct {
			Items []struct {
				Status   string `json:"status"`
				Attempts []struct {
					Outcome string `json:"outcome"`
					ShiftID string `json:"shift_id"`
				} `json:"attempts"`
			} `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/follow-ups?person=" + jr, who: "peer"}).json(t, &got)
		if len(got.Items) != 1 {
			t.Fatalf("J. R. has %d follow-ups, want 1", len(got.Items))
		}
		if d := got.Items[0]; d.Status != "done" || len(d.Attempts) != 2 || d.Attempts[0].ShiftID == "" || d.Attempts[1].Outcome != "reached" {
			t.Errorf("J. R.'s follow-up after the page: %+v", d)
		}

		p.checkRequests([]string{"J.", "J.%20R", "555-0142", "fixture.example", "password"})
	})
}

// TestFollowUpHandOverInBrowser: a peer with two follow-ups due today hands one to the
// clinician from the list. The page loads the list in one request (no request per
// person), offers the colleagues but not the peer, pins the PATCH to the version it
// showed: a follow-up changed behind its back is not handed over, the list is read
// again and the page says so; handed over, the item leaves the peer's list. The API
// then names the clinician as the assignee, with one "reassign" audit row.
func TestFollowUpHandOverInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		now := time.Now()
		jr := f.addPerson("J. R.")
		fuJR := f.addFollowUp("peer", jr, now)
		fuMT := f.addFollowUp("peer", f.addPerson("M. T."), now)
		clinician := f.users["clinician"]
		base := f.base

		p := openPage(t, base, 90*time.Second, browsertest.NetworkStatus(401, ""),
			browsertest.NetworkStatus(412, "/api/v1/follow-ups/"+fuJR))
		li := func(id string) string { return fmt.Sprintf(`#list li[data-id=%q]`, id) }
		p.run("open the page", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/follow-ups"))

		before := len(p.watch.URLs())
		p.signIn(f.users["peer"].Email)
		p.run("today's list", chromedp.WaitVisible(chromedp.CSS(li(fuJR))), chromedp.WaitVisible(chromedp.CSS(li(fuMT))))
		p.waitText("#status", "2 follow-ups due today")
		checkOneListLoad(t, p, base, before)

		// The control: labelled, offering the clinician and not the peer signed in.
		hand := li(fuJR) + " fieldset.hand"
		p.run("the colleagues", chromedp.WaitReady(chromedp.CSS(hand+fmt.Sprintf(` option[value=%q]`, clinician.ID))), chromedp.WaitVisible(chromedp.CSS(hand)))
		if s := p.text(hand); !strings.Contains(s, "Hand to a colleague") || !strings.Contains(s, "Hand over") {
			t.Errorf("the hand-over control: %q", s)
		}
		if n := encEval[int](p, `document.querySelectorAll(`+jsString(hand+fmt.Sprintf(` option[value=%q]`, f.users["peer"].ID))+`).length`); n != 0 {
			t.Error("the peer is offered themselves")
		}
		if lbl := encEval[string](p, `document.querySelector(`+jsString(hand+" select")+`).labels[0].textContent`); lbl != "Colleague" {
			t.Errorf("the choice is labelled %q", lbl)
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360", w)
		}

		// Nothing chosen: said next to the control, nothing sent.
		p.run("hand over to no one", chromedp.Click(chromedp.CSS(hand+" button")), chromedp.WaitVisible(chromedp.CSS(hand+" .error")))
		if s := p.text(hand + " .error"); !strings.Contains(s, "Choose the colleague") {
			t.Errorf("nothing chosen says %q", s)
		}

		// Changed behind the page's back (an attempt logged elsewhere): 412, read again.
		f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + fuJR + "/attempts", who: "peer",
			body: map[string]any{"channel": "phone", "outcome": "no_answer"}})
		p.run("hand over a stale one",
			chromedp.SetValue(chromedp.CSS(hand+" select"), clinician.ID),
			chromedp.Click(chromedp.CSS(hand+" button")),
		)
		p.waitText("#status", "changed since the list was read")
		p.run("read again", chromedp.WaitVisible(chromedp.CSS(li(fuJR)+`[data-attempts="1"]`)))

		// Now it goes: out of the list, said in the status line.
		p.run("hand over",
			chromedp.WaitReady(chromedp.CSS(hand+fmt.Sprintf(` option[value=%q]`, clinician.ID))), chromedp.WaitVisible(chromedp.CSS(hand)),
			chromedp.SetValue(chromedp.CSS(hand+" select"), clinician.ID),
			chromedp.Click(chromedp.CSS(hand+" button")),
			chromedp.WaitNotPresent(chromedp.CSS(li(fuJR))),
		)
		p.waitText("#status", "Handed to "+clinician.Name+".")
		if n := encEval[int](p, `document.querySelectorAll("#list li").length`); n != 1 {
			t.Errorf("after the hand-over today's list has %d items, want 1", n)
		}
		p.run("today again", chromedp.Click(chromedp.CSS(`.tabs button[data-due=today]`)), chromedp.WaitVisible(chromedp.CSS(li(fuMT))))
		p.waitText("#status", "1 follow-up due today")
		if n := encEval[int](p, `document.querySelectorAll(`+jsString(li(fuJR))+`).length`); n != 0 {
			t.Error("the handed-over follow-up is back in the peer's list")
		}

		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		if n := encEval[int](p, `document.querySelectorAll("#list li, fieldset.hand").length + localStorage.length + sessionStorage.length`); n != 0 {
			t.Errorf("after sign-out the page still holds %d items or stored values", n)
		}

		// The API agrees, and the store audited the hand-over once.
		var got struct {
			Items []struct {
				ID         string `json:"id"`
				AssigneeID string `json:"assignee_id"`
			} `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/follow-ups?person=" + jr, who: "clinician"}).json(t, &got)
		if len(got.Items) != 1 || got.Items[0].ID != fuJR || got.Items[0].AssigneeID != clinician.ID {
			t.Errorf("J. R.'s follow-ups after the hand-over: %+v, want %s assigned to the clinician %s", got.Items, fuJR, clinician.ID)
		}
		n := 0
		for _, r := range f.auditRows() {
			if r.Action == "reassign" && r.RecordType == "follow_up" {
				n++
				if r.RecordID != fuJR || !r.Allowed || r.UserID != f.users["peer"].ID {
					t.Errorf("the reassign audit row: %+v", r)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d reassign follow_up audit rows, want 1", n)
		}

		p.checkRequests([]string{"J.", "J.%20R", "M.%20T", "fixture.example", "password", clinician.ID})
	})
}

// TestMyReferralsInBrowser: the follow-up page's "My referrals" lists the referrals the
// peer made (not a colleague's) with the person, the service and its organization, and
// the status in plain words; after the agency accepts one (over the API) a reload shows
// it accepted, and the filter sorts waiting from accepted. Nothing personal goes in a URL.
func TestMyReferralsInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		jr := f.addPerson("J. R.")
		f.addConsent(jr, f.orgA)
		mine := idOf(t, f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(jr, f.svcA, "live")}))
		theirs := idOf(t, f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "clinician",
			body: referralBody(f.addPerson("K. C."), f.svcA, "logged")}))
		base := f.base
		p := openPage(t, base, 90*time.Second, browsertest.NetworkStatus(401, ""))
		li := func(id string) string { return fmt.Sprintf(`#refs-list li[data-id=%q]`, id) }

		p.run("open the page", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/follow-ups"))
		p.signIn(f.users["peer"].Email)
		p.run("my referrals", chromedp.WaitVisible(chromedp.CSS(li(mine))))
		p.waitText("#refs-count", "1 referral.")
		item := p.text(li(mine))
		for _, want := range []string{"J. R.", "Organization A", "Waiting for the agency", "Sent today at"} {
			if !strings.Contains(item, want) {
				t.Errorf("the referral lacks %q:\n%s", want, item)
			}
		}
		if n := encEval[int](p, `document.querySelectorAll("#refs-list li").length`); n != 1 {
			t.Errorf("my referrals has %d items, want 1 (not the colleague's %s)", n, theirs)
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360", w)
		}
		p.run("closed", chromedp.Click(chromedp.CSS(`.filters button[data-group=closed]`)), chromedp.WaitNotPresent(chromedp.CSS(li(mine))))
		p.waitText("#refs-count", "No closed referrals.")

		// The agency accepts; a reload shows it.
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + mine + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
		p.run("reload", chromedp.Navigate(base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS(li(mine)+`[data-status=accepted]`)))
		if s := p.text(li(mine)); !strings.Contains(s, "Accepted") || !strings.Contains(s, "Last changed today at") || strings.Contains(s, "Waiting") {
			t.Errorf("after the agency accepted: %q", s)
		}
		p.run("waiting", chromedp.Click(chromedp.CSS(`.filters button[data-group=waiting]`)), chromedp.WaitNotPresent(chromedp.CSS(li(mine))))
		p.waitText("#refs-count", "No referrals waiting")
		p.run("accepted", chromedp.Click(chromedp.CSS(`.filters button[data-group=accepted]`)), chromedp.WaitVisible(chromedp.CSS(li(mine))))
		p.screenshot("my-referrals.png", "#refs")
		if pressed := encEval[string](p, `document.querySelector(".filters button[data-group=accepted]").getAttribute("aria-pressed")`); pressed != "true" {
			t.Errorf("the accepted filter is not pressed: %q", pressed)
		}

		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		if n := encEval[int](p, `document.querySelectorAll("#refs-list li").length + localStorage.length + sessionStorage.length`); n != 0 {
			t.Errorf("after sign-out the page still holds %d referrals or stored values", n)
		}
		p.checkRequests([]string{"J.", "J.%20R", "555-0142", "fixture.example", "password", jr})
	})
}

// checkOneListLoad: loading the list after the requests seen before made one request to
// /api/v1/follow-ups and none to /api/v1/people/ (the list carries its people).
func checkOneListLoad(t *testing.T, p *encPage, base string, before int) {
	t.Helper()
	count := func() (lists, people int) {
		for _, u := range p.watch.URLs()[before:] {
			if strings.HasPrefix(u, base+"/api/v1/follow-ups?") {
				lists++
			}
			if strings.HasPrefix(u, base+"/api/v1/people/") {
				people++
			}
		}
		return lists, people
	}
	lists, people := count()
	for end := time.Now().Add(5 * time.Second); lists == 0 && time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		lists, people = count() // the browser's request events arrive on their own
	}
	if lists != 1 || people != 0 {
		t.Errorf("loading today's list made %d requests to /api/v1/follow-ups (want 1) and %d to /api/v1/people/ (want 0): %q",
			lists, people, p.watch.URLs()[before:])
	}
}
