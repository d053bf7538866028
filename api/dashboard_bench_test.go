package api_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"handoff/access"
	"handoff/api"
	"handoff/care"
	"handoff/directory"
	"handoff/internal/browsertest"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
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
	n := 200_000
	if v := os.Getenv("HANDOFF_BENCH_ENCOUNTERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("HANDOFF_BENCH_ENCOUNTERS: %v", err)
		}
	}
	type db struct {
		name string
		open func(b *testing.B) (*store.Store, *care.Sealer)
	}
	var dbs []db
	if dir := os.Getenv("HANDOFF_BENCH_DATA"); dir != "" {
		dbs = append(dbs, db{"seeded", func(b *testing.B) (*store.Store, *care.Sealer) { return benchSeeded(b, dir) }})
	} else {
		for _, be := range storetest.Backends(b) {
			dbs = append(dbs, db{be.Name, func(b *testing.B) (*store.Store, *care.Sealer) { return benchYear(b, be.Open(b), n) }})
		}
	}
	for _, d := range dbs {
		b.Run(d.name, func(b *testing.B) {
			st, sealer := d.open(b)
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

// benchYear loads the demo directory, peers and clinicians, and a generated year of n
// encounters up to now, as `handoff seed --demo-activity --encounters n` does.
func benchYear(b *testing.B, st *store.Store, n int) (*store.Store, *care.Sealer) {
	ctx := context.Background()
	if _, err := seed.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	user := func(role string, i int) string {
		u := store.User{ID: directory.NewID(), Email: fmt.Sprintf("%s%d@bench.example", role, i), Name: fmt.Sprintf("%s %d", role, i),
			Role: role, PasswordHash: "x"}
		if err := st.CreateUser(ctx, u); err != nil {
			b.Fatal(err)
		}
		return u.ID
	}
	var peers, clinicians []string
	for i := range seed.PeersFor(n) {
		peers = append(peers, user("peer", i))
	}
	for i := range 4 {
		clinicians = append(clinicians, user("clinician", i))
	}
	sealer := careTestSealer(b)
	t0 := time.Now()
	sum, err := seed.GenerateYear(ctx, st, sealer, seed.YearOptions{Encounters: n, ActivityOptions: seed.ActivityOptions{
		Peers: peers, Clinicians: clinicians, Seed: 2026, Zone: care.DefaultZone()}})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated and loaded %+v in %v", st.Dialect(), sum, time.Since(t0).Round(100*time.Millisecond))
	return st, sealer
}

// benchSeeded opens a data folder `handoff seed --demo-activity --encounters N` made,
// with its data key.
func benchSeeded(b *testing.B, dir string) (*store.Store, *care.Sealer) {
	st, err := store.Open(context.Background(), store.Config{DataDir: dir, DatabaseURL: os.Getenv("HANDOFF_BENCH_DATABASE_URL")})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	text, err := os.ReadFile(filepath.Join(dir, "data.key"))
	if err != nil {
		b.Fatal(err)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(text)))
	if err != nil {
		b.Fatal(err)
	}
	sealer, err := care.NewSealer(key)
	if err != nil {
		b.Fatal(err)
	}
	return st, sealer
}
