package store

import (
	"context"
	"fmt"
	"time"
)

// ImportRun is one `handoff import`: when it ran, what it read, and what came of it.
type ImportRun struct {
	ID         string    `json:"id"`
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	// Files are the paths given, joined by newlines; Sources the CSV packages' source
	// names (from which their ids are minted), joined by newlines.
	Files    string `json:"files"`
	Sources  string `json:"sources"`
	Strict   bool   `json:"strict"`
	Created  int    `json:"created"`
	Updated  int    `json:"updated"`
	Rejected int    `json:"rejected"`
	Warnings int    `json:"warnings"`
	// Error is why the import stopped, "" when it ran to its end.
	Error string `json:"error"`
}

type importRunRow struct {
	ID         string `db:"id"`
	StartedAt  string `db:"started_at"`
	FinishedAt string `db:"finished_at"`
	Files      string `db:"files"`
	Sources    string `db:"sources"`
	Strict     bool   `db:"strict"`
	Created    int    `db:"created"`
	Updated    int    `db:"updated"`
	Rejected   int    `db:"rejected"`
	Warnings   int    `db:"warnings"`
	Error      string `db:"error"`
}

// RecordImportRun stores one import's outcome for the import history.
func (s *Store) RecordImportRun(ctx context.Context, r ImportRun) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO import_runs (id, started_at, finished_at, files, sources, strict, created, updated, rejected, warnings, error)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, r.ID, formatTime(r.StartedAt), formatTime(r.FinishedAt),
		r.Files, r.Sources, r.Strict, r.Created, r.Updated, r.Rejected, r.Warnings, r.Error)
	if err != nil {
		return fmt.Errorf("store: record import run: %w", err)
	}
	return nil
}

// ImportRuns returns one page of the imports run, newest first, and how many there are.
func (s *Store) ImportRuns(ctx context.Context, p Page) ([]ImportRun, int, error) {
	rows, total, err := selectPage[importRunRow](ctx, s.db, listQuery{what: "import runs", from: "import_runs",
		cols:  "id, started_at, finished_at, files, sources, strict, created, updated, rejected, warnings, error",
		order: "started_at DESC, id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]ImportRun, len(rows))
	for i, r := range rows {
		out[i] = ImportRun{ID: r.ID, StartedAt: optTime(r.StartedAt), FinishedAt: optTime(r.FinishedAt), Files: r.Files,
			Sources: r.Sources, Strict: r.Strict, Created: r.Created, Updated: r.Updated, Rejected: r.Rejected, Warnings: r.Warnings, Error: r.Error}
	}
	return out, total, nil
}
