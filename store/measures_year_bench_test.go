package store_test

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures"
	"handoff/care/measures/deid"
	"handoff/directory"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// BenchmarkMeasuresYear times every measure route's work over a generated year (seed's
// GenerateYear, 200,000 encounters by default; HANDOFF_BENCH_ENCOUNTERS sizes it) on
// SQLite, and on PostgreSQL when TEST_DATABASE_URL is set: the store's query, the
// arithmetic, the de-identification under the default rule and the JSON encoding, as
// the API runs them for one request. Targets (issue 15): under 1 s on PostgreSQL, under
// 2 s on SQLite; a measure over its target is reported as an error. Loading the year
// takes a minute or two per database.
//
//	TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test ./store -run '^$' -bench BenchmarkMeasuresYear -benchtime 3x -count 3
func BenchmarkMeasuresYear(b *testing.B) {
	n := 200_000
	if v := os.Getenv("HANDOFF_BENCH_ENCOUNTERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("HANDOFF_BENCH_ENCOUNTERS: %v", err)
		}
	}
	backends := storetest.Backends(b)
	if dir := os.Getenv("HANDOFF_BENCH_DATA"); dir != "" {
		backends = []storetest.Backend{{Name: "seeded", Open: func(t testing.TB) *store.Store { return openSeeded(t, dir) }}}
	}
	for _, be := range backends {
		b.Run(be.Name, func(b *testing.B) {
			st := be.Open(b)
			var c *store.CareStore
			var from, to time.Time
			if be.Name == "seeded" {
				c, from, to = seededYear(b, st)
			} else {
				c, from, to = loadYear(b, st, n)
			}
			budget := 2 * time.Second
			if st.Dialect() == store.Postgres {
				budget = time.Second
			}
			for _, m := range yearMeasures {
				b.Run(m.name, func(b *testing.B) {
					var worst time.Duration
					var size int
					for b.Loop() {
						t0 := time.Now()
						js, err := measureJSON(c, m.run, from, to)
						if err != nil {
							b.Fatal(err)
						}
						worst, size = max(worst, time.Since(t0)), len(js)
					}
					b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
					b.ReportMetric(float64(size), "json-bytes")
					if worst > budget { // logged, not failed: a failed benchmark prints no figures
						b.Logf("%s on %s took %v, over its %v target", m.name, st.Dialect(), worst, budget)
					}
				})
			}
		})
	}
}

// openSeeded opens a database `handoff seed --demo-activity --encounters N` made, in
// the data folder dir (its SQLite file, or HANDOFF_BENCH_DATABASE_URL), for measuring
// again without loading again.
func openSeeded(t testing.TB, dir string) *store.Store {
	st, err := store.Open(context.Background(), store.Config{DataDir: dir, DatabaseURL: os.Getenv("HANDOFF_BENCH_DATABASE_URL")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// seededYear is the care store of a seeded data folder, with its data key, and the year
// up to now.
func seededYear(b *testing.B, st *store.Store) (*store.CareStore, time.Time, time.Time) {
	text, err := os.ReadFile(filepath.Join(os.Getenv("HANDOFF_BENCH_DATA"), "data.key"))
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
	to := time.Now()
	return st.Care(sealer).WithZone(care.DefaultZone()), to.AddDate(-1, 0, 0), to
}

// tabular is what every measure's report is to the API (api.tabular).
type tabular interface {
	Deid(zone *time.Location) *deid.Report
}

// yearMeasures are the measure routes' work with the API's default parameters, one
// line each.
var yearMeasures = []struct {
	name string
	run  func(ctx context.Context, c *store.CareStore, from, to time.Time) (tabular, error)
}{
	{"repeat-locations", func(ctx context.Context, c *store.CareStore, from, to time.Time) (tabular, error) {
		return c.MeasureRepeatLocations(ctx, measures.RepeatQuery{From: from, To: to, Zone: c.Zone(), MinCalls: 2,
			Source: care.SourceCoResponse, RadiusM: measures.DefaultRadiusM})
	}},
	{"interactions-per-shift", func(ctx context.Context, c *store.CareStore, from, to time.Time) (tabular, error) {
		return c.MeasureInteractionsPerShift(ctx, from, to, "")
	}},
	{"diversions", func(ctx context.Context, c *store.CareStore, from, to time.Time) (tabular, error) {
		return c.MeasureDiversions(ctx, from, to)
	}},
	{"referrals", func(ctx context.Context, c *store.CareStore, from, to time.Time) (tabular, error) {
		return c.MeasureReferrals(ctx, from, to, time.Time{})
	}},
}

// measureJSON is one request's work: the measure, then api.sendMeasure's Deid, rule
// and JSON encoding.
func measureJSON(c *store.CareStore, run func(context.Context, *store.CareStore, time.Time, time.Time) (tabular, error), from, to time.Time) ([]byte, error) {
	r, err := run(context.Background(), c, from, to)
	if err != nil {
		return nil, err
	}
	rep := r.Deid(c.Zone())
	deid.Rule{Min: deid.DefaultMin}.Apply(rep)
	return rep.MarshalJSON()
}

// loadYear loads the demo directory, peers and clinicians, and a generated year of n
// encounters, and returns the care store (with a data key, as a server has) and the year.
func loadYear(b *testing.B, st *store.Store, n int) (*store.CareStore, time.Time, time.Time) {
	b.Helper()
	ctx := context.Background()
	if _, err := seed.LoadAt(ctx, st, time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); err != nil {
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
	key := make([]byte, 32)
	rand.Read(key)
	sealer, err := care.NewSealer(key)
	if err != nil {
		b.Fatal(err)
	}
	zone := care.DefaultZone()
	from := time.Date(2025, 12, 1, 0, 0, 0, 0, zone)
	to := from.AddDate(1, 0, 0)
	t0 := time.Now()
	sum, err := seed.GenerateYear(ctx, st, sealer, seed.YearOptions{Encounters: n, ActivityOptions: seed.ActivityOptions{
		Peers: peers, Clinicians: clinicians, From: from, To: to, Seed: 2026, Zone: zone}})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated and loaded %+v in %v", st.Dialect(), sum, time.Since(t0).Round(100*time.Millisecond))
	return st.Care(sealer).WithZone(zone), from, to
}
