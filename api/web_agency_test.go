package api_test

// The agency portal (/agency), worked in headless Chromium at 390 px as a shelter's
// staff would: see what needs them, change the beds, confirm, hand night staff a link,
// answer referrals.

import (
	"net/url"
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

// TestAgencyPortalInBrowser: a peer is told the page is for agency staff and sees
// nothing. Organization A's agency user sees A's listings only (B's are absent), the one
// with new referrals first, the stale bed count next; changes the beds with + and Save
// (two taps, the API shows the count, credited to the portal); confirms the listing
// (the API shows the self-confirm check); makes an update link (shown once, it opens)
// and stops it (410); accepts a referral, declines one (refused without a reason,
// nothing changed; then with one), and ends four with each plain outcome. / and
// /follow-ups offer the portal to the agency user. The page fits 390 px, asks no other
// origin, and holds nothing after sign-out. On SQLite and PostgreSQL.
func TestAgencyPortalInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		beds := capListing(f, "Valley shelter beds", "capacity", 3)
		otherBeds := capListingOf(f, f.orgB, "Other town shelter beds", 2)
		person := f.addPerson("Dana Q.")
		f.addConsent(person, f.orgA)
		refs := make([]careReferral, 6)
		for i := range refs {
			refs[i] = f.liveReferral(person, nil)
		}
		// Lee's consent is revoked after the referral: the agency keeps the referral, not
		// Lee's name, phone or the note.
		lee := f.addPerson("Lee R.")
		leeConsent := f.addConsent(lee, f.orgA)
		unshared := f.liveReferral(lee, nil)
		f.must(200, accReq{method: "POST", path: "/api/v1/people/" + lee + "/consents/" + leeConsent + "/revoke", who: "clinician"})
		// Three accepted beforehand; the page accepts one, declines one, leaves one new.
		for _, r := range refs[3:] {
			f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
		}
		base := f.base
		p := openPage(t, base, 150*time.Second, browsertest.NetworkStatus(401, ""), browsertest.NetworkStatus(400, "/transitions"))
		listing := func(id string) string { return `#listings > li[data-service="` + id + `"]` }
		ref := func(id string) string { return `#inbox > li[data-referral="` + id + `"]` }

		p.run("open the page", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile), chromedp.Navigate(base+"/agency"))
		p.signIn(f.users["peer"].Email)
		p.run("peer sees the notice", chromedp.WaitVisible(chromedp.CSS("#not-program")))
		if s := p.text("#not-program"); !strings.Contains(s, "for agency staff") {
			t.Errorf("peer notice: %q", s)
		}
		if n := encEval[int](p, `document.querySelectorAll("#listings > li, #inbox > li").length`); n != 0 || p.visible("work") {
			t.Errorf("the peer sees %d listings or referrals", n)
		}
		p.run("peer signs out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

		p.signIn(f.users["agency"].Email)
		p.run("the listings", chromedp.WaitVisible(chromedp.CSS(listing(beds))), chromedp.WaitVisible(chromedp.CSS(ref(refs[0].ID))))
		order := encEval[[]string](p, `[...document.querySelectorAll("#listings > li")].map((e) => e.dataset.service)`)
		if len(order) != 2 || order[0] != f.svcA || order[1] != beds {
			t.Fatalf("listings %v, want A's pantry (new referrals), then the beds (stale); never B's %s, %s", order, f.svcB, otherBeds)
		}
		card := p.text(listing(beds))
		for _, want := range []string{"Valley shelter beds", "Never confirmed", "of 15 beds", "unknown — 3 beds 3 days ago", "capacity is out of date", "Still correct", "Edit listing", "History"} {
			if !strings.Contains(card, want) {
				t.Errorf("the beds card lacks %q:\n%s", want, card)
			}
		}
		if s := p.text(listing(f.svcA)); !strings.Contains(s, "4 new referrals wait for your answer") {
			t.Errorf("the pantry card: %q", s)
		}
		hrefs := encEval[[]string](p, `[...document.querySelectorAll(`+jsString(listing(beds)+" .actions a")+`), document.querySelector(".jump a[href^='/agency/']")].map((a) => a.getAttribute("href"))`)
		if strings.Join(hrefs, " ") != "/agency/edit?service="+beds+" /agency/history?service="+beds+" /agency/suggestions" {
			t.Errorf("links %v", hrefs)
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the page is %d px wide at 390", w)
		}
		p.run("at 360 px", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360", w)
		}
		p.run("back to 390 px", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
		p.screenshot("agency.png", "#work-h")

		// Beds: + then Save, two taps.
		p.run("beds + and save",
			chromedp.Click(chromedp.CSS(listing(beds)+" .plus")),
			chromedp.Click(chromedp.CSS(listing(beds)+" .save")))
		p.waitText("#status", "Saved: 4 beds free at Valley shelter beds")
		var svc directory.Service
		f.must(200, accReq{method: "GET", path: "/api/v1/services/" + beds}).json(t, &svc)
		if c := svc.Capacities[0]; *c.Available != 4 || c.Source != directory.CapacitySourcePortal {
			t.Errorf("after two taps the figure is %+v", c)
		}
		p.waitText(listing(beds)+" .of", "beds updated just now")

		// Still correct, by keyboard.
		p.run("still correct",
			chromedp.Focus(chromedp.CSS(listing(beds)+" .still")),
			chromedp.KeyEvent("\r"),
			chromedp.WaitVisible(chromedp.CSS(listing(beds)+`[data-confirmed=true]`)))
		if s := p.text(listing(beds) + " .fresh"); s != "Confirmed just now" {
			t.Errorf("after Still correct the card says %q", s)
		}
		var checks struct {
			Items []directory.Verification `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/services/" + beds + "/verifications", who: "agency"}).json(t, &checks)
		if len(checks.Items) != 1 || checks.Items[0].Method != directory.VerifySelfConfirm || checks.Items[0].Result != directory.VerifyConfirmed {
			t.Errorf("checks after Still correct: %+v", checks.Items)
		}

		// An update link: made, shown once, it opens; stopped, it is gone (410).
		links := listing(beds) + " details.links"
		p.run("open the links", chromedp.Click(chromedp.CSS(links+" summary")), chromedp.WaitVisible(chromedp.CSS(links+" .make")))
		// Make is pressed while the list may still be loading: the page must not lose it.
		p.run("make a link",
			chromedp.Click(chromedp.CSS(links+" .make")),
			chromedp.WaitVisible(chromedp.CSS(links+" .link-url")),
			chromedp.WaitVisible(chromedp.CSS(links+" li.link .revoke")))
		raw := encEval[string](p, `document.querySelector(`+jsString(links+" .link-url")+`).value`)
		u, err := url.Parse(raw)
		if err != nil || !strings.HasPrefix(u.Path, "/u/") {
			t.Fatalf("link %q: %v", raw, err)
		}
		if res := f.do(accReq{method: "GET", path: u.Path}); res.status != 200 || !strings.Contains(string(res.body), "Valley shelter beds") {
			t.Errorf("the new link opens: %d", res.status)
		}
		p.screenshot("agency-link.png", links)
		p.run("stop the link", chromedp.Click(chromedp.CSS(links+" li.link .revoke")))
		p.waitText(links+" .links-note", "The link is stopped")
		if res := f.do(accReq{method: "GET", path: u.Path}); res.status != 410 {
			t.Errorf("the stopped link answers %d, want 410", res.status)
		}
		if n := encEval[int](p, `document.querySelectorAll(`+jsString(links+" .link-url, "+links+" li.link")+`).length`); n != 0 {
			t.Errorf("after stopping, %d link rows or addresses are shown", n)
		}

		// Referrals: accept one, decline one (a reason is required), leave one new.
		p.run("accept", chromedp.Click(chromedp.CSS(ref(refs[0].ID)+" .accept")), chromedp.WaitNotPresent(chromedp.CSS(ref(refs[0].ID))))
		if v := f.agencyGet(refs[0].ID); v.Status != "accepted" {
			t.Errorf("accepted referral is %s", v.Status)
		}
		decline := ref(refs[1].ID)
		if s := p.text(decline); !strings.Contains(s, "Dana Q.") || !strings.Contains(s, "413-555-0142") {
			t.Errorf("the consented referral does not show the person: %q", s)
		}
		if s := p.text(ref(unshared.ID)); strings.Contains(s, "Lee") || strings.Contains(s, "555") || strings.Contains(s, "afternoon") || !strings.Contains(s, "not shared with you") {
			t.Errorf("the referral without a covering consent shows: %q", s)
		}
		p.run("decline without a reason",
			chromedp.Click(chromedp.CSS(decline+" .open-decline")),
			chromedp.WaitVisible(chromedp.CSS(decline+" form.decline")),
			chromedp.Click(chromedp.CSS(decline+" form.decline button")))
		p.waitText(decline+" .field-error", "Give a reason")
		if v := f.agencyGet(refs[1].ID); v.Status != "requested" {
			t.Errorf("a decline without a reason moved the referral to %s", v.Status)
		}
		p.run("decline with a reason",
			chromedp.SendKeys(chromedp.CSS(decline+" input.why"), "No beds for families tonight"),
			chromedp.Click(chromedp.CSS(decline+" form.decline button")),
			chromedp.WaitNotPresent(chromedp.CSS(decline)))
		if v := f.agencyGet(refs[1].ID); v.Status != "rejected" || v.StatusReason != "No beds for families tonight" {
			t.Errorf("declined referral: %s %q", v.Status, v.StatusReason)
		}
		p.waitText(`.tabs button[data-tab=new]`, "(2)")

		// End the four accepted ones with each plain outcome.
		p.run("accepted tab", chromedp.Click(chromedp.CSS(`.tabs button[data-tab=accepted]`)), chromedp.WaitVisible(chromedp.CSS(ref(refs[0].ID))))
		p.screenshot("agency-referrals.png", "#inbox-h")
		ends := []struct {
			id, outcome, status string
		}{{refs[0].ID, "got-help", "completed"}, {refs[3].ID, "could-not-contact", "failed"},
			{refs[4].ID, "no-capacity", "failed"}, {refs[5].ID, "not-eligible", "failed"}}
		for _, e := range ends {
			p.run("end with "+e.outcome,
				chromedp.Click(chromedp.CSS(ref(e.id)+` button[data-outcome="`+e.outcome+`"]`)),
				chromedp.WaitNotPresent(chromedp.CSS(ref(e.id))))
			var got careReferral
			f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + e.id, who: "coordinator"}).json(t, &got)
			if got.Status != e.status || got.Outcome != e.outcome {
				t.Errorf("ended with %s: %s %s", e.outcome, got.Status, got.Outcome)
			}
		}
		p.run("closed tab", chromedp.Click(chromedp.CSS(`.tabs button[data-tab=closed]`)), chromedp.WaitVisible(chromedp.CSS(ref(refs[5].ID))))
		closed := p.text("#inbox")
		for _, want := range []string{"Got help", "Couldn't reach them", "No room", "Not eligible", "Declined"} {
			if !strings.Contains(closed, want) {
				t.Errorf("the closed tab lacks %q:\n%s", want, closed)
			}
		}

		// The search page and the follow-up page offer the portal to agency staff.
		p.run("search page", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#agency-link")))
		p.run("follow-ups", chromedp.Navigate(base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS("#not-program #agency-link")))
		p.run("back to the portal", chromedp.Click(chromedp.CSS("#agency-link")), chromedp.WaitVisible(chromedp.CSS(listing(beds))))
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		if n := encEval[int](p, `document.querySelectorAll("#listings > li, #inbox > li").length + localStorage.length + sessionStorage.length`); n != 0 {
			t.Errorf("after sign-out the page still holds %d items or stored values", n)
		}
		p.checkRequests([]string{"Dana", "Lee", "555-0142", "fixture.example", "password"})
	})
}

// TestAgencyPageServedToAnyone: GET /agency is the same empty shell for everyone; it and
// its scripts hold no data, no inline script or style, nothing from elsewhere, and keep
// nothing in web storage or cookies.
func TestAgencyPageServedToAnyone(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	var first string
	for _, who := range []string{"anon", "peer", "agency", "admin"} {
		res := f.must(200, accReq{method: "GET", path: "/agency", who: who})
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
	for _, path := range []string{"/static/agency.js", "/static/agency-links.js", "/static/agency-referrals.js", "/static/agency.css", "/static/observe.js"} {
		body := string(f.must(200, accReq{method: "GET", path: path}).body)
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "innerHTML"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
}
