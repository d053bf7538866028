package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"handoff/directory"
	"handoff/store"
)

// recordImportRun keeps the import's outcome in the database's import history, which
// the admin page shows (GET /api/v1/imports). An import that failed is recorded too,
// with why; the history's own failure is reported beside the import's error.
func recordImportRun(ctx context.Context, st *store.Store, files []string, opts importOptions, rep *importReport,
	started time.Time, sum importSummary, importErr error) error {
	var sources []string
	for _, s := range rep.Sources {
		sources = append(sources, s.Source)
	}
	run := store.ImportRun{ID: directory.NewID(), StartedAt: started, FinishedAt: time.Now(), Files: strings.Join(files, "\n"),
		Sources: strings.Join(sources, "\n"), Strict: opts.Strict, Created: sum.Created, Updated: sum.Updated,
		Rejected: sum.Rejected, Warnings: sum.Warnings}
	if importErr != nil {
		run.Error = importErr.Error()
	}
	// The import's own context may be cancelled by now; the record still belongs in the history.
	if err := st.RecordImportRun(context.WithoutCancel(ctx), run); err != nil {
		return fmt.Errorf("keep the import in the history: %w", err)
	}
	return nil
}
