package main

import (
	"context"
	"testing"

	"handoff/store"
	"handoff/store/storetest"
)

// TestImportHistory: each import is kept in the import history with its source and
// counts, the newest first, a failed strict one too with why it stopped; the admin
// page reads it (GET /api/v1/imports). On SQLite and PostgreSQL.
func TestImportHistory(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		sum, errs, err := importFile(t, st, ohanaCSV, false)
		if err != nil {
			t.Fatalf("import: %v\n%s", err, errs)
		}
		if _, _, err := importFile(t, st, "testdata/no-such-file.ndjson", true); err == nil {
			t.Fatal("importing a missing file succeeded")
		}
		runs, total, err := st.ImportRuns(ctx, store.Page{Number: 1, PerPage: 10})
		if err != nil || total != 2 || len(runs) != 2 {
			t.Fatalf("history: %d runs of %d, %v", len(runs), total, err)
		}
		failed, ok := runs[0], runs[1]
		if failed.Error == "" || !failed.Strict || failed.Files != "testdata/no-such-file.ndjson" {
			t.Errorf("the failed import: %+v", failed)
		}
		if ok.Error != "" || ok.Created != sum.Created || ok.Warnings != sum.Warnings || ok.Sources == "" || ok.Files != ohanaCSV ||
			ok.FinishedAt.Before(ok.StartedAt) {
			t.Errorf("the import: %+v, summary %+v", ok, sum)
		}
	})
}
