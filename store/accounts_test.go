package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// accountsOrg writes an organization for accounts to belong to.
func accountsOrg(t *testing.T, st *store.Store) string {
	t.Helper()
	o := directory.Organization{ID: directory.NewID(), Name: "Agency", Description: "x"}
	if _, err := st.WriteAll(context.Background(), []directory.Record{{Line: 1, Organization: &o}}); err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func TestUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := accountsOrg(t, st)
		u := store.User{ID: directory.NewID(), Email: "ana@example.org", Name: "Ana", Role: "agency", OrganizationID: org, PasswordHash: "$argon2id$x"}
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		got, err := st.UserByEmail(ctx, "ana@example.org")
		if err != nil || got.ID != u.ID || got.OrganizationID != org || got.Disabled || got.CreatedAt.IsZero() {
			t.Fatalf("%+v %v", got, err)
		}
		dup := u
		dup.ID = directory.NewID()
		if err := st.CreateUser(ctx, dup); !errors.Is(err, store.ErrEmailTaken) {
			t.Errorf("duplicate email: %v", err)
		}
		stray := store.User{ID: directory.NewID(), Email: "b@example.org", Name: "B", Role: "agency", OrganizationID: directory.NewID(), PasswordHash: "h"}
		if err := st.CreateUser(ctx, stray); !errors.Is(err, store.ErrUnknownOrganization) {
			t.Errorf("unknown organization: %v", err)
		}
		// The schema itself insists: agency staff have an organization, roles are known.
		if _, err := st.DB().Exec(`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('x', 'x@example.org', 'X', 'agency', 'h', 't', 't')`); err == nil {
			t.Error("an agency user without organization was stored")
		}
		if _, err := st.DB().Exec(`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('y', 'y@example.org', 'Y', 'root', 'h', 't', 't')`); err == nil {
			t.Error("an unknown role was stored")
		}
		if _, err := st.UserByID(ctx, directory.NewID()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing user: %v", err)
		}

		// Failed logins count in the database and lock.
		now := time.Now()
		lock := now.Add(time.Hour)
		for i := 0; i < 3; i++ {
			if err := st.RecordLoginFailure(ctx, u.ID, func(n int) (int, time.Time) {
				if n == 2 {
					return 0, lock
				}
				return n + 1, time.Time{}
			}); err != nil {
				t.Fatal(err)
			}
		}
		got, _ = st.UserByID(ctx, u.ID)
		if got.FailedLogins != 0 || !got.LockedUntil.Equal(lock.UTC().Truncate(time.Microsecond)) {
			t.Errorf("after three failures: %d, %v", got.FailedLogins, got.LockedUntil)
		}
		if err := st.ClearLoginFailures(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = st.UserByID(ctx, u.ID)
		if !got.LockedUntil.IsZero() {
			t.Error("the lock was not cleared")
		}

		// Sessions end when the account is disabled or its password set.
		sess := store.Session{ID: directory.NewID(), TokenHash: "hash-1", UserID: u.ID, CreatedAt: now, LastSeenAt: now}
		if err := st.CreateSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		if s, su, err := st.SessionByTokenHash(ctx, "hash-1"); err != nil || s.ID != sess.ID || su.ID != u.ID {
			t.Fatalf("session: %+v %+v %v", s, su, err)
		}
		keep := store.Session{ID: directory.NewID(), TokenHash: "hash-2", UserID: u.ID, CreatedAt: now, LastSeenAt: now}
		st.CreateSession(ctx, keep)
		old := store.APIToken{ID: directory.NewID(), TokenHash: "old-token-hash", UserID: u.ID, Name: "made with the old password", CreatedAt: now}
		if err := st.CreateAPIToken(ctx, old); err != nil {
			t.Fatal(err)
		}
		if err := st.SetPassword(ctx, u.ID, "$argon2id$new", keep.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.APITokenByHash(ctx, "old-token-hash"); !errors.Is(err, store.ErrNotFound) {
			t.Error("a password change left an API token working (issue 11 #8)")
		}
		if _, _, err := st.SessionByTokenHash(ctx, "hash-1"); !errors.Is(err, store.ErrNotFound) {
			t.Error("a password change left another session open")
		}
		if _, _, err := st.SessionByTokenHash(ctx, "hash-2"); err != nil {
			t.Error("a password change ended the session that made it")
		}
		tok := store.APIToken{ID: directory.NewID(), TokenHash: "token-hash", UserID: u.ID, Name: "sync", CreatedAt: now}
		if err := st.CreateAPIToken(ctx, tok); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteAPIToken(ctx, directory.NewID(), tok.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("someone else deleted the token: %v", err)
		}
		got.Disabled = true
		if err := st.UpdateUser(ctx, got); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.SessionByTokenHash(ctx, "hash-2"); !errors.Is(err, store.ErrNotFound) {
			t.Error("a disabled account kept its session")
		}
		if _, _, err := st.APITokenByHash(ctx, "token-hash"); !errors.Is(err, store.ErrNotFound) {
			t.Error("a disabled account's API token still works")
		}
		list, total, err := st.Users(ctx, store.UserFilter{OrganizationID: org}, store.Page{Number: 1, PerPage: 10})
		if err != nil || total != 1 || len(list) != 1 || !list[0].Disabled {
			t.Errorf("users of the organization: %+v %d %v", list, total, err)
		}
		// Revoked, not hidden: enabling the account again brings no token back.
		got.Disabled = false
		if err := st.UpdateUser(ctx, got); err != nil {
			t.Fatal(err)
		}
		if _, _, err := st.APITokenByHash(ctx, "token-hash"); !errors.Is(err, store.ErrNotFound) {
			t.Error("an account disabled and enabled again has its API token back (issue 11 #8)")
		}
		if err := st.DeleteAPIToken(ctx, u.ID, tok.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the disabled account's token was still there to delete: %v", err)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		for i, a := range []string{"login", "create", "login", "delete"} {
			e := store.AuditEntry{At: t0.Add(time.Duration(i) * time.Hour), UserID: "u1", Role: "admin", ClientIP: "10.0.0.1",
				Action: a, RecordType: "service", RecordID: "s1", Allowed: i != 2}
			if err := st.AppendAudit(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		items, total, err := st.AuditEntries(ctx, store.AuditFilter{Action: "login"}, store.Page{Number: 1, PerPage: 10})
		if err != nil || total != 2 || len(items) != 2 || items[0].Seq < items[1].Seq || items[0].Allowed {
			t.Fatalf("login rows, newest first: %+v %d %v", items, total, err)
		}
		_, total, _ = st.AuditEntries(ctx, store.AuditFilter{From: t0.Add(time.Hour), To: t0.Add(3 * time.Hour)}, store.Page{Number: 1, PerPage: 10})
		if total != 2 {
			t.Errorf("rows in [1h, 3h): %d", total)
		}
		var walked int
		st.EachAuditBatch(ctx, store.AuditFilter{UserID: "u1"}, 3, func(b []store.AuditEntry) error { walked += len(b); return nil })
		if walked != 4 {
			t.Errorf("walked %d rows", walked)
		}
		for _, q := range []string{`UPDATE audit_log SET allowed = $1`, `DELETE FROM audit_log WHERE allowed = $1`} {
			if _, err := st.DB().Exec(q, true); err == nil {
				t.Errorf("%s succeeded", q)
			}
		}
		if st.Dialect() == store.Postgres {
			if _, err := st.DB().Exec(`TRUNCATE audit_log`); err == nil {
				t.Error("TRUNCATE succeeded")
			}
		}
		if _, total, _ := st.AuditEntries(ctx, store.AuditFilter{}, store.Page{Number: 1, PerPage: 10}); total != 4 {
			t.Errorf("%d rows left of 4", total)
		}
	})
}

func TestDeleteListings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := accountsOrg(t, st)
		locID, svcID := directory.NewID(), directory.NewID()
		svc := directory.Service{ID: svcID, Name: "S", Status: "active", OrganizationID: org,
			Phones: []directory.Phone{{Number: "1"}}, Schedules: []directory.Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "17:00"}},
			ServiceAtLocations: []directory.ServiceAtLocation{{Location: &directory.Location{ID: locID, LocationType: "physical", OrganizationID: org,
				Addresses: []directory.Address{{Address1: "1 Main", City: "Ware"}}}, Phones: []directory.Phone{{Number: "2"}}}}}
		directory.NormalizeService(&svc)
		if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &svc}}); err != nil {
			t.Fatal(err)
		}
		var inUse *store.InUseError
		if err := st.DeleteLocation(ctx, locID); !errors.As(err, &inUse) || inUse.Detail != "1 service" {
			t.Errorf("deleting a location in use: %v", err)
		}
		if err := st.DeleteOrganization(ctx, org); !errors.As(err, &inUse) || inUse.Detail != "1 service, 1 location" {
			t.Errorf("deleting an organization in use: %v", err)
		}
		seq, _ := st.LastChange(ctx)
		if err := st.DeleteService(ctx, svcID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteService(ctx, svcID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
		for _, table := range []string{"phones", "schedules", "service_at_location"} {
			var n int
			st.DB().QueryRow("SELECT count(*) FROM " + table).Scan(&n)
			if n != 0 {
				t.Errorf("%d rows left in %s", n, table)
			}
		}
		if err := st.DeleteLocation(ctx, locID); err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteOrganization(ctx, org); err != nil {
			t.Fatal(err)
		}
		rows, _ := st.DB().Query(`SELECT entity, op FROM changes WHERE seq > $1 ORDER BY seq`, seq)
		var feed []string
		for rows.Next() {
			var e, op string
			rows.Scan(&e, &op)
			feed = append(feed, e+" "+op)
		}
		rows.Close()
		if len(feed) != 3 || feed[0] != "service delete" || feed[1] != "location delete" || feed[2] != "organization delete" {
			t.Errorf("change feed: %v", feed)
		}
	})
}
