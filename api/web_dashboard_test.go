package api_test

// The coordinators' dashboard (/dashboard) in headless Chromium, on SQLite and
// PostgreSQL: a coordinator signs in on the follow-up page and lands on it, changes the
// range, opens a place from the map and hands its follow-ups to a colleague, downloads a
// CSV and opens the printable report; peers and agency staff are told it is not theirs.

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"handoff/api"
	"handoff/internal/browsertest"
	"handoff/internal/searchtest"
	"handoff/store"
	"handoff/store/storetest"
)

// dashboardCalls records 911 co-response calls of two people at one Holyoke address
// (within 20 m): three 40 days ago and five in the last week, each with its follow-up.
func dashboardCalls(f *accFixture) {
	f.t.Helper()
	people := []string{f.addPerson("Dana Q."), f.addPerson("Lee R.")}
	now := time.Now()
	for i := range 8 {
		at := now.Add(-time.Duration(40*24+i) * time.Hour)
		if i >= 3 {
			at = now.Add(-time.Duration(24*(i-2)) * time.Hour)
		}
		d := float64(i%4) * 5 // metres
		lat, lon := 42.2043+d/111320, -72.6162+d/(111320*math.Cos(42.2043*math.Pi/180))
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": at.Format(time.RFC3339), "source": "911_coresponse", "person_id": people[i%2],
			"lat": lat, "lon": lon, "disposition": "resolved_on_scene", "ed_diverted": i%2 == 0, "arrest_diverted": i%3 == 0}})
	}
}

// dashboardDataRoutes are every route the dashboard reads its data from.
var dashboardDataRoutes = []string{
	"/api/v1/measures/repeat-locations", "/api/v1/measures/interactions-per-shift", "/api/v1/measures/diversions",
	"/api/v1/measures/referrals", "/api/v1/measures/referral-funnel", "/api/v1/measures/follow-ups", "/api/v1/measures/service-gaps",
	"/api/v1/measures/repeat-locations/42.204,-72.616", "/api/v1/measures/repeat-locations/42.204,-72.616/follow-ups",
}

func TestDashboardInBrowser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		// Threshold 3: the fixture's totals (8 calls, 9 encounters, 5 calls at the place)
		// clear it and are checked exactly, while its smallest cells (a place's 2 people, a
		// month's single call) are withheld, as the page must show.
		f := careNew(t, st, api.Options{Search: searchtest.Engine(t, st), SmallCellSuppression: 3})
		dashboardCalls(f)
		// The peer's shift, with a walk-in during it: interactions per shift by name.
		f.must(201, accReq{method: "POST", path: "/api/v1/shifts/start", who: "peer"})
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": time.Now().Format(time.RFC3339), "source": "walk_in", "town": "Holyoke", "disposition": "resolved_on_scene"}})
		// A search that finds nothing is a service gap: kept with its need, filters, town and
		// the words the directory knows ("sober house"), never the name typed with them.
		f.must(200, accReq{method: "GET", path: "/api/v1/search?q=sober+house+for+Jo+Smithers&near=Holyoke&free=true&need=housing"})
		for _, who := range []string{"peer", "clinician", "agency", "agency_other"} {
			for _, path := range dashboardDataRoutes {
				f.must(403, accReq{method: "GET", path: path, who: who})
			}
		}
		base := f.base
		p := openPage(t, base, 180*time.Second, browsertest.NetworkStatus(401, ""),
			browsertest.NetworkStatus(403, "/api/v1/measures/definitions"), browsertest.NetworkStatus(404, "/api/v1/measures/definitions"))
		shots := os.Getenv("HANDOFF_SCREENSHOTS")

		// An agency user and a peer are told the page is not theirs and see nothing.
		p.run("open the page", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/dashboard"))
		for _, who := range []string{"agency", "peer"} {
			p.signIn(f.users[who].Email)
			p.run(who+" sees the notice", chromedp.WaitVisible(chromedp.CSS("#not-program")))
			if s := p.text("#not-program"); !strings.Contains(s, "for coordinators") {
				t.Errorf("%s notice: %q", who, s)
			}
			if p.visible("work") || encEval[string](p, `document.body.dataset.loaded || ""`) != "" {
				t.Errorf("%s sees the measures", who)
			}
			p.run(who+" signs out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		}

		// An admin reads the measures but hands out no casework.
		p.signIn(f.users["admin"].Email)
		p.run("admin sees the measures", chromedp.WaitVisible(chromedp.CSS("body[data-loaded]")))
		p.waitText("#repeat-summary", "8 behavioral-health 911 calls")
		if s := p.text("#overdue"); !strings.Contains(s, "handed out by coordinators") {
			t.Errorf("admin's overdue list: %q", s)
		}
		p.run("admin signs out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))

		// The coordinator signs in on the follow-up page and lands on the dashboard.
		p.run("the follow-up page", chromedp.Navigate(base+"/follow-ups"))
		p.signIn(f.users["coordinator"].Email)
		p.run("lands on the dashboard", chromedp.WaitVisible(chromedp.CSS("body[data-loaded]")))
		if path := encEval[string](p, `location.pathname`); path != "/dashboard" {
			t.Fatalf("the coordinator is on %s", path)
		}
		// The first view's requests, started by dashboard-early.js before the other
		// scripts loaded, were each taken by the script that needs it: none is left over,
		// and no API path was asked twice.
		var asked struct {
			Left, Twice []string
			Asked       int
		}
		if err := json.Unmarshal([]byte(encEval[string](p, `(() => {
			const n = {};
			for (const e of performance.getEntriesByType("resource")) {
				const u = new URL(e.name);
				if (u.pathname.startsWith("/api/")) n[u.pathname + u.search] = (n[u.pathname + u.search] || 0) + 1;
			}
			return JSON.stringify({Left: [...window.HandoffEarly.keys()], Twice: Object.keys(n).filter((k) => n[k] > 1), Asked: Object.keys(n).length});
		})()`)), &asked); err != nil {
			t.Fatal(err)
		}
		if len(asked.Left) > 0 || len(asked.Twice) > 0 || asked.Asked < 12 {
			t.Errorf("the first view's requests: %+v", asked)
		}
		p.waitText("#repeat-summary", "8 behavioral-health 911 calls")
		p.waitText("#places-table", "Holyoke")
		// A small cell is withheld on the page, and the page says the rule.
		if s := p.text("#places-table"); !strings.Contains(s, "suppressed") {
			t.Errorf("the place's 2 people are not withheld: %q", s)
		}
		if s := p.text("#suppression-note"); !strings.Contains(s, "fewer than 3") {
			t.Errorf("suppression note: %q", s)
		}
		p.waitText("#defs-list", "Referral funnel")
		if s := p.text("#div-summary"); !strings.Contains(s, "9 encounters: 4 diverted from the emergency department (44.4%)") {
			t.Errorf("diversions: %q", s)
		}
		if s := p.text("#peers-table"); !strings.Contains(s, f.users["peer"].Name) {
			t.Errorf("interactions per shift lack the peer by name: %q", s)
		}
		if s := p.text("#fu-summary"); !strings.Contains(s, "8 encounters got a follow-up") {
			t.Errorf("follow-ups: %q", s)
		}
		p.waitText("#gaps-table", "sober house")
		if s := p.text("#gaps-table"); !strings.Contains(s, "Holyoke") || !strings.Contains(s, "housing") || !strings.Contains(s, "free") ||
			strings.Contains(strings.ToLower(s), "smithers") || strings.Contains(s, " jo") {
			t.Errorf("service gaps: %q", s)
		}
		if n := encEval[int](p, `document.querySelectorAll("#map path.place-mark").length`); n != 1 {
			t.Errorf("%d places on the map, want 1", n)
		}
		if n := encEval[int](p, `document.querySelectorAll("#map path.leaflet-interactive, #map svg path").length`); n < 50 {
			t.Errorf("the map draws %d shapes: no town boundaries?", n)
		}
		if shots != "" {
			p.screenshot("dashboard-1280.png", "#work")
		}

		// The last week only: five calls, and the numbers change.
		week := time.Now().AddDate(0, 0, -10).Format(time.DateOnly)
		p.run("change the range", chromedp.SetValue(chromedp.CSS("#from"), week),
			chromedp.Click(chromedp.CSS("#range button[type=submit]")))
		p.waitText("#repeat-summary", "5 behavioral-health 911 calls")
		if s := p.text("#places-table"); !strings.Contains(s, "5") {
			t.Errorf("places after the range change: %q", s)
		}

		// Open the place from the map and hand its follow-ups to the clinician.
		p.run("open the place", chromedp.Click(chromedp.CSS("#map path.place-mark")), chromedp.WaitVisible(chromedp.CSS("#place")))
		p.waitText("#place-h", "5 calls")
		p.waitText("#place-assign", "Due")
		if n := encEval[int](p, `document.querySelectorAll("#place-assign li").length`); n != 5 {
			t.Errorf("%d follow-ups to hand out at the place, want 5", n)
		}
		p.run("assign them", chromedp.SetValue(chromedp.CSS("#place-assign-to"), f.users["clinician"].ID),
			chromedp.Click(chromedp.CSS("#place-assign button")), chromedp.WaitVisible(chromedp.CSS("#place-assign[data-assigned]")))
		p.waitText("#place-assign .done-note", "5 follow-ups assigned to")
		var list struct {
			Items []struct{ ID string } `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/follow-ups?assignee=" + f.users["clinician"].ID + "&per_page=100", who: "coordinator"}).json(t, &list)
		if len(list.Items) != 5 {
			t.Errorf("the clinician has %d follow-ups, want 5", len(list.Items))
		}
		if shots != "" {
			p.screenshot("dashboard-place.png", "#place")
		}

		// By keyboard: close the place, open it again from its row in the table.
		p.run("close the place", chromedp.Click(chromedp.CSS("#place-close")), chromedp.WaitNotVisible(chromedp.CSS("#place")))
		if id := encEval[string](p, `document.activeElement.dataset.place || ""`); id == "" {
			t.Errorf("after closing the place the focus is not on its row's button")
		}
		p.run("open by keyboard", chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS("#place")))
		p.waitText("#place-h", "5 calls")

		// Download the repeat locations as CSV.
		dl := t.TempDir()
		if _, err := chromedp.CallBrowser(p.ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
			t.Fatal(err)
		}
		p.run("download CSV", chromedp.Click(chromedp.CSS(`#repeat a.csv`)))
		var csvBody []byte
		for end := time.Now().Add(15 * time.Second); time.Now().Before(end) && csvBody == nil; time.Sleep(100 * time.Millisecond) {
			if b, err := os.ReadFile(filepath.Join(dl, "handoff-repeat-locations.csv")); err == nil && len(b) > 0 {
				csvBody = b
			}
		}
		if !strings.Contains(string(csvBody), "# places") || !strings.Contains(string(csvBody), "Holyoke") {
			t.Errorf("the downloaded CSV: %q", csvBody)
		}

		// The printable report of the same range, on paper.
		p.run("open the report", chromedp.Click(chromedp.CSS("#report-link")), chromedp.WaitVisible(chromedp.CSS("body.report[data-loaded]")))
		if s := p.text("#report-period"); !strings.Contains(s, "Period:") {
			t.Errorf("report period: %q", s)
		}
		p.waitText("#repeat-summary", "5 behavioral-health 911 calls")
		yes := true
		pdf, err := chromedp.Call(p.ctx, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: &yes, PreferCSSPageSize: &yes})
		if err != nil {
			t.Fatal(err)
		}
		if len(pdf.Data) < 1000 || !strings.HasPrefix(string(pdf.Data), "%PDF") {
			t.Fatalf("the report printed %d bytes", len(pdf.Data))
		}
		if shots != "" {
			out := filepath.Join(shots, "dashboard-report.pdf")
			if err := os.WriteFile(out, pdf.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			if b, err := exec.Command("pdftoppm", "-r", "50", "-png", out, filepath.Join(shots, "dashboard-report")).CombinedOutput(); err != nil {
				t.Errorf("pdftoppm: %v %s", err, b)
			}
		}

		// At 360 px the page fits.
		p.run("phone", chromedp.EmulateViewport(360, 740, chromedp.EmulateMobile), chromedp.Navigate(base+"/dashboard"),
			chromedp.WaitVisible(chromedp.CSS("body[data-loaded]")))
		if w := encEval[int](p, `document.documentElement.scrollWidth`); w > 360 {
			wide := encEval[[]string](p, `[...document.querySelectorAll("body *")].filter((e) => !e.closest("#map") && e.getBoundingClientRect().right > 361)
				.slice(0, 8).map((e) => e.tagName + "#" + e.id + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`)
			t.Errorf("the page is %d px wide at 360: %v", w, wide)
		}
		if shots != "" {
			p.screenshot("dashboard-360.png", "#work")
			p.screenshot("dashboard-360-map.png", "#map")
			p.screenshot("dashboard-360-referrals.png", "#referrals")
		}
		p.run("sign out", chromedp.Click(chromedp.CSS("#signout")), chromedp.WaitVisible(chromedp.CSS("#signin-form")))
		if n := encEval[int](p, `document.querySelectorAll("#places-table tbody tr, #place-assign li").length + localStorage.length + sessionStorage.length`); n != 0 {
			t.Errorf("after sign-out the page still holds %d rows or stored values", n)
		}
		p.checkRequests([]string{"Dana", "Lee", "Smithers", "password"})
	})
}

// TestDashboardServedToAnyone: /dashboard and /dashboard/report are the same empty shell
// for everyone, with no inline script or style and nothing from elsewhere; its scripts
// keep nothing in storage; the town boundaries are public GeoJSON.
func TestDashboardServedToAnyone(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	first := map[string]string{} // each page as the first asker (anonymous) got it
	for _, who := range []string{"anon", "peer", "agency", "coordinator", "admin"} {
		for _, path := range []string{"/dashboard", "/dashboard/report?from=2026-01-01&to=2026-01-31"} {
			res := f.must(200, accReq{method: "GET", path: path, who: who})
			if first[path] == "" {
				first[path] = string(res.body)
			} else if string(res.body) != first[path] {
				t.Errorf("%s as %s differs from the anonymous page", path, who)
			}
		}
	}
	for path, page := range first {
		for _, bad := range []string{"<style", " style=", "<script>", " on" + "click=", "http://", "https://"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s contains %q", path, bad)
			}
		}
	}
	for _, path := range []string{"/static/dashboard.js", "/static/dashboard-place.js", "/static/dashboard-map.js",
		"/static/dashboard-charts.js", "/static/dashboard.css"} {
		body := string(f.must(200, accReq{method: "GET", path: path}).body)
		for _, bad := range []string{"localStorage", "sessionStorage", "document.cookie", "http://", "https://", "eval(", "innerHTML"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s uses %q", path, bad)
			}
		}
	}
	for _, path := range []string{"/static/vendor/leaflet-1.9.4/leaflet.js", "/static/vendor/leaflet-1.9.4/leaflet.css",
		"/static/vendor/chart.js-4.4.7/chart.umd.js"} {
		f.must(200, accReq{method: "GET", path: path})
	}
	res := f.must(200, accReq{method: "GET", path: "/dashboard/towns.geojson"})
	var towns struct {
		Type     string `json:"type"`
		Features []struct {
			Properties struct{ Name string } `json:"properties"`
		} `json:"features"`
	}
	res.json(t, &towns)
	names := map[string]bool{}
	for _, ft := range towns.Features {
		names[ft.Properties.Name] = true
	}
	if towns.Type != "FeatureCollection" || len(towns.Features) != 351 || !names["Holyoke"] || !names["West Springfield"] {
		t.Errorf("towns: %s with %d features", towns.Type, len(towns.Features))
	}
}
