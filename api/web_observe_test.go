package api_test

import (
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

// TestSearchCardObservationInBrowser: a peer signed in records on a result card what
// they heard by phone ("I called: 2 beds left"); an empty count is refused on the page
// and nothing is sent; the observation reaches search as said by phone, beside the
// agency's own figure, which stays as it was. Anonymous visitors get no form. At 360 px,
// on SQLite and PostgreSQL.
func TestSearchCardObservationInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{Search: searchtest.Engine(t, st)})
		bedListing(f, "Night bunkhouse", 0, time.Now().Add(-3*time.Hour), 0)
		p := openPage(t, f.base, 120*time.Second, browsertest.NetworkStatus(401, "/api/v1/me"))
		card := `#results li.card`
		p.run("anonymous search", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile),
			chromedp.Navigate(f.base+"/?q=bunkhouse"), chromedp.WaitVisible(chromedp.CSS(card)))
		if n := encEval[int](p, `document.querySelectorAll(".heard").length`); n != 0 {
			t.Errorf("an anonymous visitor gets %d observation forms", n)
		}
		p.run("sign-in page", chromedp.Navigate(f.base+"/follow-ups"))
		p.signIn(f.users["peer"].Email)
		p.run("signed in", chromedp.WaitVisible(chromedp.CSS("#work")))
		p.run("search as the peer", chromedp.Navigate(f.base+"/?q=bunkhouse"), chromedp.WaitVisible(chromedp.CSS(card+" details.heard")))
		p.run("open the form", chromedp.Click(chromedp.CSS(card+" details.heard summary")), chromedp.WaitVisible(chromedp.CSS(card+" .heard-form input")))
		p.run("save empty", chromedp.Click(chromedp.CSS(card+" .heard-form button")))
		p.waitText(card+" .heard-form .hint", "Give the number")
		p.run("say 2", chromedp.SendKeys(chromedp.CSS(card+" .heard-form input"), "2"), chromedp.Click(chromedp.CSS(card+" .heard-form button")))
		p.waitText(card+" .heard-form .hint", "Saved: 2 beds left")
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360 px", w)
		}
		p.screenshot("observe-360.png", card)
		items := searchFor(t, f, "peer", "q=bunkhouse", func(items []searchItem) bool {
			it := itemNamed(items, "Night bunkhouse")
			return it != nil && it.CapacityObservation != nil
		})
		it := itemNamed(items, "Night bunkhouse")
		if o := it.CapacityObservation; o.Available != 2 || o.Unit != "bed" || !strings.Contains(o.Source, "phone") {
			t.Errorf("the observation in search: %+v", o)
		}
		if it.Capacity == nil || it.Capacity.Available == nil || *it.Capacity.Available != 0 {
			t.Errorf("the agency's own figure changed: %+v", it.Capacity)
		}
		p.checkRequests([]string{"fixture.example", "password"})
	})
}
