package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"handoff/directory"
)

// Change is one row of the change feed: a directory record that was created, updated or
// deleted, in commit order of its sequence number.
type Change struct {
	Seq       int64  `db:"seq"`
	Entity    string `db:"entity"` // "service", "location", "organization"
	EntityID  string `db:"entity_id"`
	Op        string `db:"op"`
	ChangedAt string `db:"changed_at"`
}

// Mark identifies a change beyond its number: a follower that remembers the mark of the
// last change it applied can tell when it is pointed at another database whose feed has
// a change with the same number.
func (c Change) Mark() string { return c.ChangedAt + "|" + c.Entity + "|" + c.EntityID }

// NotifyChannel is the PostgreSQL channel every directory write notifies on commit.
const NotifyChannel = "handoff_changes"

// ChangesSince returns up to limit changes after seq, oldest first.
func (s *Store) ChangesSince(ctx context.Context, seq int64, limit int) ([]Change, error) {
	var out []Change
	err := s.db.SelectContext(ctx, &out,
		`SELECT seq, entity, entity_id, op, changed_at FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2`, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("store: read changes: %w", err)
	}
	return out, nil
}

// ChangeAt returns the change with sequence number seq; ok is false when there is none.
func (s *Store) ChangeAt(ctx context.Context, seq int64) (c Change, ok bool, err error) {
	err = s.db.GetContext(ctx, &c, `SELECT seq, entity, entity_id, op, changed_at FROM changes WHERE seq = $1`, seq)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("store: read change %d: %w", seq, err)
	}
	return c, true, nil
}

// HeadChange returns the newest change; ok is false when the feed is empty.
func (s *Store) HeadChange(ctx context.Context) (c Change, ok bool, err error) {
	err = s.db.GetContext(ctx, &c, `SELECT seq, entity, entity_id, op, changed_at FROM changes ORDER BY seq DESC LIMIT 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return c, false, nil
	}
	if err != nil {
		return c, false, fmt.Errorf("store: read the newest change: %w", err)
	}
	return c, true, nil
}

// ServicesTouched returns the ids of the services the changes affect: changed services
// themselves, the services delivered at changed locations, and the services of changed
// organizations (a service's listing shows its organization and its locations).
// Deleted services are included, so that a follower drops them.
func (s *Store) ServicesTouched(ctx context.Context, changes []Change) ([]string, error) {
	seen := map[string]bool{}
	var out, locs, orgs []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, c := range changes {
		switch c.Entity {
		case "service":
			add(c.EntityID)
		case "location":
			locs = append(locs, c.EntityID)
		case "organization":
			orgs = append(orgs, c.EntityID)
		}
	}
	for _, q := range []struct {
		sql string
		ids []string
	}{
		{`SELECT DISTINCT service_id FROM service_at_location WHERE location_id IN (?)`, unique(locs)},
		{`SELECT id FROM services WHERE organization_id IN (?)`, unique(orgs)},
	} {
		for start := 0; start < len(q.ids); start += loadBatch {
			part := q.ids[start:min(start+loadBatch, len(q.ids))]
			query, args, err := sqlx.In(q.sql, part)
			if err != nil {
				return nil, err
			}
			var ids []string
			if err := s.db.SelectContext(ctx, &ids, s.db.Rebind(query), args...); err != nil {
				return nil, fmt.Errorf("store: services touched: %w", err)
			}
			for _, id := range ids {
				add(id)
			}
		}
	}
	return out, nil
}

// WatchOptions tune WatchChanges.
type WatchOptions struct {
	// DatabaseURL is the PostgreSQL URL to LISTEN on (the store's own config); empty on
	// SQLite.
	DatabaseURL string
	// Poll is how often SQLite's feed is checked (default 100 ms). PostgreSQL is not
	// polled here: followers keep their own slower safety poll.
	Poll time.Duration
	// OnError hears about connection trouble (a listener reconnecting).
	OnError func(error)
}

// WatchChanges returns a channel that receives when the change feed may have moved, until
// ctx ends. Wake-ups are coalesced: one pending at most.
//
// On PostgreSQL it LISTENs on NotifyChannel, which every write notifies when it commits,
// in this process or any other on the same database; after a lost connection is
// re-established it wakes once, since notifications sent meanwhile are lost and the
// follower must catch up from its sequence number. On SQLite, whose writers are all in
// this process or on this machine, it polls the newest sequence number, a primary-key
// lookup.
func (s *Store) WatchChanges(ctx context.Context, opts WatchOptions) <-chan struct{} {
	out := make(chan struct{}, 1)
	wake := func() {
		select {
		case out <- struct{}{}:
		default:
		}
	}
	if opts.OnError == nil {
		opts.OnError = func(error) {}
	}
	if s.dialect == Postgres && opts.DatabaseURL != "" {
		go s.listen(ctx, opts, wake)
		return out
	}
	poll := opts.Poll
	if poll <= 0 {
		poll = 100 * time.Millisecond
	}
	// The first reading is taken before returning, so that every later change wakes
	// the follower, even one made before the first tick.
	last, err := s.LastChange(ctx)
	if err != nil {
		last = -1
	}
	go func() {
		t := time.NewTicker(poll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			seq, err := s.LastChange(ctx)
			if err != nil {
				if ctx.Err() == nil {
					opts.OnError(err)
				}
				continue
			}
			if seq != last {
				if last >= 0 {
					wake()
				}
				last = seq
			}
		}
	}()
	return out
}

// listen runs a pq.Listener until ctx ends. lib/pq's listener reconnects by itself with
// backoff; it reports a reconnection with a nil notification, which wakes the follower.
func (s *Store) listen(ctx context.Context, opts WatchOptions, wake func()) {
	l := pq.NewListener(opts.DatabaseURL, 50*time.Millisecond, 2*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventConnectionAttemptFailed, pq.ListenerEventDisconnected:
			if err != nil {
				opts.OnError(fmt.Errorf("store: change listener: %w", err))
			}
		case pq.ListenerEventReconnected:
			wake()
		}
	})
	defer l.Close()
	for {
		if err := l.Listen(NotifyChannel); err != nil && !errors.Is(err, pq.ErrChannelAlreadyOpen) {
			opts.OnError(fmt.Errorf("store: LISTEN %s: %w", NotifyChannel, err))
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
				continue
			}
		}
		break
	}
	wake() // changes made before LISTEN took effect
	ping := time.NewTicker(30 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-l.Notify:
			wake()
		case <-ping.C:
			// A half-open connection is only noticed when used; the ping makes the
			// listener notice and reconnect.
			go l.Ping()
		}
	}
}

// Feed is the store as the search index reads it (it satisfies search.Feed without this
// package importing search): the change feed and compiled services.
type Feed struct{ Store *Store }

// Head is the newest change's sequence number and mark (0 and "" when there is none).
func (f Feed) Head(ctx context.Context) (int64, string, error) {
	c, ok, err := f.Store.HeadChange(ctx)
	if err != nil || !ok {
		return 0, "", err
	}
	return c.Seq, c.Mark(), nil
}

// Mark is the mark of change seq; ok is false when there is no such change.
func (f Feed) Mark(ctx context.Context, seq int64) (string, bool, error) {
	c, ok, err := f.Store.ChangeAt(ctx, seq)
	if err != nil || !ok {
		return "", false, err
	}
	return c.Mark(), true, nil
}

// Changed reads up to limit changes after seq and returns the services they touch and the
// position reached.
func (f Feed) Changed(ctx context.Context, after int64, limit int) ([]string, int64, string, error) {
	changes, err := f.Store.ChangesSince(ctx, after, limit)
	if err != nil || len(changes) == 0 {
		return nil, after, "", err
	}
	ids, err := f.Store.ServicesTouched(ctx, changes)
	if err != nil {
		return nil, after, "", err
	}
	last := changes[len(changes)-1]
	return ids, last.Seq, last.Mark(), nil
}

// Services loads compiled services.
func (f Feed) Services(ctx context.Context, ids []string) ([]directory.Service, error) {
	return f.Store.Services(ctx, ids)
}

// EachServiceBatch walks every service id. It starts a full index build, which loads
// services on several connections at once: the SQLite pool then keeps as many idle
// connections as it may open, since closing one throws away its page cache and the
// default of two idle connections made the loaders reopen one for nearly every query
// (measured: a third of a 100,000-service build). Idle connections close after a minute.
func (f Feed) EachServiceBatch(ctx context.Context, size int, fn func([]string) error) error {
	if f.Store.dialect == SQLite {
		f.Store.db.SetMaxIdleConns(8)
		f.Store.db.SetConnMaxIdleTime(time.Minute)
	}
	return f.Store.EachServiceBatch(ctx, ServiceFilter{}, size, fn)
}

// EndBulkRead closes the extra idle connections a full build kept, with their page
// caches (search.BulkReader).
func (f Feed) EndBulkRead() {
	if f.Store.dialect == SQLite {
		f.Store.db.SetMaxIdleConns(0) // closes every idle connection now, caches and all
		f.Store.db.SetMaxIdleConns(2) // then database/sql's default again
	}
}

// CountServices counts the services.
func (f Feed) CountServices(ctx context.Context) (int, error) { return f.Store.CountServices(ctx) }
