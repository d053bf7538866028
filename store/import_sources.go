package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ImportSource is a source a CSV package was imported under, remembered so that the next
// import of the same package mints the same ids.
type ImportSource struct {
	Name       string `db:"name"`
	Path       string `db:"path"` // the package's path at its last import, for messages
	ImportedAt string `db:"imported_at"`
}

// ImportSources lists the remembered sources, by name.
func (s *Store) ImportSources(ctx context.Context) ([]ImportSource, error) {
	var out []ImportSource
	if err := sqlx.SelectContext(ctx, s.db, &out, `SELECT name, path, imported_at FROM import_sources ORDER BY name`); err != nil {
		return nil, fmt.Errorf("store: import sources: %w", err)
	}
	return out, nil
}

// RememberImportSource records (or refreshes) a source a package was imported under.
func (s *Store) RememberImportSource(ctx context.Context, name, path string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO import_sources (name, path, imported_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET path = excluded.path, imported_at = excluded.imported_at`,
		name, path, formatTime(time.Now()))
	if err != nil {
		return fmt.Errorf("store: remember import source %q: %w", name, err)
	}
	return nil
}

// CountServicesIn counts how many of the ids are services in the directory.
func (s *Store) CountServicesIn(ctx context.Context, ids []string) (int, error) {
	n := 0
	for start := 0; start < len(ids); start += loadBatch {
		q, args, err := sqlx.In(`SELECT COUNT(*) FROM services WHERE id IN (?)`, ids[start:min(start+loadBatch, len(ids))])
		if err != nil {
			return 0, err
		}
		var part int
		if err := sqlx.GetContext(ctx, s.db, &part, s.db.Rebind(q), args...); err != nil {
			return 0, fmt.Errorf("store: count services: %w", err)
		}
		n += part
	}
	return n, nil
}
