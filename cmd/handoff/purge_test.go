package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"handoff/store"
	"handoff/store/storetest"
)

// TestPurgeCommand runs `handoff purge` on each database: nonsense periods are refused
// naming their flag, a dry run counts and changes nothing, a purge of old audit rows
// leaves a log that `audit verify` checks from its anchor.
func TestPurgeCommand(t *testing.T) {
	eachStore(t, func(t *testing.T, st *store.Store, where []string) {
		t.Setenv(dataKeyEnv, "")
		ctx := context.Background()
		old := time.Now().AddDate(-8, 0, 0)
		for i := range 12 {
			if err := st.AppendAudit(ctx, store.AuditEntry{At: old.Add(time.Duration(i) * time.Minute), Action: "read", RecordType: "person",
				RecordID: "p", Allowed: true}); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.AppendAudit(ctx, store.AuditEntry{Action: "read", RecordType: "person", RecordID: "q", Allowed: true}); err != nil {
			t.Fatal(err)
		}
		run := func(args ...string) (string, error) {
			t.Helper()
			out, errOut, err := runUserCmd(t, "", append(args, where...)...)
			return out + errOut, err
		}
		for _, bad := range [][]string{{"--retain-encounters", "0d"}, {"--retain-notes", "soon"}, {"--retain-audit", "7x"}, {"--retain-consents", "200y"}} {
			if out, err := run(append([]string{"purge", "--dry-run"}, bad...)...); err == nil || !strings.Contains(err.Error(), bad[0]) {
				t.Errorf("purge %v: %v\n%s; want refused naming the flag", bad, err, out)
			}
		}
		out, err := run("purge", "--dry-run")
		if err != nil || !strings.Contains(out, "Dry run: nothing was changed") || !strings.Contains(out, "audit rows       12  written before") ||
			!strings.Contains(out, "--retain-encounters  7y") || !strings.Contains(out, "No data key") {
			t.Fatalf("dry run: %v\n%s", err, out)
		}
		if out, err := run("audit", "verify"); err != nil || !strings.Contains(out, "intact: 13 rows") || strings.Contains(out, "anchor") {
			t.Fatalf("verify after the dry run: %v\n%s", err, out)
		}
		if out, err := run("purge", "--retain-audit", "7y"); err != nil || !strings.Contains(out, "audit rows       12  written before") {
			t.Fatalf("purge: %v\n%s", err, out)
		}
		out, err = run("audit", "verify")
		// Left: the newer row, the purge's batch row and its summary row.
		if err != nil || !strings.Contains(out, "verified from their anchor") || !strings.Contains(out, "intact: 3 rows") {
			t.Fatalf("verify after the purge: %v\n%s", err, out)
		}
		t.Logf("audit verify after the purge:\n%s", out)
		rows, _, err := st.AuditEntries(ctx, store.AuditFilter{Action: "purge", RecordType: "run"}, store.Page{Number: 1, PerPage: 5})
		if err != nil || len(rows) != 1 || !strings.Contains(rows[0].Detail, "by=cli user=") || !strings.Contains(rows[0].Detail, "audit_rows=12") {
			t.Errorf("the run's audit row: %+v %v", rows, err)
		}
	})
}

// TestPurgeIfDue is serve's daily job: it runs when no purge finished in the last day
// (kept in the database, so a restart changes nothing), not again the same day, and not
// while another instance holds the purge lock.
func TestPurgeIfDue(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		rc := &retentionConfig{Encounters: "7y", Referrals: "7y", Notes: "7y", Consents: "7y", Audit: "7y", Batch: 100}
		now := time.Now()
		if ran, err := purgeIfDue(ctx, st, nil, rc, now, log); err != nil || !ran {
			t.Fatalf("first check: ran %v, %v", ran, err)
		}
		if ran, err := purgeIfDue(ctx, st, nil, rc, now.Add(23*time.Hour), log); err != nil || ran {
			t.Fatalf("the same day: ran %v, %v", ran, err)
		}
		release, ok, err := st.TryPurgeLock(ctx)
		if err != nil || !ok {
			t.Fatalf("lock: %v %v", ok, err)
		}
		if ran, err := purgeIfDue(ctx, st, nil, rc, now.Add(25*time.Hour), log); err != nil || ran {
			t.Fatalf("while another holds the lock: ran %v, %v", ran, err)
		}
		release()
		if ran, err := purgeIfDue(ctx, st, nil, rc, now.Add(25*time.Hour), log); err != nil || !ran {
			t.Fatalf("a day later: ran %v, %v", ran, err)
		}
		last, err := st.LastPurge(ctx)
		if err != nil || now.Sub(last) > time.Minute {
			t.Errorf("last purge %v, %v", last, err)
		}
	})
}
