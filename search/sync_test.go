package search_test

import (
	"context"
	"database/sql"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handoff/directory"
	"handoff/search"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// demoServices is the first n demo services, normalized.
func demoServices(n int) []directory.Service {
	svcs := seed.Services()[:n]
	for i := range svcs {
		directory.NormalizeService(&svcs[i])
	}
	return svcs
}

func write(t *testing.T, st *store.Store, svcs ...directory.Service) {
	t.Helper()
	recs := make([]directory.Record, len(svcs))
	for i := range svcs {
		directory.NormalizeService(&svcs[i])
		recs[i] = directory.Record{Line: i + 1, Service: &svcs[i]}
	}
	res, err := st.WriteAll(context.Background(), recs)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
}

// zebra is a service whose name no demo listing shares.
func zebra(name string) directory.Service {
	s := demoServices(1)[0] // BHN's crisis line: a site with hours
	s.Name = name
	s.ID = directory.StableID("test", "zebra")
	s.ServiceAtLocations[0].ID = directory.StableID("test", "zebra", "sal")
	for i := range s.Phones {
		s.Phones[i].ID = ""
	}
	for i := range s.Schedules {
		s.Schedules[i].ID = ""
	}
	for i := range s.Languages {
		s.Languages[i].ID = ""
	}
	s.Attributes = nil
	return s
}

func startEngine(t *testing.T, ctx context.Context, st *store.Store, dir, databaseURL string) *search.Engine {
	t.Helper()
	e, err := search.Open(search.Options{Dir: dir, Log: slog.New(slog.NewTextHandler(testWriter{t}, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	e.Start(ctx, store.Feed{Store: st}, st.WatchChanges(ctx, store.WatchOptions{DatabaseURL: databaseURL}))
	waitFor(t, 60*time.Second, "the index to be ready", func() bool { return e.Ready() == nil })
	return e
}

// testWriter sends the engine's log to the test's.
type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// waitFor polls cond until it holds or the time is up.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < within {
		if cond() {
			return time.Since(start)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("waited %s for %s", within, what)
	return 0
}

func found(t *testing.T, e *search.Engine, text string) int {
	t.Helper()
	res, err := e.Search(context.Background(), search.Query{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return res.Total
}

// TestFollowsWrites: a write to the store is found in the index within a second —
// creation, rename, a change to the service's location, deletion — on every backend.
func TestFollowsWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		write(t, st, demoServices(10)...)
		e := startEngine(t, ctx, st, filepath.Join(t.TempDir(), "index"), "")
		if n := found(t, e, "crisis line"); n == 0 {
			t.Fatal("the initial build lacks the demo services")
		}

		z := zebra("Zebra Crossing Detox")
		write(t, st, z)
		took := waitFor(t, time.Second, "a new service", func() bool { return found(t, e, "zebra") == 1 })
		t.Logf("created: found after %s", took)

		z.Name = "Okapi Crossing Detox"
		write(t, st, z)
		waitFor(t, time.Second, "a renamed service", func() bool { return found(t, e, "okapi") == 1 && found(t, e, "zebra") == 0 })

		loc := *z.ServiceAtLocations[0].Location
		loc.Name = "Quokka Hall"
		if _, err := st.WriteLocation(ctx, &loc); err != nil {
			t.Fatal(err)
		}
		waitFor(t, time.Second, "a changed location", func() bool { return found(t, e, "quokka") >= 1 })

		if err := st.DeleteService(ctx, z.ID); err != nil {
			t.Fatal(err)
		}
		waitFor(t, time.Second, "a deleted service", func() bool { return found(t, e, "okapi") == 0 })

		// Refresh: a writer that wants its write in the very next search.
		write(t, st, zebra("Tapir Crossing Detox"))
		if err := e.Refresh(ctx); err != nil {
			t.Fatal(err)
		}
		if found(t, e, "tapir") != 1 {
			t.Error("a write not found right after Refresh")
		}
	})
}

// TestTwoInstancesPostgres: two serve-like instances, each with its own index, on one
// PostgreSQL database. A listing written through one is found through the other within
// a second, through LISTEN/NOTIFY; and again after the second's connections were
// terminated by the server and came back.
func TestTwoInstancesPostgres(t *testing.T) {
	stA, cfg := storetest.PostgresConfig(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	write(t, stA, demoServices(10)...)

	// Instance B names itself, so that the test can cut exactly its connections.
	u, err := url.Parse(cfg.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", "handoff-test-b-"+filepath.Base(t.TempDir()))
	u.RawQuery = q.Encode()
	urlB := u.String()
	stB, err := store.Open(ctx, store.Config{DatabaseURL: urlB})
	if err != nil {
		t.Fatal(err)
	}
	defer stB.Close()

	eA := startEngine(t, ctx, stA, filepath.Join(t.TempDir(), "a"), cfg.DatabaseURL)
	eB := startEngine(t, ctx, stB, filepath.Join(t.TempDir(), "b"), urlB)
	_ = eA

	z := zebra("Zebra Crossing Detox")
	write(t, stA, z)
	took := waitFor(t, time.Second, "instance B to see A's write", func() bool { return found(t, eB, "zebra") == 1 })
	t.Logf("B saw A's write after %s", took)

	// Cut B's connections, listener included, as a failover or a network cut would.
	admin, err := sql.Open("postgres", os.Getenv("TEST_DATABASE_URL"))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	var cut int
	if err := admin.QueryRow(`SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1`,
		q.Get("application_name")).Scan(&cut); err != nil {
		t.Fatal(err)
	}
	if cut == 0 {
		t.Fatal("no connection of instance B to terminate")
	}
	t.Logf("terminated %d connections of B", cut)

	z.Name = "Okapi Crossing Detox"
	write(t, stA, z)
	took = waitFor(t, time.Second, "instance B to see A's write after its connections were cut",
		func() bool { return found(t, eB, "okapi") == 1 })
	t.Logf("B saw A's write after reconnecting in %s", took)
}

// TestStartCatchesUpOrRebuilds: an index that is behind is caught up before it is ready;
// one that is damaged, or was built from another database, is rebuilt.
func TestStartCatchesUpOrRebuilds(t *testing.T) {
	ctx := context.Background()
	st := storetest.SQLite(t)
	write(t, st, demoServices(10)...)
	dir := filepath.Join(t.TempDir(), "index")

	run := func(st *store.Store) (*search.Engine, context.CancelFunc) {
		c, cancel := context.WithCancel(ctx)
		e, err := search.Open(search.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		e.Start(c, store.Feed{Store: st}, nil)
		waitFor(t, 60*time.Second, "ready", func() bool { return e.Ready() == nil })
		return e, func() { cancel(); e.Close() }
	}

	e, stop := run(st)
	if found(t, e, "zebra") != 0 {
		t.Fatal("zebra before it was written")
	}
	stop()

	// Behind: written while no engine ran.
	write(t, st, zebra("Zebra Crossing Detox"))
	e, stop = run(st)
	if found(t, e, "zebra") != 1 {
		t.Error("a write made while the engine was stopped was not caught up before ready")
	}
	stop()

	// Damaged: every file of the index overwritten.
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.WriteFile(p, []byte("not an index"), 0o600)
		}
		return nil
	})
	e, stop = run(st)
	if found(t, e, "zebra") != 1 || found(t, e, "crisis line") == 0 {
		t.Error("a damaged index was not rebuilt")
	}
	stop()

	// Another database: same sequence numbers, other changes.
	other := storetest.SQLite(t)
	otherSvcs := demoServices(11)[1:]
	write(t, other, otherSvcs...)
	e, stop = run(other)
	if found(t, e, "zebra") != 0 {
		t.Error("an index built from another database was used")
	}
	stop()
}
