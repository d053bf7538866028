package api

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// TestSearchPageInBrowser loads the home page in headless Chromium at phone size, searches
// as a peer would, and checks that results appear with nothing on the console: the CSP
// forbids inline script, so a violation would show up there.
func TestSearchPageInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	seeded(t, st)
	base := serveForTest(t, st, withSearch(t, st))
	browser := browsertest.New(t)

	watch := browsertest.Watch(browser, signedOutMe) // signed out: "may I refer?" is answered 401

	ctx, cancel := context.WithTimeout(browser, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "crisis line"),
		chromedp.Click(chromedp.CSS("#search button[type=submit]")), // the search form's, not the language switcher's
		chromedp.WaitVisible(chromedp.CSS("#results li")),
	); err != nil {
		t.Fatal(err)
	}
	results, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#results")))
	if err != nil {
		t.Fatal(err)
	}
	status, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("#status")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(results, "BHN 24/7 Crisis Line") || !strings.Contains(results, "733-6661") {
		t.Errorf("results lack the BHN Crisis Line:\n%s", results)
	}
	if !strings.Contains(status, "services") {
		t.Errorf("status %q", status)
	}
	// A crisis line carries the Crisis cue, in words and not only in colour.
	cue, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("#results li.card")]
		.filter((li) => li.querySelector("h2").textContent === "BHN 24/7 Crisis Line")
		.map((li) => (li.querySelector(".tag-crisis") || {}).textContent || "none").join()`))
	if err != nil || cue != "Crisis" {
		t.Errorf("the BHN Crisis Line's cue is %q (%v)", cue, err)
	}
	if dir := os.Getenv("HANDOFF_SCREENSHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, "search.png"), shot, 0o644)
		}
	}
	watch.CheckConsole(t)
	watch.CheckOrigin(t, base) // nothing the page needs comes from elsewhere
}
