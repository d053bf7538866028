package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"handoff/internal/browsertest"
	"handoff/store/storetest"
)

// The home page's tests drive it in headless Chromium as a peer would, against a real
// server (SQLite, bleve, the demo directory), and compare what it shows with what
// /api/v1/search answers. Every test fails on a console message the test did not expect and
// on a request to any origin but the server's: the page must work with nothing else.

// searchPage is the home page open in a browser, with what it did recorded.
type searchPage struct {
	t     *testing.T
	ctx   context.Context
	base  string
	watch *browsertest.Watcher
}

func openSearchPage(t *testing.T) *searchPage {
	t.Helper()
	st := storetest.SQLite(t)
	seeded(t, st)
	base := serveForTest(t, st, withSearch(t, st))
	ctx := browsertest.New(t)
	p := &searchPage{t: t, base: base}

	// Watch before anything loads, so that nothing the page does is missed. The page asks
	// GET /api/v1/me whether someone of the program is signed in (to offer Refer); signed
	// out, the answer is 401, and the browser notes it. Nothing else is allowed by default.
	p.watch = browsertest.Watch(ctx, signedOutMe)

	tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	p.ctx = tctx
	// Runs before the browser stops (cleanups run last registered, first run).
	t.Cleanup(p.check)
	p.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateTouch))
	return p
}

// check fails the test on a console message it did not allow, and on a request that left
// the server's origin.
func (p *searchPage) check() {
	time.Sleep(100 * time.Millisecond) // events arrive on other goroutines
	p.watch.CheckOrigin(p.t, p.base)
	if urls := p.watch.URLs(); p.searchRequests() == 0 && len(urls) > 0 {
		p.t.Errorf("no request to /api/v1/search was seen among %d: %v", len(urls), urls)
	}
	p.watch.CheckConsole(p.t)
}

// signedOutMe is the browser's own note of GET /api/v1/me answered 401: the search page
// asks it at every load to learn whether the visitor may refer.
var signedOutMe = browsertest.NetworkStatus(401, "/api/v1/me")

// allowFailedLoad accepts the browser's own log line for a request the test makes fail on
// purpose ("Failed to load resource: … 400"), and nothing else.
func (p *searchPage) allowFailedLoad(urlPart string) {
	p.watch.Allow(func(m chromedp.ConsoleMessage) bool {
		return m.Source == "network" && strings.Contains(m.URL, urlPart)
	})
}

func (p *searchPage) searchRequests() int {
	n := 0
	for _, u := range p.watch.URLs() {
		if strings.Contains(u, "/api/v1/search?") {
			n++
		}
	}
	return n
}

func (p *searchPage) do(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, steps...); err != nil {
		p.t.Fatal(err)
	}
}

func evalIn[T any](p *searchPage, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.t.Fatalf("%s: %v", js, err)
	}
	return v
}

// searches is how many answers (results, a problem or a failure) the page has shown.
func (p *searchPage) searches() int {
	p.t.Helper()
	return evalIn[int](p, `Number(document.getElementById("main").dataset.searches)`)
}

// after runs the steps and waits until the page has shown one more answer, then waits a
// little for the history and the focus to settle.
func (p *searchPage) after(steps ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	n := p.searches()
	p.do(steps...)
	p.waitAnswer(n)
}

// load opens a page address that holds a search and waits for its answer.
func (p *searchPage) load(addr string) {
	p.t.Helper()
	p.do(chromedp.Navigate(addr))
	p.waitAnswer(0)
}

func (p *searchPage) waitAnswer(n int) {
	p.t.Helper()
	js := fmt.Sprintf(`(() => { const m = document.getElementById("main");
		return Number(m.dataset.searches) > %d && m.dataset.state !== "loading"; })()`, n)
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		state := evalIn[string](p, `document.getElementById("main").dataset.state + " " + document.getElementById("status").textContent`)
		p.t.Fatalf("no answer on the page (%s): %v", state, err)
	}
}

func (p *searchPage) text(sel string) string {
	p.t.Helper()
	return evalIn[string](p, fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ""`, sel))
}

func (p *searchPage) query() url.Values {
	p.t.Helper()
	v, err := url.ParseQuery(strings.TrimPrefix(evalIn[string](p, `location.search`), "?"))
	if err != nil {
		p.t.Fatal(err)
	}
	return v
}

// shownTotal reads the number of services from the status line.
func (p *searchPage) shownTotal() int {
	p.t.Helper()
	status := p.text("#status")
	if strings.HasPrefix(status, "No services") {
		return 0
	}
	m := regexp.MustCompile(`^([\d,]+) services?\b`).FindStringSubmatch(status)
	if m == nil {
		p.t.Fatalf("status %q gives no count", status)
	}
	n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
	return n
}

// pageCard is what a result card shows.
type pageCard struct {
	Name   string   `json:"name"`
	Dist   string   `json:"dist"`
	Open   string   `json:"open"`
	Why    string   `json:"why"`
	Tel    string   `json:"tel"`
	Tags   []string `json:"tags"`
	Crisis bool     `json:"crisis"`
}

func (p *searchPage) cards() []pageCard {
	p.t.Helper()
	return evalIn[[]pageCard](p, `[...document.querySelectorAll("#results li.card")].map((li) => {
		const t = (s) => (li.querySelector(s) || {}).textContent || "";
		return { name: t("h2"), dist: t(".dist"), open: t(".open"), why: t(".why"),
			tel: (li.querySelector('a.call[href^="tel:"]') || {}).href || "",
			tags: [...li.querySelectorAll(".tag")].map((e) => e.textContent),
			crisis: !!li.querySelector(".tag-crisis") };
	})`)
}

// apiAnswer is the part of /api/v1/search's answer the tests compare with the page.
type apiAnswer struct {
	Total int `json:"total"`
	Items []struct {
		Service struct {
			Name         string   `json:"name"`
			LevelsOfCare []string `json:"levels_of_care"`
		} `json:"service"`
		DistanceKm *float64 `json:"distance_km"`
		Why        []string `json:"why"`
	} `json:"items"`
}

// api asks the server what the page should show for its current address.
func (p *searchPage) api(query url.Values) apiAnswer {
	p.t.Helper()
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Del("page")
	q.Set("per_page", "20")
	status, _, body := get(p.t, p.base+"/api/v1/search?"+q.Encode())
	if status != 200 {
		p.t.Fatalf("GET /api/v1/search?%s: %d %s", q.Encode(), status, body)
	}
	var a apiAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		p.t.Fatal(err)
	}
	return a
}

func (p *searchPage) screenshot(name string, full bool) {
	dir := os.Getenv("HANDOFF_SCREENSHOTS")
	if dir == "" {
		return
	}
	var shot []byte
	var err error
	if full {
		shot, err = chromedp.Run(p.ctx, chromedp.FullScreenshot(90))
	} else {
		shot, err = chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	}
	if err != nil {
		p.t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), shot, 0o644); err != nil {
		p.t.Error(err)
	}
}

// TestSearchPageNearAndWhyInBrowser: "detox" near Holyoke lists the detox listing the API
// ranks first, with its distance, why it matched and a number to tap; the page fits a
// 360 px screen; "More results" adds a page, and the saved link shows both pages again in
// one request.
func TestSearchPageNearAndWhyInBrowser(t *testing.T) {
	p := openSearchPage(t)
	p.do(chromedp.Navigate(p.base+"/"), chromedp.WaitVisible(chromedp.CSS("#q")))
	if got := p.text("#status"); !strings.Contains(got, "Type what the person needs") {
		t.Errorf("the empty page says %q", got)
	}
	before := p.searchRequests()
	p.after(
		chromedp.SendKeys(chromedp.CSS("#q"), "detox"),
		chromedp.SendKeys(chromedp.CSS("#near"), "Holyoke"),
		chromedp.Click(chromedp.CSS("#go")),
	)
	if n := p.searchRequests() - before; n != 1 {
		t.Errorf("one search made %d requests", n)
	}
	q := p.query()
	if q.Get("q") != "detox" || q.Get("near") != "Holyoke" || q.Get("radius_km") != "25" {
		t.Errorf("the address holds %v", q)
	}
	want := p.api(q)
	if want.Total == 0 || want.Items[0].DistanceKm == nil {
		t.Fatalf("the API finds no detox near Holyoke: %+v", want)
	}
	first := want.Items[0]
	if !strings.Contains(strings.ToLower(first.Service.Name), "detox") && !slices.Contains(first.Service.LevelsOfCare, "withdrawal_management") {
		t.Fatalf("the API's first answer for detox is %q %v", first.Service.Name, first.Service.LevelsOfCare)
	}
	if got := p.shownTotal(); got != want.Total {
		t.Errorf("the page counts %d services, the API %d", got, want.Total)
	}
	if s := p.text("#status"); !strings.Contains(s, "Holyoke") || !strings.Contains(s, "detox") {
		t.Errorf("status %q", s)
	}
	if s := p.text("#plan"); !strings.Contains(s, "withdrawal management") {
		t.Errorf("the page does not say how detox was read: %q", s)
	}
	cards := p.cards()
	if len(cards) != len(want.Items) {
		t.Fatalf("%d cards for %d items", len(cards), len(want.Items))
	}
	c := cards[0]
	if c.Name != first.Service.Name {
		t.Errorf("first card %q, the API's first %q", c.Name, first.Service.Name)
	}
	var km float64
	if _, err := fmt.Sscanf(c.Dist, "%g km", &km); err != nil || km < *first.DistanceKm-0.051 || km > *first.DistanceKm+0.051 {
		t.Errorf("first card's distance %q, the API's %g km", c.Dist, *first.DistanceKm)
	}
	if wantWhy := "Why: " + strings.Join(first.Why, " · "); c.Why != wantWhy {
		t.Errorf("first card's why %q, want %q", c.Why, wantWhy)
	}
	if !strings.HasPrefix(c.Tel, "tel:+1") {
		t.Errorf("first card's phone link %q", c.Tel)
	}
	if !strings.HasPrefix(c.Open, "Open now") && !strings.HasPrefix(c.Open, "Closed now") && c.Open != "Hours not listed" {
		t.Errorf("first card's hours %q", c.Open)
	}
	p.screenshot("handoff-search.png", false)
	p.screenshot("handoff-search-full.png", true)

	// At 360 px nothing sticks out sideways.
	p.do(chromedp.EmulateViewport(360, 780, chromedp.EmulateMobile))
	if w := evalIn[int](p, `document.documentElement.scrollWidth`); w > 360 {
		t.Errorf("at 360 px the page is %d px wide", w)
	}

	// A wider search to page through.
	p.load(p.base + "/?near=Springfield&radius_km=50")
	total := p.shownTotal()
	if total <= 20 {
		t.Fatalf("only %d services within 50 km of Springfield", total)
	}
	p.after(chromedp.Click(chromedp.CSS("#more")))
	if n := len(p.cards()); n != min(40, total) {
		t.Errorf("after More results, %d cards", n)
	}
	if got := p.query().Get("page"); got != "2" {
		t.Errorf("after More results the address has page=%q", got)
	}
	if i := evalIn[int](p, `[...document.getElementById("results").children].indexOf(document.activeElement)`); i != 20 {
		t.Errorf("after More results the focus is on result %d, want the 21st", i+1)
	}
	before = p.searchRequests()
	p.load(p.base + "/?" + p.query().Encode())
	if n := len(p.cards()); n != min(40, total) {
		t.Errorf("the saved link shows %d cards", n)
	}
	if n := p.searchRequests() - before; n != 1 {
		t.Errorf("the saved link made %d search requests", n)
	}
}

// TestSearchPageFiltersInBrowser: at a fixed time (the link's at=), Open now narrows the
// results to the open ones and goes in the address; Back undoes it; Free and Spanish do the
// same, one request each.
func TestSearchPageFiltersInBrowser(t *testing.T) {
	p := openSearchPage(t)
	const at = "2026-11-30T03:00:00-05:00" // a Monday, 3 in the morning in Massachusetts
	p.load(p.base + "/?near=Holyoke&radius_km=25&at=" + url.QueryEscape(at))
	all := p.api(p.query())
	if got := p.shownTotal(); got != all.Total {
		t.Fatalf("the page counts %d, the API %d", got, all.Total)
	}
	if s := p.text("#plan"); !strings.Contains(s, "not now") {
		t.Errorf("the page does not say it shows another time: %q", s)
	}

	before := p.searchRequests()
	p.after(chromedp.Click(chromedp.CSS("#open_now")))
	if n := p.searchRequests() - before; n != 1 {
		t.Errorf("Open now made %d requests", n)
	}
	q := p.query()
	if q.Get("open_now") != "true" || q.Get("at") != at {
		t.Errorf("after Open now the address holds %v", q)
	}
	open := p.api(q)
	if open.Total == 0 || open.Total >= all.Total {
		t.Fatalf("open at 3 a.m.: %d of %d", open.Total, all.Total)
	}
	if got := p.shownTotal(); got != open.Total {
		t.Errorf("with Open now the page counts %d, the API %d", got, open.Total)
	}
	for _, c := range p.cards() {
		if !strings.HasPrefix(c.Open, "Open then") {
			t.Errorf("%s is listed as open at 3 a.m. but shows %q", c.Name, c.Open)
		}
	}

	p.after(chromedp.Evaluate[chromedp.Void](`history.back()`))
	if q := p.query(); q.Has("open_now") {
		t.Errorf("after Back the address still has open_now: %v", q)
	}
	if evalIn[bool](p, `document.getElementById("open_now").checked`) {
		t.Error("after Back Open now is still ticked")
	}
	if got := p.shownTotal(); got != all.Total {
		t.Errorf("after Back the page counts %d, want %d", got, all.Total)
	}

	p.after(chromedp.Click(chromedp.CSS("#free")))
	q = p.query()
	free := p.api(q)
	if q.Get("free") != "true" || free.Total == 0 || free.Total >= all.Total || p.shownTotal() != free.Total {
		t.Errorf("Free: address %v, page %d, API %d of %d", q, p.shownTotal(), free.Total, all.Total)
	}
	for _, c := range p.cards() {
		if !slices.Contains(c.Tags, "Free") {
			t.Errorf("%s is not marked free: %v", c.Name, c.Tags)
		}
	}

	before = p.searchRequests()
	p.after(chromedp.Click(chromedp.CSS("#lang-es")))
	if n := p.searchRequests() - before; n != 1 {
		t.Errorf("Spanish made %d requests", n)
	}
	q = p.query()
	es := p.api(q)
	if q.Get("language") != "es" || q.Get("free") != "true" || es.Total == 0 || es.Total >= free.Total || p.shownTotal() != es.Total {
		t.Errorf("Spanish: address %v, page %d, API %d of %d", q, p.shownTotal(), es.Total, free.Total)
	}

	// The need list counts what the results hold.
	need := p.text("#need")
	if !regexp.MustCompile(`\(\d+\)`).MatchString(need) {
		t.Errorf("the need list shows no counts: %q", need)
	}
}

// TestSearchPageProblemInBrowser: an unknown ZIP shows the problem's message next to the
// field's name and marks the field; a lost connection says so and Try again recovers.
func TestSearchPageProblemInBrowser(t *testing.T) {
	p := openSearchPage(t)
	p.allowFailedLoad("near=99999")
	p.allowFailedLoad("near=01040") // the request made while offline
	p.do(chromedp.Navigate(p.base+"/"), chromedp.WaitVisible(chromedp.CSS("#near")))
	p.after(
		chromedp.SendKeys(chromedp.CSS("#near"), "99999"),
		chromedp.Click(chromedp.CSS("#go")),
	)
	problem := p.text("#problem")
	if !strings.Contains(problem, `Where? ZIP code or town: "99999" is not a known ZIP code or US place`) {
		t.Errorf("the problem reads %q", problem)
	}
	if got := evalIn[string](p, `document.getElementById("main").dataset.state`); got != "problem" {
		t.Errorf("state %q", got)
	}
	if got := evalIn[string](p, `document.getElementById("near").getAttribute("aria-invalid") + " " + document.activeElement.id`); got != "true near" {
		t.Errorf("the ZIP field is not marked and focused: %q", got)
	}
	if n := len(p.cards()); n != 0 {
		t.Errorf("%d cards under a problem", n)
	}

	// The phone loses its signal.
	offline := []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: offline}); err != nil {
		t.Fatal(err)
	}
	p.after(
		chromedp.Evaluate[chromedp.Void](`document.getElementById("near").value = ""`),
		chromedp.SendKeys(chromedp.CSS("#near"), "01040"),
		chromedp.Click(chromedp.CSS("#go")),
	)
	if s := p.text("#problem"); !strings.Contains(s, "Could not reach Handoff") {
		t.Errorf("offline, the page says %q", s)
	}
	if _, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: []*network.Conditions{}}); err != nil {
		t.Fatal(err)
	}
	p.after(chromedp.Click(chromedp.CSS("#problem button")))
	if s := p.text("#problem"); s != "" {
		t.Errorf("back online, the problem still reads %q", s)
	}
	if p.shownTotal() == 0 || len(p.cards()) == 0 {
		t.Errorf("back online, no results: %q", p.text("#status"))
	}
	if got := evalIn[bool](p, `document.getElementById("near").hasAttribute("aria-invalid")`); got {
		t.Error("the ZIP field is still marked invalid")
	}
}

// TestSearchPageLocationInBrowser: "Use my location" says what to do when the browser
// refuses, and searches around the position when it allows.
func TestSearchPageLocationInBrowser(t *testing.T) {
	p := openSearchPage(t)
	p.do(chromedp.Navigate(p.base+"/"), chromedp.WaitVisible(chromedp.CSS("#locate")))
	geo := &browser.PermissionDescriptor{Name: "geolocation"}
	if _, err := chromedp.CallBrowser(p.ctx, browser.SetPermission, browser.SetPermissionParams{Permission: geo, Setting: browser.PermissionSettingDenied, Origin: p.base}); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.Click(chromedp.CSS("#locate")))
	if _, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`document.getElementById("locate-msg").textContent.includes("not allowed")`, chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		t.Errorf("a refused location shows %q: %v", p.text("#locate-msg"), err)
	}
	if got := evalIn[string](p, `document.activeElement.id`); got != "near" {
		t.Errorf("after a refused location the focus is on %q, want the ZIP field", got)
	}

	if _, err := chromedp.CallBrowser(p.ctx, browser.SetPermission, browser.SetPermissionParams{Permission: geo, Setting: browser.PermissionSettingGranted, Origin: p.base}); err != nil {
		t.Fatal(err)
	}
	lat, lon, acc := 42.2043, -72.6162, 25.0 // Holyoke
	if _, err := chromedp.Call(p.ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{Latitude: &lat, Longitude: &lon, Accuracy: &acc}); err != nil {
		t.Fatal(err)
	}
	p.after(chromedp.Click(chromedp.CSS("#locate")))
	q := p.query()
	if q.Get("lat") != "42.204" || q.Get("lon") != "-72.616" || q.Has("near") {
		t.Errorf("after Use my location the address holds %v", q)
	}
	if s := p.text("#status"); !strings.Contains(s, "of your location") {
		t.Errorf("status %q", s)
	}
	if s := p.text("#here"); !strings.Contains(s, "Using your location") {
		t.Errorf("the page does not say it uses the location: %q", s)
	}
	cards := p.cards()
	if len(cards) == 0 || !strings.HasSuffix(cards[0].Dist, "mi)") {
		t.Errorf("results around the location: %+v", cards)
	}
}
