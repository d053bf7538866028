package store

import (
	"context"
	"fmt"
	"hash/fnv"

	"github.com/gofrs/flock"
)

// TryPurgeLock takes the lock that keeps two purges (the daily job of several serve
// instances, a `handoff purge` beside them) from running at once, without waiting: ok is
// false when another holds it. On PostgreSQL it is a session advisory lock held on a
// connection of its own (dropped with the connection if the process dies); on SQLite an
// exclusive file lock on handoff.db.purge.lock. release lets it go.
func (s *Store) TryPurgeLock(ctx context.Context) (release func(), ok bool, err error) {
	if s.dialect == Postgres {
		conn, err := s.db.Connx(ctx)
		if err != nil {
			return nil, false, fmt.Errorf("store: purge lock: %w", err)
		}
		var schema string
		if err := conn.GetContext(ctx, &schema, `SELECT current_schema()`); err != nil {
			conn.Close()
			return nil, false, fmt.Errorf("store: purge lock: %w", err)
		}
		key := purgeLockID(schema)
		if err := conn.GetContext(ctx, &ok, `SELECT pg_try_advisory_lock($1)`, key); err != nil || !ok {
			conn.Close()
			if err != nil {
				return nil, false, fmt.Errorf("store: purge lock: %w", err)
			}
			return nil, false, nil
		}
		return func() {
			conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
			conn.Close()
		}, true, nil
	}
	if s.path == "" {
		return func() {}, true, nil
	}
	f := flock.New(s.path + ".purge.lock")
	if ok, err = f.TryLock(); err != nil || !ok {
		if err != nil {
			return nil, false, fmt.Errorf("store: purge lock %s: %w", f.Path(), err)
		}
		return nil, false, nil
	}
	return func() { f.Unlock() }, true, nil
}

// purgeLockID is the advisory lock key of purges: an FNV-1a hash of "handoff purge " and
// the schema's name, as migrationLockID.
func purgeLockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("handoff purge " + schema))
	return int64(h.Sum64())
}
