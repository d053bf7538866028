package store

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrationFS embed.FS

// ErrDatabaseNewer means the database was migrated by a newer Handoff than this binary;
// running would risk writing data in a shape the newer schema does not expect.
var ErrDatabaseNewer = errors.New("the database schema is newer than this binary")

// provider is goose over this store's migrations; opts adds the migration lock (see
// Migrate), which only Migrate takes: reading the version (the readiness check) must not
// wait for it.
func (s *Store) provider(opts ...goose.ProviderOption) (*goose.Provider, error) {
	sub, err := fs.Sub(migrationFS, "migrations/"+string(s.dialect))
	if err != nil {
		return nil, err
	}
	d := goose.DialectSQLite3
	if s.dialect == Postgres {
		d = goose.DialectPostgres
	}
	return goose.NewProvider(d, s.db.DB, sub, append([]goose.ProviderOption{
		goose.WithDisableGlobalRegistry(true),
		goose.WithGoMigrations(goMigrations(s.dialect)...)}, opts...)...)
}

// SchemaVersion returns the database's migration version and the newest this binary knows.
func (s *Store) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := s.provider()
	if err != nil {
		return 0, 0, fmt.Errorf("store: migrations: %w", err)
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: read schema version: %w", err)
	}
	srcs := p.ListSources()
	if len(srcs) > 0 {
		latest = srcs[len(srcs)-1].Version
	}
	return current, latest, nil
}

// Migrate brings the schema up to date. It refuses a database at a newer version.
//
// Several instances may start at once (a rolling upgrade, or two serve behind a load
// balancer): only one migrates at a time, and the others, once they have the lock, find
// nothing left to do (migrate_lock.go).
func (s *Store) Migrate(ctx context.Context) ([]int64, error) {
	lockOpt, unlock, err := s.migrationLock(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	cur, latest, err := s.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if cur > latest {
		return nil, fmt.Errorf("store: %w (database at version %d, this binary knows up to %d): upgrade Handoff", ErrDatabaseNewer, cur, latest)
	}
	p, err := s.provider(lockOpt...)
	if err != nil {
		return nil, err
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var applied []int64
	for _, r := range res {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// Current reports whether the schema is exactly at this binary's version.
func (s *Store) Current(ctx context.Context) (bool, error) {
	cur, latest, err := s.SchemaVersion(ctx)
	return err == nil && cur == latest, err
}
