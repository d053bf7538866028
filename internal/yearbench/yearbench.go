// Package yearbench gives the year benchmarks (store's BenchmarkMeasuresYear, api's
// BenchmarkDashboardFirstLoad) their databases: a generated year (seed.GenerateYear,
// 200,000 encounters by default, HANDOFF_BENCH_ENCOUNTERS sizes it) in each test
// database, as `handoff seed --demo-activity --encounters N` makes it; or, with
// HANDOFF_BENCH_DATA, the data folder that command made (its SQLite file, or
// HANDOFF_BENCH_DATABASE_URL), measured again without loading again.
package yearbench

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
	"handoff/directory"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// Options shape a generated year.
type Options struct {
	// From and To bound the year; To defaults to now, From to a year before To.
	From, To time.Time
	// ListedAt, when set, is when the demo directory's bed counts were taken
	// (seed.LoadAt); otherwise the directory keeps seed.Load's fixed times.
	ListedAt time.Time
}

// DB is one database a year benchmark runs on: "sqlite" or "postgres" with a generated
// year, or "seeded", the data folder.
type DB struct {
	Name string
	// Open opens the database with the year in it (generating it first, for the test
	// databases); it is closed when the benchmark ends.
	Open func(b *testing.B) Year
}

// Year is a database with a year of activity in it, the data key its notes are sealed
// with, and the period the year covers.
type Year struct {
	Store    *store.Store
	Sealer   *care.Sealer
	From, To time.Time
}

// DBs lists the databases to measure: the data folder HANDOFF_BENCH_DATA alone when it
// is set (its year taken as the one up to now), else every test database with a year
// generated as opt says.
func DBs(b *testing.B, opt Options) []DB {
	if dir := os.Getenv("HANDOFF_BENCH_DATA"); dir != "" {
		return []DB{{Name: "seeded", Open: func(b *testing.B) Year { return openFolder(b, dir) }}}
	}
	n := 200_000
	if v := os.Getenv("HANDOFF_BENCH_ENCOUNTERS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatalf("HANDOFF_BENCH_ENCOUNTERS: %v", err)
		}
	}
	var out []DB
	for _, be := range storetest.Backends(b) {
		out = append(out, DB{Name: be.Name, Open: func(b *testing.B) Year { return generate(b, be.Open(b), n, opt) }})
	}
	return out
}

// generate loads the demo directory, peers and clinicians, and a generated year of n
// encounters, with a new data key, as `handoff seed --demo-activity --encounters n` does.
func generate(b *testing.B, st *store.Store, n int, opt Options) Year {
	b.Helper()
	ctx := context.Background()
	var err error
	if opt.ListedAt.IsZero() {
		_, err = seed.Load(ctx, st)
	} else {
		_, err = seed.LoadAt(ctx, st, opt.ListedAt)
	}
	if err != nil {
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
	key := make([]byte, care.KeySize)
	rand.Read(key)
	sealer, err := care.NewSealer(key)
	if err != nil {
		b.Fatal(err)
	}
	y := Year{Store: st, Sealer: sealer, From: opt.From, To: opt.To}
	if y.To.IsZero() {
		y.To = time.Now()
	}
	if y.From.IsZero() {
		y.From = y.To.AddDate(-1, 0, 0)
	}
	t0 := time.Now()
	sum, err := seed.GenerateYear(ctx, st, sealer, seed.YearOptions{Encounters: n, ActivityOptions: seed.ActivityOptions{
		Peers: peers, Clinicians: clinicians, From: y.From, To: y.To, Seed: 2026, Zone: care.DefaultZone()}})
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%s: generated and loaded %+v in %v", st.Dialect(), sum, time.Since(t0).Round(100*time.Millisecond))
	return y
}

// openFolder opens a data folder `handoff seed --demo-activity --encounters N` made,
// with its data key; its year is the one up to now.
func openFolder(b *testing.B, dir string) Year {
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
	to := time.Now()
	return Year{Store: st, Sealer: sealer, From: to.AddDate(-1, 0, 0), To: to}
}
