package api_test

// The agency link page after Accept (issue 11, finding 16): the agency says in plain
// words what happened for the person, and an answer that means they did not get help
// ends the referral as not done (failed), never completed, nor counted as done.

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// rawCodes are the codes the agency page must not show: statuses and outcomes.
var rawCodes = []string{"no-capacity", "got-help", "could-not-contact", "not-eligible", "no-longer-interested",
	"referred-elsewhere", "in-progress", "on-hold", "requested", "accepted", "completed", "failed", "rejected"}

// referralMeasure is the part of the referral measure these tests read.
type referralMeasure struct {
	Closed    int `json:"closed"`
	Completed int `json:"completed"`
}

// TestAgencyLinkNoRoomIsNotCompleted: the form of the page as it was before (action
// complete, outcome no-capacity) no longer completes the referral: it ends as failed
// with outcome no-capacity, the page says "No room" in words, and the completion rate
// does not count it. Got help still completes one.
func TestAgencyLinkNoRoomIsNotCompleted(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("N. R.")
		f.addConsent(person, f.orgA)
		end := func(action, outcome string) careReferral {
			r := f.liveReferral(person, nil)
			_, _, tok := f.linkPage(r.AgencyLink)
			if code, body := f.linkPost(r.AgencyLink, url.Values{"form_token": {tok}, "action": {"accept"}}); code != 200 {
				t.Fatalf("accept: %d\n%s", code, body)
			}
			_, page, tok := f.linkPage(r.AgencyLink)
			for _, code := range rawCodes {
				if strings.Contains(pageText(page), code) {
					t.Errorf("the accepted referral's page shows the code %q", code)
				}
			}
			code, body := f.linkPost(r.AgencyLink, url.Values{"form_token": {tok}, "action": {action}, "outcome": {outcome}})
			if code != 200 {
				t.Fatalf("%s %s: %d\n%s", action, outcome, code, body)
			}
			var got careReferral
			f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + r.ID, who: "peer"}).json(t, &got)
			return got
		}
		noRoom := end("complete", "no-capacity")
		if noRoom.Status != "failed" || noRoom.Outcome != "no-capacity" {
			t.Errorf("no room from the old form: %s / %s, want failed / no-capacity", noRoom.Status, noRoom.Outcome)
		}
		for _, o := range []string{"could-not-contact", "not-eligible", "no-longer-interested", "referred-elsewhere"} {
			if r := end("end", o); r.Status != "failed" || r.Outcome != o {
				t.Errorf("%s: %s / %s, want failed", o, r.Status, r.Outcome)
			}
		}
		if r := end("end", "got-help"); r.Status != "completed" || r.Outcome != "got-help" {
			t.Errorf("got help: %s / %s, want completed", r.Status, r.Outcome)
		}
		var m referralMeasure
		// Suppression off: the test reads counts under the threshold.
		f.sibling(api.Options{SmallCellSuppression: -1}).must(200, accReq{method: "GET", path: "/api/v1/measures/referrals", who: "coordinator"}).json(t, &m)
		if m.Closed != 6 || m.Completed != 1 {
			t.Errorf("measure: closed %d, completed %d; want 6 closed, 1 completed", m.Closed, m.Completed)
		}
	})
}

// pageText is the page's text without its tags and attributes (the form's values are
// codes, which is fine: they are not shown).
func pageText(html string) string {
	var b strings.Builder
	in := false
	for _, r := range html {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestAgencyLinkNoRoomInBrowser: on a 360 px phone, an agency opens its link, accepts,
// and is offered plain choices of what happened, with no code in sight and nothing
// wider than the screen; it taps "No room" and closes the referral, which ends as
// failed with outcome no-capacity, not completed, and the page says so in words.
func TestAgencyLinkNoRoomInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("Robin Q.")
		f.addConsent(person, f.orgA)
		r := f.liveReferral(person, nil)

		p := openPage(t, f.base, 120*time.Second)
		p.run("open the link at 360 px", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(r.AgencyLink), chromedp.WaitVisible(chromedp.Search(`//button[.="Accept the referral"]`)))
		p.run("accept", chromedp.Click(chromedp.Search(`//button[.="Accept the referral"]`)),
			chromedp.WaitVisible(chromedp.CSS("fieldset.choices")))
		text := encEval[string](p, `document.body.innerText`)
		for _, want := range []string{"What happened for the person?", "Got help", "Couldn't reach them", "No room", "Not eligible",
			"No longer interested", "Referred elsewhere", "Close the referral", "Accepted"} {
			if !strings.Contains(text, want) {
				t.Errorf("after Accept the page lacks %q:\n%s", want, text)
			}
		}
		for _, code := range rawCodes {
			if strings.Contains(text, code) {
				t.Errorf("after Accept the page shows the code %q", code)
			}
		}
		if strings.Contains(text, "Mark completed") {
			t.Error("the page still offers Mark completed")
		}
		p.screenshot("agency-link-choices-360.png", "fieldset.choices")
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360 px", w)
		}
		p.run("no room", chromedp.Click(chromedp.Search(`//label[contains(., "No room")]`)),
			chromedp.Click(chromedp.Search(`//button[.="Close the referral"]`)),
			// After Accept the page already shows a notice: wait for the one that answers
			// the close, not for any notice, or the check below races the form's post.
			chromedp.WaitVisible(chromedp.Search(`//p[contains(@class,"notice") and contains(.,"No room")]`)))
		p.screenshot("agency-link-closed-360.png", "header")
		if n := p.text("p.notice"); !strings.Contains(n, "No room") {
			t.Errorf("the page says %q, want it to say No room", n)
		}
		text = encEval[string](p, `document.body.innerText`)
		for _, code := range rawCodes {
			if strings.Contains(text, code) {
				t.Errorf("after closing the page shows the code %q:\n%s", code, text)
			}
		}
		if !strings.Contains(text, "did not get help") || encEval[int](p, `document.querySelectorAll("fieldset.choices").length`) != 0 {
			t.Errorf("after closing, the page:\n%s", text)
		}

		var got careReferral
		f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + r.ID, who: "peer"}).json(t, &got)
		if got.Status != "failed" || got.Outcome != "no-capacity" {
			t.Errorf("the referral after No room: %s / %s, want failed / no-capacity", got.Status, got.Outcome)
		}
		var m referralMeasure
		// Suppression off: the test reads counts under the threshold.
		f.sibling(api.Options{SmallCellSuppression: -1}).must(200, accReq{method: "GET", path: "/api/v1/measures/referrals", who: "coordinator"}).json(t, &m)
		if m.Completed != 0 || m.Closed != 1 {
			t.Errorf("measure: closed %d, completed %d; want 1 closed, 0 completed", m.Closed, m.Completed)
		}
		p.checkRequests([]string{"Robin"})
	})
}
