package api_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/internal/browsertest"
	"handoff/internal/searchtest"
	"handoff/store"
	"handoff/store/storetest"
)

// TestSearchCardsCapacityAgeInBrowser: on a 360 px phone, the search page's result cards
// say of a count past its time-to-live that it is unknown, with what it said and when,
// and show a peer's phone observation as such, with its age, beside the agency's own
// figure; nothing is wider than the screen.
func TestSearchCardsCapacityAgeInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{Search: searchtest.Engine(t, st)}, nil)
		bedListing(f, "Stale bunkhouse", 3, time.Now().Add(-50*time.Hour), 0)
		id := bedListing(f, "Night bunkhouse", 0, time.Now().Add(-3*24*time.Hour), 0)
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + id + "/capacity-observations", who: "peer",
			body: map[string]any{"available": 2, "unit": "bed"}})
		searchFor(t, f, "", "q=bunkhouse", func(items []searchItem) bool {
			it := itemNamed(items, "Night bunkhouse")
			return it != nil && it.CapacityObservation != nil
		})

		p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, "/api/v1/me"))
		p.run("search at 360 px", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile, chromedp.EmulateTouch),
			chromedp.Navigate(f.base+"/?q=bunkhouse"), chromedp.WaitVisible(chromedp.CSS(`#results li.card`)))
		cards := encEval[map[string]string](p, `Object.fromEntries([...document.querySelectorAll("#results li.card")].map((li) =>
			[li.querySelector("h2.name").textContent, li.querySelector("p.facts").innerText]))`)
		if got := cards["Stale bunkhouse"]; !strings.Contains(got, "Unknown — 3 beds 2 days ago") {
			t.Errorf("the stale card says %q, want it to say Unknown — 3 beds 2 days ago", got)
		}
		night := cards["Night bunkhouse"]
		if !strings.Contains(night, "Unknown — 0 beds 3 days ago") {
			t.Errorf("the agency's own figure on the observed card: %q", night)
		}
		if !regexp.MustCompile(`2 beds left, said by phone to a peer \d+ min ago`).MatchString(night) {
			t.Errorf("the observed card says %q, want the observation with its source and age", night)
		}
		if strings.Contains(night, "beds free") || strings.Contains(cards["Stale bunkhouse"], "free") {
			t.Errorf("an expired count reads as free beds: %q", cards)
		}
		p.screenshot("capacity-age-360.png", "#results")
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360 px", w)
		}
	})
}
