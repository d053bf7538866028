package store_test

import (
	"context"
	"sync"
	"testing"

	"handoff/store"
	"handoff/store/storetest"
)

// TestTwoMigratorsAtOnce starts two instances' migrations together on an empty database:
// both end without error, and every migration is applied once.
func TestTwoMigratorsAtOnce(t *testing.T) {
	for _, b := range []struct {
		name string
		cfg  func(t *testing.T) store.Config
	}{
		{"sqlite", func(t *testing.T) store.Config { return store.Config{DataDir: t.TempDir()} }},
		{"postgres", func(t *testing.T) store.Config { return storetest.EmptyPostgres(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			cfg := b.cfg(t)
			var stores [2]*store.Store
			for i := range stores {
				st, err := store.Open(ctx, cfg)
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				stores[i] = st
			}
			var applied [2][]int64
			var errs [2]error
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i, st := range stores {
				wg.Go(func() {
					<-start
					applied[i], errs[i] = st.Migrate(ctx)
				})
			}
			close(start)
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("migrator %d: %v", i, err)
				}
			}
			cur, latest, err := stores[0].SchemaVersion(ctx)
			if err != nil || cur != latest {
				t.Fatalf("schema at %d of %d: %v", cur, latest, err)
			}
			var rows, distinct int
			if err := stores[0].DB().QueryRow(`SELECT count(*), count(DISTINCT version_id) FROM goose_db_version WHERE version_id > 0`).Scan(&rows, &distinct); err != nil {
				t.Fatal(err)
			}
			if rows != distinct || rows != len(applied[0])+len(applied[1]) {
				t.Errorf("%d version rows, %d distinct, migrators applied %v and %v", rows, distinct, applied[0], applied[1])
			}
		})
	}
}
