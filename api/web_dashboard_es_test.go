package api_test

// The coordinators' dashboard in Spanish (issue 17): every word of /dashboard and its
// printable report comes from the catalog, so that a coordinator who reads Spanish sees
// no English but names.

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/care"
	"handoff/internal/browsertest"
	"handoff/internal/searchtest"
	"handoff/store/storetest"
)

// dashboardSpanishText is the page's words as a reader meets them: the title, the body's
// text (hidden parts too: the sign-in form, the notice for others, a closed place) and
// the names given to controls (aria-label, title, alt, placeholder). Taken out first:
//   - proper names, marked translate="no" (towns, agencies, colleagues, the words a
//     search asked, the language switcher's list);
//   - the measures' names, definitions, formulas and suppression rules (class "dict"):
//     they are the API's (GET /api/v1/measures/definitions, care/measures/definitions.go),
//     translated on the server, not by this page's catalog;
//   - the colleague lists to hand follow-ups to (.hand-row select): session.js names each
//     colleague with the account's role code.
const dashboardSpanishText = `(() => {
	const b = document.body.cloneNode(true);
	b.querySelectorAll('[translate="no"], noscript, .lang-switch select, .hand-row select, .dict').forEach((e) => e.remove());
	const names = [...b.querySelectorAll("[aria-label], [title], [alt], [placeholder]")].map((e) =>
		["aria-label", "title", "alt", "placeholder"].map((a) => e.getAttribute(a) || "").join(" "));
	return document.title + "\n" + b.innerText + "\n" + names.join("\n");
})()`

// TestSpanishDashboardInBrowser opens the dashboard in Spanish as a coordinator, with
// calls at a repeat place, a shift, referrals (one closed) and a search that found
// nothing: the measures, a place opened from the table and its follow-ups handed out,
// and the printable report show no English word.
func TestSpanishDashboardInBrowser(t *testing.T) {
	st := storetest.SQLite(t)
	// Threshold 3, as the English test: the place can be opened, small cells are withheld.
	f := careNew(t, st, api.Options{Search: searchtest.Engine(t, st), SmallCellSuppression: 3})
	dashboardCalls(f)
	f.must(201, accReq{method: "POST", path: "/api/v1/shifts/start", who: "peer"})
	f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
		"occurred_at": time.Now().Format(time.RFC3339), "source": "walk_in", "town": "Holyoke", "disposition": "resolved_on_scene"}})
	f.must(200, accReq{method: "GET", path: "/api/v1/search?q=sober+house&near=Holyoke&free=true&need=housing"})
	// Referrals by agency and need, one rejected: the funnel, its tables and an outcome.
	for i := range 3 {
		r := f.sendLiveReferral("Ana " + string(rune('A'+i)) + ".")
		if i == 0 {
			f.fhirMove(r.ID, care.StatusRejected)
		}
	}

	p := openPage(t, f.base, 180*time.Second, browsertest.NetworkStatus(401, ""))
	p.run("phone size", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile))
	// ?lang=es is the switcher's choice: remembered in the cookie for the pages after.
	p.run("open in Spanish", chromedp.Navigate(f.base+"/dashboard?lang=es"), chromedp.WaitReady(chromedp.CSS(`html[lang="es"]`)))
	p.signIn(f.users["coordinator"].Email)
	p.run("the measures", chromedp.WaitVisible(chromedp.CSS("body[data-loaded]")))
	p.waitText("#repeat-summary", "llamadas al 911 de salud conductual")
	p.waitText("#defs-list", "Supresión:")
	p.poll("the lists to hand out", `document.querySelector("#overdue").children.length > 0 && document.querySelector("#flagged").children.length > 0`)
	if s := p.text("#div-summary"); !strings.Contains(s, "9 encuentros") || !strings.Contains(s, "44,4") {
		t.Errorf("diversions in Spanish: %q", s)
	}
	if s := p.text("#gaps-table"); !strings.Contains(s, "vivienda") || !strings.Contains(s, "gratis") {
		t.Errorf("service gaps in Spanish: %q", s)
	}
	if s := p.text("#places-table"); !strings.Contains(s, "suprimido") {
		t.Errorf("a withheld count does not say so in Spanish: %q", s)
	}
	if s := p.text("#outcome-table"); !strings.Contains(s, "no hay cupo") {
		t.Errorf("outcomes in Spanish: %q", s)
	}
	if n := encEval[int](p, `document.querySelectorAll("#agency-table tbody [translate=no], #peers-table tbody [translate=no]").length`); n < 2 {
		t.Errorf("%d agency and peer names marked as names", n)
	}
	noEnglishOnDashboard(t, p, "the dashboard")
	p.fullShot("dashboard-es-360.png")

	// A place opened from its row, and its follow-ups handed to the clinician.
	p.run("open the place", chromedp.Click(chromedp.CSS("#places-table button:not([disabled])")), chromedp.WaitVisible(chromedp.CSS("#place")))
	p.waitText("#place-h", "llamadas")
	p.waitText("#place-assign", "Para el")
	p.run("assign them", chromedp.SetValue(chromedp.CSS("#place-assign-to"), f.users["clinician"].ID),
		chromedp.Click(chromedp.CSS("#place-assign button")), chromedp.WaitVisible(chromedp.CSS("#place-assign[data-assigned]")))
	p.waitText("#place-assign .done-note", "seguimientos asignados a")
	noEnglishOnDashboard(t, p, "a place opened")
	p.fullShot("dashboard-es-place.png")

	// The printable report of the same range.
	p.run("open the report", chromedp.Click(chromedp.CSS("#report-link")), chromedp.WaitVisible(chromedp.CSS("body.report[data-loaded]")))
	p.waitText("#report-period", "Período: del")
	p.waitText("#defs-list", "Supresión:")
	if title := encEval[string](p, `document.title`); !strings.HasPrefix(title, "Informe del programa") {
		t.Errorf("the report's title: %q", title)
	}
	noEnglishOnDashboard(t, p, "the report")
	p.fullShot("dashboard-es-report.png")
	p.watch.CheckConsole(t)
}

// noEnglishOnDashboard fails on an English word of the catalog, a key shown as itself or a
// placeholder left unfilled, in the page's Spanish text (dashboardSpanishText).
func noEnglishOnDashboard(t *testing.T, p *encPage, what string) {
	t.Helper()
	text := encEval[string](p, dashboardSpanishText)
	if strings.Contains(text, "dashboard.") {
		t.Errorf("%s shows a catalog key:\n%s", what, text)
	}
	if left := regexp.MustCompile(`\{[a-z0-9_]+\}`).FindAllString(text, -1); len(left) > 0 {
		t.Errorf("%s shows placeholders not filled: %q", what, left)
	}
	english := englishIn(t, text)
	if len(english) > 0 {
		t.Errorf("English words on %s in Spanish: %q\n%s", what, english, text)
	}
}
