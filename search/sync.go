package search

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// How the index follows the change feed.
const (
	// catchUpBatch is how many changes are read and applied at a time.
	catchUpBatch = 1000
	// rebuildBehind: an index further behind than this many changes (and than half its
	// size) is rebuilt rather than replayed; building is much faster per service.
	rebuildBehind = 20_000
	// safetyPoll catches up even without a wake-up, should a notification be lost.
	safetyPoll = 5 * time.Second
	retryDelay = 200 * time.Millisecond
)

// errWrongDatabase means the index followed another database's feed.
var errWrongDatabase = errors.New("search: the index was built from another database")

// Start brings the index up to date — building it when it is missing, unusable, far
// behind or from another database — and then follows the feed in the background until
// ctx ends: on every wake-up (LISTEN/NOTIFY, or the store's polling), and every few
// seconds regardless. Ready is nil from the first time the index is caught up.
func (e *Engine) Start(ctx context.Context, feed Feed, wake <-chan struct{}) {
	e.feed.Store(&feed)
	go func() {
		for ctx.Err() == nil {
			if err := e.Sync(ctx, feed, e.logProgress()); err != nil {
				if ctx.Err() != nil {
					return
				}
				e.lastErr.Store(err.Error())
				e.opts.Log.Error("search index: not ready", "err", err)
				sleep(ctx, 2*time.Second)
				continue
			}
			break
		}
		e.lastErr.Store("")
		e.ready.Store(true)
		e.follow(ctx, feed, wake)
	}()
}

// Sync brings the index up to date with the feed once: it builds the index when it is
// missing, unusable, far behind or from another database, and otherwise catches up.
// progress (which may be nil) hears about a build. serve runs it on start; import runs it
// after writing, so that the next serve is ready at once.
func (e *Engine) Sync(ctx context.Context, feed Feed, progress Progress) error {
	if e.cur.Load() == nil {
		return e.Rebuild(ctx, feed, progress)
	}
	if ix := e.cur.Load(); ix != nil && ix.wasteful() {
		// Every update appends views; a rebuild writes only the live ones.
		e.opts.Log.Info("search index: rebuilding to compact the views file")
		return e.Rebuild(ctx, feed, progress)
	}
	err := e.CatchUp(ctx, feed)
	if errors.Is(err, errWrongDatabase) || errors.Is(err, errTooFarBehind) {
		e.opts.Log.Info("search index: rebuilding", "reason", err.Error())
		return e.Rebuild(ctx, feed, progress)
	}
	return err
}

// logProgress logs a build's progress every tenth of the way.
func (e *Engine) logProgress() Progress {
	next := 0.1
	return func(done, total int) {
		if total > 0 && float64(done)/float64(total) >= next {
			e.opts.Log.Info("building search index", "services", done, "of", total)
			for float64(done)/float64(total) >= next {
				next += 0.1
			}
		}
	}
}

// follow applies changes as they come, until ctx ends.
func (e *Engine) follow(ctx context.Context, feed Feed, wake <-chan struct{}) {
	tick := time.NewTicker(safetyPoll)
	defer tick.Stop()
	for first := true; ; first = false {
		if !first { // the first round catches up what came while the index was built
			select {
			case <-ctx.Done():
				return
			case <-wake:
			case <-tick.C:
			}
		}
		for ctx.Err() == nil {
			err := e.CatchUp(ctx, feed)
			if err == nil {
				e.lastErr.Store("")
				break
			}
			if errors.Is(err, errWrongDatabase) || errors.Is(err, errTooFarBehind) {
				if err = e.Rebuild(ctx, feed, e.logProgress()); err == nil {
					continue
				}
			}
			// A dropped connection: database/sql reconnects on the next try.
			e.lastErr.Store(err.Error())
			e.opts.Log.Warn("search index: catching up failed; retrying", "err", err)
			sleep(ctx, retryDelay)
		}
	}
}

var errTooFarBehind = errors.New("search: the index is far behind the change feed")

// CatchUp applies every change after the index's position, in batches, and returns when
// the index has reached the feed's head. Each batch reloads the services the changes
// touched and replaces their documents, with the new position, in one index batch.
func (e *Engine) CatchUp(ctx context.Context, feed Feed) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	ix := e.cur.Load()
	if ix == nil {
		return ErrNotReady
	}
	seq, mark := ix.Position()
	head, _, err := feed.Head(ctx)
	if err != nil {
		return err
	}
	if head == seq && seq == 0 {
		return nil
	}
	if seq > 0 {
		m, ok, err := feed.Mark(ctx, seq)
		if err != nil {
			return err
		}
		if !ok || m != mark {
			return errWrongDatabase
		}
	}
	if head-seq > rebuildBehind && head-seq > int64(ix.Len()/2) {
		return fmt.Errorf("%w (%d changes)", errTooFarBehind, head-seq)
	}
	for seq < head {
		ids, next, nextMark, err := feed.Changed(ctx, seq, catchUpBatch)
		if err != nil {
			return err
		}
		if next <= seq {
			break
		}
		u := Update{Seq: next, Mark: nextMark}
		if len(ids) > 0 {
			if u.Services, err = feed.Services(ctx, ids); err != nil {
				return err
			}
			found := make(map[string]bool, len(u.Services))
			for _, s := range u.Services {
				found[s.ID] = true
			}
			for _, id := range ids {
				if !found[id] {
					u.Deleted = append(u.Deleted, id)
				}
			}
		}
		if err := ix.apply(ctx, u); err != nil {
			return err
		}
		seq = next
	}
	return nil
}

// Refresh catches up now, for a caller that has just written and wants its write in the
// very next search, without waiting for the wake-up (about 100 ms on SQLite, a few on
// PostgreSQL). It needs Start to have run.
func (e *Engine) Refresh(ctx context.Context) error {
	feed := e.feed.Load()
	if feed == nil || e.cur.Load() == nil {
		return ErrNotReady
	}
	return e.CatchUp(ctx, *feed)
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
