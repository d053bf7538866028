package api_test

// The metric dictionary's page (/dashboard/definitions) in headless Chromium: a
// coordinator signed in reads it at 360 px and by keyboard, and prints it.

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/care/measures"
	"handoff/internal/browsertest"
	"handoff/store"
	"handoff/store/storetest"
)

// TestDefinitionsPageInBrowser: signed in as a coordinator (on the follow-ups page, which
// sets the session cookie), the dictionary shows its edition, every measure with its
// formula, fields, suppression and framework, the rule and the sources; it fits 360 px,
// the first Tab reaches its first link, print hides the navigation and makes a PDF, and
// it asks no other origin and runs no script. A peer's browser gets 403. Both databases.
func TestDefinitionsPageInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		base := f.base
		p := openPage(t, base, 90*time.Second, browsertest.NetworkStatus(401, ""), browsertest.NetworkStatus(403, "/dashboard/definitions"),
			// The 403 answer is a problem document, not a page: the browser then asks for /favicon.ico.
			browsertest.NetworkStatus(404, "/favicon.ico"))
		p.run("open the follow-ups page", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/follow-ups"))
		p.signIn(f.users["peer"].Email)
		p.run("peer signed in", chromedp.WaitVisible(chromedp.CSS("#signout")))
		p.run("peer opens the dictionary", chromedp.Navigate(base+"/dashboard/definitions"))
		if body := p.text("body"); !strings.Contains(body, "403") || strings.Contains(body, "Repeat locations") {
			t.Errorf("a peer reads the dictionary: %.200s", body)
		}
		p.run("back to sign out", chromedp.Navigate(base+"/follow-ups"), chromedp.WaitVisible(chromedp.CSS("#signout")),
			chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

		p.signIn(f.users["coordinator"].Email)
		p.run("coordinator signed in", chromedp.WaitVisible(chromedp.CSS("#signout")))
		p.run("open the dictionary", chromedp.Navigate(base+"/dashboard/definitions"), chromedp.WaitVisible(chromedp.CSS("#repeat-locations-h")))
		text := p.text("main")
		for _, want := range []string{"Repeat locations", "Peer interactions per shift", "Diversions", "Referral completion",
			"ed_rate = ed_diverted ÷ encounters", "encounters.arrest_diverted", "modelled on", "Council of State Governments Justice Center",
			"Massachusetts Department of Mental Health", "Not suppressed: it is staff workload", "threshold 11"} {
			if !strings.Contains(text, want) {
				t.Errorf("the page lacks %q", want)
			}
		}
		if s := p.text(".edition"); !strings.Contains(s, measures.DefinitionsVersion) || !strings.Contains(s, "11") {
			t.Errorf("edition line %q", s)
		}
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			t.Errorf("the page is %d px wide at 360", w)
		}
		if n := encEval[int](p, `document.scripts.length`); n != 0 {
			t.Errorf("the page runs %d scripts", n)
		}
		p.run("tab", chromedp.KeyEvent("\t"))
		if a := encEval[string](p, `document.activeElement.getAttribute("href") || ""`); a != "/dashboard" {
			t.Errorf("first Tab reaches %q, want the dashboard link", a)
		}
		p.screenshot("definitions-360.png", "h1")
		p.screenshot("definitions-360-diversions.png", "#diversions-h")
		p.screenshot("definitions-360-sources.png", "#sources-h")

		if _, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
			t.Fatal(err)
		}
		if d := encEval[string](p, `getComputedStyle(document.querySelector("nav")).display`); d != "none" {
			t.Errorf("print shows the navigation (%s)", d)
		}
		res, err := chromedp.Call(p.ctx, page.PrintToPDF, page.PrintToPDFParams{})
		if err != nil {
			t.Fatal(err)
		}
		pdf := res.Data
		if !strings.HasPrefix(string(pdf), "%PDF") || len(pdf) < 10_000 {
			t.Errorf("pdf of %d bytes", len(pdf))
		}
		if dir := os.Getenv("HANDOFF_SCREENSHOTS"); dir != "" {
			if err := os.WriteFile(filepath.Join(dir, "definitions.pdf"), pdf, 0o644); err != nil {
				t.Error(err)
			}
		}
		p.watch.CheckOrigin(t, base)
		p.watch.CheckConsole(t)
	})
}
