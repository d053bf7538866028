package api_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// TestSignOutBackShowsNothing: a peer half-types a referral on the search page (a new
// person's name and phone, and a note), goes to /follow-ups and signs out, then presses
// Back. The search page must come back with none of it: not in the page, not in a field.
// It came back from the browser's back/forward cache as it was left (issue 11, #13).
// The database plays no part here, so SQLite alone.
func TestSignOutBackShowsNothing(t *testing.T) {
	st := storetest.SQLite(t)
	f := careNew(t, st, careWithSearch(t, st))
	waitFound(t, f, "food pantry", 2)
	const orgA = "Organization A food pantry"
	const name, phone, note = "Morgan Pell", "413-555-0177", "Sealed: prefers mornings, sister answers"
	search := f.base + "/?q=" + url.QueryEscape("food pantry") + "&need=food"

	p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, ""))
	p.run("sign in", chromedp.Navigate(f.base+"/follow-ups"))
	p.signIn(f.users["peer"].Email)
	p.run("signed in", chromedp.WaitVisible(chromedp.CSS("#work")), chromedp.Navigate(search), chromedp.WaitVisible(referButton(orgA)))
	p.run("refer", chromedp.Click(referButton(orgA)), chromedp.WaitVisible(chromedp.CSS("#ref-form")),
		chromedp.Click(chromedp.CSS("#ref-new-open")), chromedp.WaitVisible(chromedp.CSS("#ref-new-name")),
		chromedp.SendKeys(chromedp.CSS("#ref-new-name"), name), chromedp.SendKeys(chromedp.CSS("#ref-new-phone"), phone),
		chromedp.SendKeys(chromedp.CSS("#ref-note"), note))
	const shown = `(() => [document.documentElement.outerHTML, document.body.innerText,
		...[...document.querySelectorAll("input, textarea, select")].map((e) => e.value)].join("\n"))()`
	if s := encEval[string](p, shown); !strings.Contains(s, name) || !strings.Contains(s, note) {
		t.Fatal("the half-typed referral is not in the page before signing out")
	}

	p.run("sign out on /follow-ups", chromedp.Navigate(f.base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS("#signout")),
		chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
	// history.back(), not chromedp.NavigateBack: a page restored from the back/forward
	// cache fires no load event for NavigateBack to wait for.
	p.run("back", chromedp.Evaluate[chromedp.Void](`history.back()`))
	// Polled by hand: while the page changes, its script context does, and an evaluation
	// in between fails; that is no answer yet.
	back, s := false, ""
	for end := time.Now().Add(20 * time.Second); time.Now().Before(end) && !back; time.Sleep(100 * time.Millisecond) {
		back, _ = chromedp.Run(p.ctx, chromedp.Evaluate[bool](`location.pathname === "/" && document.readyState === "complete" &&
			document.getElementById("account-line").dataset.state === "signed-out" && document.getElementById("main").dataset.state === "results"`))
	}
	s = encEval[string](p, shown)
	if !back {
		t.Errorf("after sign-out, Back does not show the search page signed out: %s", p.describe())
	}
	for _, secret := range []string{name, "Morgan", phone, "555-0177", note, "prefers mornings"} {
		if strings.Contains(s, secret) {
			t.Errorf("after sign-out, Back shows %q", secret)
		}
	}
}
