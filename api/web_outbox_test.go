package api_test

// The outbox's pages in headless Chromium, at desktop and phone width, on SQLite and
// PostgreSQL: the agency portal's Notices section, the admin page's Outbox and Webhooks
// sections, and the agencies' answers on the follow-up page.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/internal/browsertest"
	"handoff/notify"
	"handoff/store"
)

// TestOutboxPagesInBrowser: agency staff set where their notices go (a bad address is
// shown beside it and nothing is saved); the admin sees a dead delivery with its
// attempts, replays it by keyboard, registers a webhook receiver (its secret shown once)
// and pauses it; the referral's maker sees the agency's answer on the follow-up page
// and marks it seen. Nothing is asked of another origin, and the pages fit 360 px.
func TestOutboxPagesInBrowser(t *testing.T) {
	atDesktopAndPhone(t, outboxPagesFlow)
}

func outboxPagesFlow(t *testing.T, st *store.Store, width int64) {
	f := careNew(t, st, api.Options{PublicURL: outboxTestBase})
	dead := f.addDeadDelivery()
	p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, "/api/v1/me"), browsertest.NetworkStatus(400, ""))
	shot := func(name string) { p.fullShot(fmt.Sprintf("outbox-%d-%s-%s.png", width, st.Dialect(), name)) }
	fits := func(when string) {
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > int(width) {
			t.Errorf("%s: the page is %d px wide at %d", when, w, width)
		}
	}
	open := func(path string) {
		if width < 500 {
			p.run("open "+path, chromedp.EmulateViewport(width, 740, chromedp.EmulateMobile), chromedp.Navigate(f.base+path))
		} else {
			p.run("open "+path, chromedp.EmulateViewport(width, 900), chromedp.Navigate(f.base+path))
		}
	}

	// The agency portal: Notices.
	open("/agency")
	p.signIn(f.users["agency"].Email)
	p.run("the notices section", chromedp.WaitVisible(chromedp.CSS("#na-form")), chromedp.WaitVisible(chromedp.CSS("#na-empty")))
	// By keyboard: the portal's other sections may still be drawing above this one, and a
	// click's press and release can then land on different elements (CI saw it at 360 px).
	p.run("add an address", chromedp.Focus(chromedp.CSS("#na-add")), chromedp.KeyEvent(" "), chromedp.WaitVisible(chromedp.CSS("#na-address-0")),
		chromedp.SendKeys(chromedp.CSS("#na-address-0"), "not an address"),
		chromedp.Focus(chromedp.CSS("#na-save")), chromedp.KeyEvent(" "), chromedp.WaitVisible(chromedp.CSS("#na-err-0")))
	if s := p.text("#na-err-0"); !strings.Contains(s, "email address") {
		t.Errorf("beside the bad address: %q", s)
	}
	if id := encEval[string](p, `document.activeElement.id`); id != "na-address-0" {
		t.Errorf("the focus is on %q after the refusal", id)
	}
	shot("agency-refused")
	p.run("fix it", chromedp.SetValue(chromedp.CSS("#na-address-0"), "intake@a.example.org"),
		chromedp.Focus(chromedp.CSS(`#na-ev-0-listing\.flagged`)), chromedp.KeyEvent(" "), chromedp.Focus(chromedp.CSS("#na-save")), chromedp.KeyEvent(" "))
	p.waitText("#status", "Saved where your notices go")
	as, err := st.NoticeAddresses(p.ctx, f.orgA)
	if err != nil || len(as) != 1 || as[0].Address != "intake@a.example.org" || !notify.Kinds(as[0].Events).Has(notify.ListingFlagged) ||
		!notify.Kinds(as[0].Events).Has(notify.ReferralSent) {
		t.Fatalf("saved: %+v, %v", as, err)
	}
	fits("agency notices")
	shot("agency-saved")
	p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

	// The admin page: the dead letter, replayed by keyboard; a receiver registered.
	open("/admin")
	p.signIn(f.users["admin"].Email)
	row := `#outbox-table tr[data-delivery="` + dead + `"]`
	p.run("the dead letters", chromedp.WaitVisible(chromedp.CSS(row)))
	if s := p.adminText(row); !strings.Contains(s, "referral.sent") || !strings.Contains(s, "Gave up") || !strings.Contains(s, "1 attempt") {
		t.Errorf("the dead letter's row: %q", s)
	}
	shot("admin-dead")
	p.screenshot(fmt.Sprintf("outbox-%d-%s-admin-outbox-view.png", width, st.Dialect()), "#outbox")
	p.run("replay by keyboard", chromedp.Focus(chromedp.CSS(row+` button[data-action=replay]`)), chromedp.KeyEvent("\r"))
	p.waitText("#status", "Replayed the referral.sent delivery")
	if d, err := st.Delivery(p.ctx, dead); err != nil || d.Status != "pending" {
		t.Errorf("after the replay: %+v, %v", d, err)
	}
	p.run("register a receiver", chromedp.SetValue(chromedp.CSS("#hk-url"), "https://receiver.example.org/handoff"),
		chromedp.Click(chromedp.CSS("#hk-events-first")), chromedp.Click(chromedp.CSS("#hk-save")),
		chromedp.WaitVisible(chromedp.CSS("#hook-secret-box")))
	if s := encEval[string](p, `document.getElementById("hook-secret").value`); !strings.HasPrefix(s, "whsec_") {
		t.Errorf("the secret shown: %q", s)
	}
	p.adminWaitText("#webhooks-table", "https://receiver.example.org/handoff")
	// The fixture's receiver gave up with its delivery: it is paused, and says why.
	if s := p.adminText(`#webhooks-table tr:has(td)`); !strings.Contains(s, "Paused: a delivery failed") {
		t.Errorf("the fixture's receiver: %q", s)
	}
	newRow := func() string {
		return encEval[string](p, `(() => { const tr = [...document.querySelectorAll("#webhooks-table tbody tr")].find((r) => r.textContent.includes("receiver.example.org")); return tr ? tr.dataset.webhook : ""; })()`)
	}
	hookRow := `#webhooks-table tr[data-webhook="` + newRow() + `"]`
	if s := p.adminText(hookRow); !strings.Contains(s, "Active") || !strings.Contains(s, "directory.changed") {
		t.Errorf("the new receiver: %q", s)
	}
	p.run("pause it", chromedp.Click(chromedp.CSS(hookRow+` button`)))
	hookRow = `#webhooks-table tr[data-webhook="` + newRow() + `"]`
	p.adminWaitText(hookRow, "Paused: paused by an admin")
	fits("admin outbox")
	shot("admin-webhooks")
	p.screenshot(fmt.Sprintf("outbox-%d-%s-admin-webhooks-view.png", width, st.Dialect()), "#webhooks")
	p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

	// The referral's maker: the agency's answer on the follow-up page.
	r := f.sendLiveReferral("Robin Answered")
	f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
	open("/follow-ups")
	p.signIn(f.users["peer"].Email)
	p.run("the answers", chromedp.WaitVisible(chromedp.CSS("#notices li.notice-item")))
	if s := p.adminText("#notices"); !strings.Contains(s, "Organization A food pantry was accepted") || strings.Contains(s, "Robin") {
		t.Errorf("the answers say %q", s)
	}
	fits("follow-up answers")
	shot("followups-notice")
	p.run("seen", chromedp.Click(chromedp.CSS("#notices li.notice-item button")), chromedp.WaitNotVisible(chromedp.CSS("#notices")))
	p.checkRequests([]string{"Robin", "intake@"})
}
