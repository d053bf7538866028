package search_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"handoff/directory"
	"handoff/search"
	"handoff/store"
	"handoff/store/storetest"
)

// TestConcurrentWritersIndexEqualsDatabase: eight writers each create, update and delete
// 100 services at once while the index follows the feed; afterwards the index holds
// exactly the database's services, with their latest names and phones, without a
// reindex. On PostgreSQL a sequence number is taken when the change row is inserted, not
// when it commits: unless the feed serialises them, a follower that reads while a lower
// number is still uncommitted skips it for good.
func TestConcurrentWritersIndexEqualsDatabase(t *testing.T) {
	const writers, each = 8, 100
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) { concurrentWriters(t, b.Name, writers, each) })
	}
}

// concurrentWriters runs the test on one backend. The 2,400 writes stay far below the
// follower's rebuild threshold (rebuildBehind), so the index only ever catches up.
func concurrentWriters(t *testing.T, backend string, writers, each int) {
	open := storetest.SQLiteConfig
	if backend == "postgres" {
		open = storetest.PostgresConfig
	}
	st, cfg := open(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	org := directory.Organization{ID: directory.StableID("test", "concurrent-org"), Name: "Concurrent Org", Description: "Writes a lot."}
	if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Organization: &org}}); err != nil {
		t.Fatal(err)
	}
	listing := func(kind string, w, i int, version string) directory.Service {
		id := directory.StableID("test", "concurrent", kind, fmt.Sprint(w), fmt.Sprint(i))
		s := directory.Service{ID: id, OrganizationID: org.ID, Status: "active",
			Name:   fmt.Sprintf("Listing %s %d %d %s", kind, w, i, version),
			Phones: []directory.Phone{{Number: fmt.Sprintf("413-555-%d%03d", w, i) + version}}}
		directory.NormalizeService(&s)
		return s
	}
	// Before the engine starts: per writer, 100 services to update and 100 to delete.
	var seed []directory.Service
	for w := range writers {
		for i := range each {
			seed = append(seed, listing("kept", w, i, "v1"), listing("doomed", w, i, "v1"))
		}
	}
	write(t, st, seed...)
	e := startEngine(t, ctx, st, filepath.Join(t.TempDir(), "index"), cfg.DatabaseURL)

	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				for _, s := range []directory.Service{listing("new", w, i, "v1"), listing("kept", w, i, "v2")} {
					if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &s}}); err != nil {
						errs <- fmt.Errorf("writer %d: %w", w, err)
						return
					}
				}
				if err := st.DeleteService(ctx, listing("doomed", w, i, "").ID); err != nil {
					errs <- fmt.Errorf("writer %d: delete: %w", w, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Catch up to the feed's head, as the follower would: no rebuild.
	if err := e.Refresh(ctx); err != nil {
		t.Fatal(err)
	}

	want := map[string]string{}
	err := store.Feed{Store: st}.EachServiceBatch(ctx, 500, func(ids []string) error {
		svcs, err := st.Services(ctx, ids)
		for _, s := range svcs {
			want[s.ID] = describe(s.Name, s.Phones)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 2*writers*each {
		t.Fatalf("the database holds %d services, want %d", len(want), 2*writers*each)
	}
	got := indexed(t, e)
	var missing, stale, extra []string
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok:
			missing = append(missing, w)
		case g != w:
			stale = append(stale, fmt.Sprintf("%s (index: %s)", w, g))
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			extra = append(extra, g)
		}
	}
	if len(missing)+len(stale)+len(extra) > 0 {
		sort.Strings(missing)
		sort.Strings(stale)
		sort.Strings(extra)
		t.Errorf("index %d services, database %d: %d missing, %d stale, %d deleted but still found\nmissing: %q\nstale: %q\nextra: %q",
			len(got), len(want), len(missing), len(stale), len(extra), firstFew(missing), firstFew(stale), firstFew(extra))
	}
}

// firstFew is the start of a long list, for a readable failure.
func firstFew(list []string) []string { return list[:min(len(list), 3)] }

// describe is what the test compares of a service: its name and phone numbers.
func describe(name string, phones []directory.Phone) string {
	nums := make([]string, len(phones))
	for i, p := range phones {
		nums[i] = p.Number
	}
	return name + " " + strings.Join(nums, ",")
}

// indexed reads every service in the index, with its name and phones as listed.
func indexed(t *testing.T, e *search.Engine) map[string]string {
	t.Helper()
	out := map[string]string{}
	for page := 1; ; page++ {
		res, err := e.Search(context.Background(), search.Query{IncludeInactive: true, ByService: true, Sort: search.SortName, Page: page, PerPage: 1000})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			var v struct {
				Service struct {
					Name   string            `json:"name"`
					Phones []directory.Phone `json:"phones"`
				} `json:"service"`
			}
			if err := json.Unmarshal(h.View, &v); err != nil {
				t.Fatal(err)
			}
			out[h.ServiceID] = describe(v.Service.Name, v.Service.Phones)
		}
		if len(res.Hits) == 0 || page*1000 >= res.Total {
			return out
		}
	}
}
