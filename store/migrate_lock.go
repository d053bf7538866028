package store

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/gofrs/flock"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

// migrationLock returns what keeps two instances from migrating one database at once,
// and the function that lets it go after Migrate.
//
// PostgreSQL: goose's session locker, a session-level advisory lock (pg_try_advisory_lock,
// retried each second for up to 15 minutes) on one connection, held around each of
// goose's steps: reading the version, and applying every pending migration. An instance
// that starts while another migrates waits, then finds nothing pending. The lock's key is
// derived from the schema (current_schema()), so that Handoff instances of different
// schemas in one database do not wait for each other, and from a Handoff-specific name
// rather than goose's default key, which other software using goose shares. If the
// process dies, PostgreSQL drops the lock with its connection.
//
// SQLite: an exclusive file lock (flock, or LockFileEx on Windows) on handoff.db.lock in
// the data folder, held for the whole of Migrate. SQLite's single writer alone is not
// enough: each migration is its own transaction, and a second process that read the
// version before the first applied a migration would apply it again.
func (s *Store) migrationLock(ctx context.Context) ([]goose.ProviderOption, func(), error) {
	if s.dialect == Postgres {
		var schema sql.NullString
		if err := s.db.GetContext(ctx, &schema, `SELECT current_schema()`); err != nil {
			return nil, nil, fmt.Errorf("store: migration lock: %w", err)
		}
		l, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID(schema.String)), lock.WithLockTimeout(1, 900))
		if err != nil {
			return nil, nil, fmt.Errorf("store: migration lock: %w", err)
		}
		return []goose.ProviderOption{goose.WithSessionLocker(l)}, func() {}, nil
	}
	if s.path == "" {
		return nil, func() {}, nil
	}
	f := flock.New(s.path + ".lock")
	ok, err := f.TryLockContext(ctx, 100*time.Millisecond)
	if err != nil || !ok {
		return nil, nil, fmt.Errorf("store: migration lock %s: %w", f.Path(), err)
	}
	return nil, func() { f.Unlock() }, nil
}

// migrationLockID is the advisory lock key for migrating the schema: an FNV-1a hash of
// "handoff migrate " and the schema's name.
func migrationLockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("handoff migrate " + schema))
	return int64(h.Sum64())
}
