package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// auditRows counts the audit rows of one action on one record.
func auditRows(t *testing.T, st *store.Store, action, id string) int {
	t.Helper()
	_, n, err := st.AuditEntries(context.Background(), store.AuditFilter{Action: action, RecordID: id}, store.Page{Number: 1, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func writeService(ctx context.Context, st *store.Store, svc directory.Service, opts ...store.WriteOption) error {
	_, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &svc}}, opts...)
	return err
}

// TestGuardedDirectoryWrites: a write or delete conditional on a version read earlier
// fails with ErrConflict, changing nothing and auditing nothing, once another write has
// landed, whether on the record itself or on a record its representation embeds; with
// the current version it goes through, with its audit row.
func TestGuardedDirectoryWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := sample(directory.NewID())
		locID := svc.ServiceAtLocations[0].Location.ID
		if err := writeService(ctx, st, svc); err != nil {
			t.Fatal(err)
		}
		read := func() directory.Service {
			t.Helper()
			got, err := st.Service(ctx, svc.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		version := func(entity, id string) store.Unchanged {
			t.Helper()
			u, err := st.DirectoryVersion(ctx, entity, id)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		audit := func(action string) store.WriteOption {
			return store.WithAudit(store.AuditEntry{UserID: directory.NewID(), Role: "agency", Action: action, RecordType: "service", RecordID: svc.ID, Allowed: true})
		}

		stale := version("service", svc.ID)
		if len(stale) != 3 {
			t.Fatalf("a service's version names the service, its organization and its location: %+v", stale)
		}
		b := svc
		b.Name = "Changed by B"
		if err := writeService(ctx, st, b); err != nil {
			t.Fatal(err)
		}
		seq, _ := st.LastChange(ctx)
		a := svc
		a.Name = "A's stale copy"
		if err := writeService(ctx, st, a, store.IfUnchanged(stale), audit("update")); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("stale guarded write: %v, want ErrConflict", err)
		}
		if got := read(); got.Name != "Changed by B" {
			t.Errorf("a refused write changed the service: %q", got.Name)
		}
		if after, _ := st.LastChange(ctx); after != seq {
			t.Errorf("a refused write fed the change feed: %d -> %d", seq, after)
		}
		if n := auditRows(t, st, "update", svc.ID); n != 0 {
			t.Errorf("a refused write left %d audit rows", n)
		}

		// The current version passes, and the write moves it on.
		current := version("service", svc.ID)
		a.Name = "A, reapplied"
		if err := writeService(ctx, st, a, store.IfUnchanged(current), audit("update")); err != nil {
			t.Fatalf("guarded write with the current version: %v", err)
		}
		if got := read(); got.Name != "A, reapplied" {
			t.Errorf("guarded write did not land: %q", got.Name)
		}
		if n := auditRows(t, st, "update", svc.ID); n != 1 {
			t.Errorf("the guarded write left %d audit rows, want 1", n)
		}
		if err := writeService(ctx, st, a, store.IfUnchanged(current)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("the same version twice: %v, want ErrConflict", err)
		}

		// A change to the embedded location changes what a client of the service saw.
		before := version("service", svc.ID)
		loc := *svc.ServiceAtLocations[0].Location
		loc.Name = "Main site, renamed"
		locBefore := version("location", locID)
		if _, err := st.WriteLocation(ctx, &loc); err != nil {
			t.Fatal(err)
		}
		if err := writeService(ctx, st, a, store.IfUnchanged(before)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("service write after its location changed: %v, want ErrConflict", err)
		}
		loc.Name = "Stale location copy"
		if _, err := st.WriteLocation(ctx, &loc, store.IfUnchanged(locBefore)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale location write: %v, want ErrConflict", err)
		}
		if err := st.DeleteLocation(ctx, locID, store.IfUnchanged(locBefore)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale location delete: %v, want ErrConflict (before in use)", err)
		}
		if got, err := st.Location(ctx, locID); err != nil || got.Name != "Main site, renamed" {
			t.Errorf("location after refused writes: %q, %v", got.Name, err)
		}

		// Deletes: a stale one deletes nothing; a current one deletes, with its row.
		if err := st.DeleteService(ctx, svc.ID, store.IfUnchanged(before), audit("delete")); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale delete: %v, want ErrConflict", err)
		}
		read()
		now := version("service", svc.ID)
		if err := st.DeleteService(ctx, svc.ID, store.IfUnchanged(now), audit("delete")); err != nil {
			t.Fatalf("guarded delete: %v", err)
		}
		if n := auditRows(t, st, "delete", svc.ID); n != 1 {
			t.Errorf("the delete left %d audit rows, want 1", n)
		}
		// Gone is not the version the client named either.
		if err := writeService(ctx, st, a, store.IfUnchanged(now)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("guarded write of a deleted service: %v, want ErrConflict", err)
		}
		if _, err := st.Service(ctx, svc.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a refused write recreated the deleted service: %v", err)
		}
		if _, err := st.DirectoryVersion(ctx, "service", svc.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("version of a deleted service: %v, want ErrNotFound", err)
		}
	})
}

// TestGuardedWritesRace: clients that all read the same version and save at once
// each pass an ETag check made before the write, which is how updates got lost. With the
// check inside the write's transaction exactly one of them wins, whatever the order.
func TestGuardedWritesRace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := sample(directory.NewID())
		if err := writeService(ctx, st, svc); err != nil {
			t.Fatal(err)
		}
		u, err := st.DirectoryVersion(ctx, "service", svc.ID)
		if err != nil {
			t.Fatal(err)
		}
		const clients = 6
		errs := make([]error, clients)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range clients {
			wg.Go(func() {
				mine := svc
				mine.Name = "Saved by client " + string(rune('A'+i))
				<-start
				errs[i] = writeService(ctx, st, mine, store.IfUnchanged(u))
			})
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner < 0:
				winner = i
			case err == nil:
				t.Errorf("clients %d and %d both saved the same version", winner, i)
			case !errors.Is(err, store.ErrConflict):
				t.Errorf("client %d: %v", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no client saved")
		}
		if got, _ := st.Service(ctx, svc.ID); got.Name != "Saved by client "+string(rune('A'+winner)) {
			t.Errorf("stored %q, but client %d won", got.Name, winner)
		}
	})
}

// TestGuardedWriteMovesTheVersion: a guarded write must change the version even when the
// clock is behind the one it replaces (another instance's clock), or a second client
// holding the same copy would pass the check after it.
func TestGuardedWriteMovesTheVersion(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := sample(directory.NewID())
		svc.ServiceAtLocations = nil
		svc.Organization, svc.OrganizationID = nil, ""
		if err := writeService(ctx, st, svc); err != nil {
			t.Fatal(err)
		}
		future := "2999-01-01T00:00:00.000000Z"
		if _, err := st.DB().Exec(`UPDATE services SET updated_at = $1 WHERE id = $2`, future, svc.ID); err != nil {
			t.Fatal(err)
		}
		u, err := st.DirectoryVersion(ctx, "service", svc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := writeService(ctx, st, svc, store.IfUnchanged(u)); err != nil {
			t.Fatal(err)
		}
		var at string
		if err := st.DB().QueryRow(`SELECT updated_at FROM services WHERE id = $1`, svc.ID).Scan(&at); err != nil {
			t.Fatal(err)
		}
		if at <= future {
			t.Errorf("version after a guarded write: %s, want after %s", at, future)
		}
		if err := writeService(ctx, st, svc, store.IfUnchanged(u)); !errors.Is(err, store.ErrConflict) {
			t.Errorf("second write with the same version: %v, want ErrConflict", err)
		}
	})
}
