// Package storetest opens real, empty, migrated stores for tests: SQLite always, and
// PostgreSQL when TEST_DATABASE_URL is set (each test in a schema of its own, dropped
// afterwards). With HANDOFF_REQUIRE_POSTGRES=1 a missing PostgreSQL fails the test
// instead of skipping it, so that CI cannot pass on SQLite alone.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	_ "github.com/lib/pq" // the PostgreSQL driver, for creating test schemas

	"handoff/store"
)

// Backend is one database a test runs against.
type Backend struct {
	Name string // "sqlite" or "postgres"
	// Open returns a fresh, migrated, empty store, closed when the test ends; the same
	// test may open it again with OpenAt to see the same data.
	Open func(t testing.TB) *store.Store
}

// Backends lists the databases available to tests.
func Backends(t testing.TB) []Backend {
	out := []Backend{{Name: "sqlite", Open: SQLite}}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		out = append(out, Backend{Name: "postgres", Open: Postgres})
	} else if os.Getenv("HANDOFF_REQUIRE_POSTGRES") == "1" {
		t.Fatal("HANDOFF_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
	}
	return out
}

// Each runs fn as a subtest on every available backend.
func Each(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	for _, b := range Backends(t) {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.Open(t)) })
	}
}

// SQLite opens a migrated store in a temporary data folder.
func SQLite(t testing.TB) *store.Store {
	t.Helper()
	st, _ := SQLiteConfig(t)
	return st
}

// SQLiteConfig opens a migrated SQLite store and returns the config that reaches it.
func SQLiteConfig(t testing.TB) (*store.Store, store.Config) {
	t.Helper()
	cfg := store.Config{DataDir: t.TempDir()}
	return openMigrated(t, cfg), cfg
}

// Postgres opens a migrated store in a new schema of the TEST_DATABASE_URL database.
func Postgres(t testing.TB) *store.Store {
	t.Helper()
	st, _ := PostgresConfig(t)
	return st
}

// PostgresConfig opens a migrated store in a new PostgreSQL schema and returns the config
// (a URL whose search_path is that schema) so that a second process can reach the same data.
func PostgresConfig(t testing.TB) (*store.Store, store.Config) {
	t.Helper()
	cfg := EmptyPostgres(t)
	return openMigrated(t, cfg), cfg
}

// EmptyPostgres makes a new, empty PostgreSQL schema, dropped when the test ends, and
// returns the config that reaches it, for tests of migrating itself.
func EmptyPostgres(t testing.TB) store.Config {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		if os.Getenv("HANDOFF_REQUIRE_POSTGRES") == "1" {
			t.Fatal("HANDOFF_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
		}
		t.Skip("TEST_DATABASE_URL not set")
	}
	schema := "t_" + randomHex(8)
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("postgres: create schema (is PostgreSQL running at TEST_DATABASE_URL?): %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return store.Config{DatabaseURL: u.String()}
}

func openMigrated(t testing.TB, cfg store.Config) *store.Store {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return st
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
