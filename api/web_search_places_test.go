package api

import (
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSearchPagePlaceChoicesInBrowser: a typo in "Where?" offers the close names as
// buttons, and a name of several places offers them; choosing one searches with it.
func TestSearchPagePlaceChoicesInBrowser(t *testing.T) {
	p := openSearchPage(t)
	p.allowFailedLoad("near=Holyok&")
	p.allowFailedLoad("near=Holyok")
	p.allowFailedLoad("near=Portland")
	p.load(p.base + "/?near=Holyok&need=food")
	if got := evalIn[string](p, `document.getElementById("main").dataset.state`); got != "problem" {
		t.Fatalf("state %q", got)
	}
	if s := p.text("#problem"); !strings.Contains(s, "did you mean Holyoke, MA") {
		t.Errorf("the problem reads %q", s)
	}
	labels := evalIn[[]string](p, `[...document.querySelectorAll("#problem .place-choices button")].map((b) => b.textContent)`)
	if len(labels) == 0 || labels[0] != "Holyoke, MA" {
		t.Fatalf("choices %q", labels)
	}
	p.screenshot("search-near-typo.png", true)
	p.after(chromedp.Click(chromedp.CSS("#problem .place-choices button")))
	if got := evalIn[string](p, `document.getElementById("main").dataset.state + " " + document.getElementById("near").value`); got != "results Holyoke, MA" {
		t.Errorf("after choosing: %q", got)
	}
	if q := p.query(); q.Get("near") != "Holyoke, MA" || q.Get("need") != "food" {
		t.Errorf("the address holds %v", q)
	}
	if len(p.cards()) == 0 {
		t.Error("no results near Holyoke, MA")
	}

	p.load(p.base + "/?" + url.Values{"near": {"Portland"}}.Encode())
	if s := p.text("#problem"); !strings.Contains(s, "Which one?") || !strings.Contains(s, "Portland, OR") {
		t.Errorf("the problem reads %q", s)
	}
	p.screenshot("search-near-ambiguous.png", true)
	p.after(chromedp.Click(chromedp.CSS(`#problem .place-choices button:nth-of-type(2)`)))
	if q := p.query(); q.Get("near") != "Portland, ME" {
		t.Errorf("after choosing the second: %v", q)
	}
	if got := evalIn[string](p, `document.getElementById("problem").textContent`); got != "" {
		t.Errorf("a problem is left: %q", got)
	}
}
