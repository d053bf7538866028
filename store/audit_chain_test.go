package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"handoff/store"
	"handoff/store/storetest"
)

// appendSome writes n audit rows, one transaction each.
func appendSome(t *testing.T, st *store.Store, n int, tag string) {
	t.Helper()
	for i := range n {
		if err := st.AppendAudit(context.Background(), store.AuditEntry{UserID: "u-" + tag, Role: "admin", Action: "read",
			RecordType: "person", RecordID: fmt.Sprintf("%s-%d", tag, i), Allowed: i%2 == 0, Detail: "d"}); err != nil {
			t.Fatal(err)
		}
	}
}

// seqOf returns the seq of the i-th row (0-based, oldest first).
func seqOf(t *testing.T, st *store.Store, i int) (int64, string) {
	t.Helper()
	var seq int64
	var at string
	if err := st.DB().QueryRow(`SELECT seq, at FROM audit_log ORDER BY seq LIMIT 1 OFFSET $1`, i).Scan(&seq, &at); err != nil {
		t.Fatal(err)
	}
	return seq, at
}

// behindItsBack runs q with the append-only triggers out of the way, as someone with
// the database's owner rights could.
func behindItsBack(t *testing.T, st *store.Store, q string, args ...any) {
	t.Helper()
	off := []string{`DROP TRIGGER IF EXISTS audit_log_no_update`, `DROP TRIGGER IF EXISTS audit_log_no_delete`}
	if st.Dialect() == store.Postgres {
		off = []string{`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`}
	}
	for _, o := range off {
		if _, err := st.DB().Exec(o); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.DB().Exec(q, args...); err != nil {
		t.Fatal(err)
	}
}

func mustVerify(t *testing.T, st *store.Store) (*store.AuditChecker, *store.AuditBreak) {
	t.Helper()
	c, brk, err := st.VerifyAudit(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c, brk
}

func TestAuditLogRefusesChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		appendSome(t, st, 2, "a")
		if _, err := st.DB().Exec(`UPDATE audit_log SET detail = 'x'`); err == nil {
			t.Error("an UPDATE of the audit log went through")
		}
		if _, err := st.DB().Exec(`DELETE FROM audit_log`); err == nil {
			t.Error("a DELETE from the audit log went through")
		}
	})
}

func TestAuditVerifyFindsAChangedRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		appendSome(t, st, 10, "a")
		if c, brk := mustVerify(t, st); brk != nil || c.Rows != 10 {
			t.Fatalf("intact log: %d rows, break %+v", c.Rows, brk)
		}
		seq, at := seqOf(t, st, 4)
		behindItsBack(t, st, `UPDATE audit_log SET record_id = 'someone-else' WHERE seq = $1`, seq)
		c, brk := mustVerify(t, st)
		if brk == nil || brk.Seq != seq || brk.At != at {
			t.Fatalf("changed row %d: break %+v, want that row", seq, brk)
		}
		if c.Rows != 4 {
			t.Errorf("%d rows good before the break, want 4", c.Rows)
		}
	})
}

func TestAuditVerifyFindsARecomputedHash(t *testing.T) {
	// Whoever changes a row and recomputes its hash breaks the next row's link.
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		appendSome(t, st, 6, "a")
		seq, _ := seqOf(t, st, 2)
		var l store.AuditLink
		if err := st.EachAuditLink(context.Background(), seq, seq, func(x store.AuditLink) error { l = x; return nil }); err != nil {
			t.Fatal(err)
		}
		l.Allowed = !l.Allowed
		behindItsBack(t, st, `UPDATE audit_log SET allowed = $1, hash = $2 WHERE seq = $3`, l.Allowed, store.AuditHash(l.PrevHash, l), seq)
		next, _ := seqOf(t, st, 3)
		if _, brk := mustVerify(t, st); brk == nil || brk.Seq != next {
			t.Fatalf("break %+v, want at the row after %d", brk, seq)
		}
	})
}

func TestAuditVerifyFindsADeletedRow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		appendSome(t, st, 6, "a")
		seq, _ := seqOf(t, st, 3)
		next, at := seqOf(t, st, 4)
		behindItsBack(t, st, `DELETE FROM audit_log WHERE seq = $1`, seq)
		if _, brk := mustVerify(t, st); brk == nil || brk.Seq != next || brk.At != at {
			t.Fatalf("deleted row %d: break %+v, want at row %d", seq, brk, next)
		}
		first, _ := seqOf(t, st, 0)
		behindItsBack(t, st, `DELETE FROM audit_log WHERE seq = $1`, first)
		second, _ := seqOf(t, st, 0)
		if _, brk := mustVerify(t, st); brk == nil || brk.Seq != second {
			t.Fatalf("deleted first row: break %+v, want at row %d", brk, second)
		}
	})
}

func TestAuditChainHoldsUnderConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		const writers, each = 8, 25
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				tag := fmt.Sprint(w)
				for i := range each {
					e := store.AuditEntry{UserID: "u" + tag, Action: "read", RecordType: "person", RecordID: fmt.Sprint(i), Allowed: true}
					var err error
					if i%5 == 0 {
						// A list's rows, several in one transaction.
						err = st.AppendAuditRows(context.Background(), []store.AuditEntry{e, e, e})
					} else {
						err = st.AppendAudit(context.Background(), e)
					}
					if err != nil {
						t.Error(err)
						return
					}
				}
			})
		}
		wg.Wait()
		var n int
		if err := st.DB().QueryRow(`SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		want := writers * (each + 2*(each/5))
		c, brk := mustVerify(t, st)
		if brk != nil || c.Rows != n || n != want {
			t.Fatalf("%d rows (want %d), %d verified, break %+v", n, want, c.Rows, brk)
		}
	})
}

func TestAuditRangeExportsAPieceOfTheChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 10 {
			if err := st.AppendAudit(ctx, store.AuditEntry{At: base.Add(time.Duration(i) * time.Hour), Action: "read", Allowed: true}); err != nil {
				t.Fatal(err)
			}
		}
		first, last, ok, err := st.AuditRange(ctx, base.Add(3*time.Hour), base.Add(7*time.Hour))
		if err != nil || !ok {
			t.Fatal(ok, err)
		}
		var got []store.AuditLink
		if err := st.EachAuditLink(ctx, first, last, func(l store.AuditLink) error { got = append(got, l); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(got) != 4 {
			t.Fatalf("%d rows for 03:00 to 07:00, want 4", len(got))
		}
		c := store.NewAuditChecker(got[0].PrevHash)
		for _, l := range got {
			if brk := c.Check(l); brk != nil {
				t.Fatalf("exported piece: %+v", brk)
			}
		}
		if _, _, ok, _ := st.AuditRange(ctx, base.Add(30*time.Hour), time.Time{}); ok {
			t.Error("a range after the last row is not empty")
		}
	})
}

func TestAuditMigrationChainsOlderRows(t *testing.T) {
	for _, b := range []struct {
		name string
		cfg  func(t *testing.T) store.Config
	}{
		{"sqlite", func(t *testing.T) store.Config { return store.Config{DataDir: t.TempDir()} }},
		{"postgres", func(t *testing.T) store.Config { return storetest.EmptyPostgres(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, b.cfg(t))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.MigrateTo(ctx, 22); err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				if _, err := st.DB().Exec(`INSERT INTO audit_log (at, user_id, action, allowed) VALUES ($1, 'old', 'read', $2)`,
					fmt.Sprintf("2025-01-01T00:00:0%d.000000Z", i), i%2 == 0); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			appendSome(t, st, 3, "new")
			if c, brk := mustVerify(t, st); brk != nil || c.Rows != 8 {
				t.Fatalf("%d rows verified, break %+v", c.Rows, brk)
			}
			if _, err := st.DB().Exec(`UPDATE audit_log SET detail = 'x'`); err == nil {
				t.Error("the migration left the log open to updates")
			}
		})
	}
}
