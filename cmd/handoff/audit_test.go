package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/store"
)

func TestAuditVerifyAndExport(t *testing.T) {
	eachStore(t, func(t *testing.T, st *store.Store, where []string) {
		ctx := context.Background()
		for i := range 6 {
			if err := st.AppendAudit(ctx, store.AuditEntry{UserID: "u", Action: "read", RecordType: "person", RecordID: fmt.Sprint(i), Allowed: true}); err != nil {
				t.Fatal(err)
			}
		}
		run := func(args ...string) (string, error) {
			t.Helper()
			out, errOut, err := runUserCmd(t, "", append(args, where...)...)
			return out + errOut, err
		}
		if out, err := run("audit", "verify"); err != nil || !strings.Contains(out, "audit log intact: 6 rows") {
			t.Fatalf("verify: %v\n%s", err, out)
		}
		file := filepath.Join(t.TempDir(), "audit.jsonl")
		if out, err := run("audit", "export", "--from", "2000-01-01", "-o", file); err != nil || !strings.Contains(out, "wrote 6 audit rows") {
			t.Fatalf("export: %v\n%s", err, out)
		}
		if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("export file: %v %v", fi.Mode(), err)
		}
		if out, err := run("audit", "verify", "--file", file); err != nil || !strings.Contains(out, "intact: 6 rows") {
			t.Fatalf("verify the export: %v\n%s", err, out)
		}
		if out, err := run("audit", "verify", "--file", file, "--prev", strings.Repeat("0", 64)); err == nil {
			t.Errorf("an export that does not follow --prev verified:\n%s", out)
		}
		// The export itself is audited, and the log still holds with its row.
		if out, err := run("audit", "verify"); err != nil || !strings.Contains(out, "intact: 7 rows") {
			t.Fatalf("verify after the export: %v\n%s", err, out)
		}

		// A changed line in the export is found.
		data, _ := os.ReadFile(file)
		lines := strings.SplitAfter(string(data), "\n")
		lines[2] = strings.Replace(lines[2], `"record_id":"2"`, `"record_id":"9"`, 1)
		os.WriteFile(file, []byte(strings.Join(lines, "")), 0o600)
		if out, err := run("audit", "verify", "--file", file); err == nil || !strings.Contains(out, "BROKEN at row") {
			t.Errorf("a changed export verified: %v\n%s", err, out)
		}

		// A row changed behind the database's back is found, by seq and time.
		var seq int64
		var at string
		st.DB().QueryRow(`SELECT seq, at FROM audit_log WHERE record_id = '3'`).Scan(&seq, &at)
		off := `DROP TRIGGER audit_log_no_update`
		if st.Dialect() == store.Postgres {
			off = `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`
		}
		if _, err := st.DB().Exec(off); err != nil {
			t.Fatal(err)
		}
		if _, err := st.DB().Exec(`UPDATE audit_log SET allowed = $1 WHERE seq = $2`, false, seq); err != nil {
			t.Fatal(err)
		}
		out, err := run("audit", "verify")
		if want := fmt.Sprintf("BROKEN at row %d (%s)", seq, at); err == nil || !strings.Contains(out, want) {
			t.Errorf("verify after a change: %v\n%s\nwant %q", err, out, want)
		}
	})
}
