package api_test

import (
	"context"
	"io"
	"log/slog"
	"net"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"handoff/access"
	"handoff/api"
	"handoff/care"
	"handoff/directory"
	"handoff/internal/browsertest"
	"handoff/internal/yearbench"
	"handoff/store"
)

// BenchmarkDashboardFirstLoad times the coordinators' dashboard's first load at a
// year's scale (issue 15: under 2 s), in headless Chromium against a real server: from
// the navigation to /dashboard, signed in, with the browser's cache off (every script,
// style, the town boundaries and every measure fetched as on a first visit), until every
// panel has drawn: the measures' tables and charts, the map's towns and places, the
// overdue and flagged lists and the metric dictionary. The year is generated (seed's
// GenerateYear, 200,000 encounters by default, HANDOFF_BENCH_ENCOUNTERS sizes it) up to
// now on each database, as `handoff seed --demo-activity --encounters N` makes it; or,
// with HANDOFF_BENCH_DATA, a data folder that command made is opened (its SQLite file,
// or HANDOFF_BENCH_DATABASE_URL) and measured without loading again. It reports the
// slowest load (worst-ms) beside the mean.
//
//	HANDOFF_REQUIRE_BROWSER=1 TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test ./api -run '^$' -bench BenchmarkDashboardFirstLoad -benchtime 5x -timeout 30m
func BenchmarkDashboardFirstLoad(b *testing.B) {
	for _, db := range yearbench.DBs(b, yearbench.Options{}) {
		b.Run(db.Name, func(b *testing.B) {
			y := db.Open(b)
			st, sealer := y.Store, y.Sealer
			base := benchServer(b, st, sealer)
			email := benchCoordinator(b, st)
			ctx := browsertest.New(b)
			ctx, cancel := context.WithTimeout(ctx, 10*time.Minute)
			defer cancel()
			// A desktop, as coordinators use the dashboard; no cache: each load is a first one.
			if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
				b.Fatal(err)
			}
			if _, err := chromedp.Call(ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
				b.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900),
				chromedp.Navigate(base+"/dashboard"), chromedp.WaitVisible(chromedp.CSS("#signin-form")),
				chromedp.SetValue(chromedp.CSS("#email"), email), chromedp.SetValue(chromedp.CSS("#password"), accPassword),
				chromedp.Click(chromedp.CSS("#signin-form button[type=submit]"))); err != nil {
				b.Fatal(err)
			}
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](dashboardDrawn, chromedp.WithPollingTimeout(5*time.Minute))); err != nil {
				b.Fatalf("the dashboard did not draw after sign-in: %v", err)
			}
			b.Run("first-load", func(b *testing.B) {
				var loads []time.Duration
				for b.Loop() {
					b.StopTimer()
					if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
					t0 := time.Now()
					if err := chromedp.Do(ctx, chromedp.Navigate(base+"/dashboard")); err != nil {
						b.Fatal(err)
					}
					if _, err := chromedp.Run(ctx, chromedp.Poll[bool](dashboardDrawn, chromedp.WithPollingInterval(10*time.Millisecond),
						chromedp.WithPollingTimeout(time.Minute))); err != nil {
						b.Fatalf("the dashboard did not draw: %v", err)
					}
					loads = append(loads, time.Since(t0))
				}
				slices.Sort(loads)
				b.ReportMetric(float64(loads[len(loads)/2].Milliseconds()), "median-ms")
				b.ReportMetric(float64(loads[len(loads)-1].Milliseconds()), "worst-ms")
				if loads[len(loads)-1] > 2*time.Second { // logged, not failed: a failed benchmark prints no figures
					b.Logf("the dashboard's first load took %v at worst, over its 2 s target", loads[len(loads)-1])
				}
				// What the last load fetched, and when (ms from the navigation): where the time went.
				timeline, err := chromedp.Run(ctx, chromedp.Evaluate[string](`performance.getEntriesByType("resource").map((e) =>
					Math.round(e.startTime) + "–" + Math.round(e.responseEnd) + " " + e.name.replace(location.origin, "") + " " +
					e.encodedBodySize + " B").join("; ")`))
				if err == nil {
					b.Logf("the last load's requests: %s", timeline)
				}
			})
		})
	}
}

// dashboardDrawn is true once every panel of the dashboard has drawn: the measures
// (body[data-loaded] is set once all six are rendered), the map's town boundaries and
// places, the overdue and flagged lists, and the metric dictionary.
const dashboardDrawn = `(() => {
	const n = (s) => document.querySelectorAll(s).length;
	return !!document.body.dataset.loaded && n("#map svg path") > 50 && n("#map path.place-mark") > 0 &&
		n("#peers-table tbody tr") > 0 && n("#overdue > *") > 0 && n("#flagged > *") > 0 && n("#defs-list dl") > 0;
})()`

// benchServer serves the store on a loopback port until the benchmark ends.
func benchServer(b *testing.B, st *store.Store, sealer *care.Sealer) string {
	srv := api.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{Sealer: sealer})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.App().Listener(ln)
	b.Cleanup(func() { srv.App().ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}

// benchCoordinator makes a coordinator account to sign in with and returns its email.
func benchCoordinator(b *testing.B, st *store.Store) string {
	hash, err := access.HashPassword(accPassword)
	if err != nil {
		b.Fatal(err)
	}
	email := "bench-" + directory.NewID()[:8] + "@coordinator.example"
	if err := st.CreateUser(context.Background(), store.User{ID: directory.NewID(), Email: email, Name: "Bench Coordinator",
		Role: "coordinator", PasswordHash: hash}); err != nil {
		b.Fatal(err)
	}
	return email
}
