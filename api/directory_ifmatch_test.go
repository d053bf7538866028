package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"sync"
	"testing"
	"time"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestIfMatchStopsLostUpdates: two staff read the same listing; the first to save wins,
// and the second, saving or deleting with the ETag it read, is told 412 and changes
// nothing. The write that won is audited once.
func TestIfMatchStopsLostUpdates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		for _, c := range []struct{ path, field string }{
			{"/api/v1/services/" + f.svcA, "name"},
			{"/api/v1/locations/" + f.locA, "name"},
			{"/api/v1/organizations/" + f.orgA, "website"},
		} {
			etagA := f.must(200, accReq{method: "GET", path: c.path, who: "agency"}).header.Get("ETag")
			etagB := f.must(200, accReq{method: "GET", path: c.path, who: "admin"}).header.Get("ETag")
			if etagA == "" || etagA != etagB {
				t.Fatalf("%s: ETags %q and %q", c.path, etagA, etagB)
			}
			value := map[string]string{"name": "Saved by A", "website": "https://a.example.org"}[c.field]
			f.must(200, accReq{method: "PATCH", path: c.path, who: "agency", body: map[string]any{c.field: value},
				header: map[string]string{"If-Match": etagA}})
			before := f.snapshot()
			f.must(412, accReq{method: "PATCH", path: c.path, who: "admin", body: map[string]any{c.field: "https://b.example.org"},
				header: map[string]string{"If-Match": etagB}})
			f.must(412, accReq{method: "PUT", path: c.path, who: "admin", body: map[string]any{"name": "Replaced by B", "status": "active",
				"location_type": "physical"}, header: map[string]string{"If-Match": etagB}})
			f.must(412, accReq{method: "DELETE", path: c.path, who: "admin", header: map[string]string{"If-Match": etagB}})
			if after := f.snapshot(); !equalCounts(before, after) {
				t.Errorf("%s: refused writes changed data:\n%v\n%v", c.path, before, after)
			}
			var got map[string]any
			f.must(200, accReq{method: "GET", path: c.path}).json(t, &got)
			if got[c.field] != value {
				t.Errorf("%s: %s is %v, want A's %q", c.path, c.field, got[c.field], value)
			}
		}
		var n int
		if err := st.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'update' AND record_id = $1 AND allowed = $2`, f.svcA, true).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 1 {
			t.Errorf("%d audit rows for the service's update, want 1", n)
		}
	})
}

// TestIfMatchConcurrentSaves: two staff save the same listing with the same ETag at the
// same moment. The test holds the database's write lock (SQLite) or the service's row
// (PostgreSQL) until both requests have read the record, checked their ETag and are
// waiting to write, which is the interleaving in which a check made before the write
// lets both through and the second silently overwrites the first. Exactly one must win.
func TestIfMatchConcurrentSaves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		path := "/api/v1/services/" + f.svcA
		etag := f.must(200, accReq{method: "GET", path: path, who: "agency"}).header.Get("ETag")

		ctx := context.Background()
		hold, err := st.DB().BeginTx(ctx, nil) // immediate on SQLite: the write lock
		if err != nil {
			t.Fatal(err)
		}
		defer hold.Rollback()
		if st.Dialect() == store.Postgres {
			if _, err := hold.ExecContext(ctx, `SELECT 1 FROM services WHERE id = $1 FOR UPDATE`, f.svcA); err != nil {
				t.Fatal(err)
			}
		}
		names := []string{"Saved by A", "Saved by B"}
		status := make([]int, len(names))
		errs := make([]error, len(names))
		var wg sync.WaitGroup
		for i, who := range []string{"agency", "admin"} {
			wg.Go(func() {
				status[i], errs[i] = patchWithIfMatch(f, path, who, etag, names[i])
			})
		}
		waitForWaitingWriters(t, st.DB(), 2)
		if err := hold.Rollback(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		winner := -1
		for i := range names {
			if errs[i] != nil {
				t.Fatalf("%s: %v", names[i], errs[i])
			}
			switch status[i] {
			case 200:
				if winner >= 0 {
					t.Fatalf("both saves answered 200: the second overwrote the first")
				}
				winner = i
			case 412:
			default:
				t.Errorf("%s: status %d", names[i], status[i])
			}
		}
		if winner < 0 {
			t.Fatalf("no save won: %v", status)
		}
		var got directory.Service
		f.must(200, accReq{method: "GET", path: path}).json(t, &got)
		if got.Name != names[winner] {
			t.Errorf("stored %q, but %q won", got.Name, names[winner])
		}
	})
}

// patchWithIfMatch renames a service; it reports errors instead of failing the test, so
// that it can run outside the test's goroutine.
func patchWithIfMatch(f *accFixture, path, who, etag, name string) (int, error) {
	body, err := json.Marshal(map[string]any{"name": name})
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequest("PATCH", f.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+f.users[who].Token)
	req.Header.Set("If-Match", etag)
	res, err := f.client.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

// waitForWaitingWriters waits until n requests besides the test's own transaction hold a
// connection of the pool for good: a request holds one only for the instant of a read,
// but all through a write transaction, which is where they wait for the test's lock.
func waitForWaitingWriters(t *testing.T, db *sql.DB, n int) {
	t.Helper()
	const steady = 40 // polls in a row, 5 ms apart
	deadline := time.Now().Add(8 * time.Second)
	for seen := 0; seen < steady; {
		if time.Now().After(deadline) {
			t.Fatalf("the saves did not reach their writes: %d connections in use, want %d", db.Stats().InUse, n+1)
		}
		if db.Stats().InUse == n+1 {
			seen++
		} else {
			seen = 0
		}
		time.Sleep(5 * time.Millisecond)
	}
}
