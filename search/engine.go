package search

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"handoff/directory"
)

// Options configure an Engine.
type Options struct {
	// Dir is the index folder (<data>/index); a lock file sits beside it.
	Dir string
	// Synonyms is a synonyms file replacing the built-in one; "" keeps the built-in.
	Synonyms string
	// StaleAfter is how long a confirmed listing stays fresh; 0 means
	// directory.DefaultStaleAfter.
	StaleAfter time.Duration
	// CapacityTTL is how long a capacity figure holds when it gives no ttl_hours of its
	// own; 0 means directory.DefaultCapacityTTL.
	CapacityTTL time.Duration
	// Log receives progress and errors; nil discards them.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// ErrNotReady means the index is being built or caught up and cannot answer yet.
var ErrNotReady = errors.New("search: the index is being built")

// Engine owns the index folder: it opens or builds the index, keeps it following the
// change feed, and answers searches.
type Engine struct {
	opts    Options
	sets    [][]string
	release func()

	mu  sync.Mutex // guards switching indexes
	cur atomic.Pointer[Index]
	// inUse is held shared by every search and exclusively while an old index is closed,
	// so that no search reads a closed index.
	inUse sync.RWMutex
	th    atomic.Pointer[thesaurus]

	feed     atomic.Pointer[Feed] // set by Start, for Refresh
	ready    atomic.Bool
	building atomic.Bool
	lastErr  atomic.Value // error text of the last failed catch-up, for /readyz
}

// Open locks the index folder and opens the index in it. An index that is missing or
// unusable is not an error: Ready reports it until Start has rebuilt it.
func Open(opts Options) (*Engine, error) {
	if opts.Dir == "" {
		return nil, errors.New("search: no index folder")
	}
	if opts.StaleAfter <= 0 {
		opts.StaleAfter = directory.DefaultStaleAfter
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.CapacityTTL <= 0 {
		opts.CapacityTTL = directory.DefaultCapacityTTL
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	sets, err := LoadSynonyms(opts.Synonyms)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(opts.Dir), 0o700); err != nil {
		return nil, err
	}
	release, err := lockDir(opts.Dir)
	if err != nil {
		return nil, err
	}
	removeLeftovers(opts.Dir, opts.Log)
	e := &Engine{opts: opts, sets: sets, release: release}
	ix, err := openIndex(opts.Dir)
	switch {
	case err == nil:
		e.install(ix)
		e.settle()
	case errors.Is(err, ErrNeedsRebuild):
		opts.Log.Info("search index will be rebuilt", "reason", err.Error())
	default:
		release()
		return nil, err
	}
	return e, nil
}

// leftovers are the folders a build works in beside the index (Rebuild, build and
// swapDir): <dir>.next.build while it writes, <dir>.next once built, and the .old ones
// while it swaps.
var leftovers = []string{".next.build", ".next.old", ".next", ".old"}

// removeLeftovers deletes what a build that was killed (a reindex stopped half-way, a
// crash) left beside the index: a partial build can be as large as the index, and no
// build would remove it before the next one. The caller holds the folder's lock, so no
// other process is building in them (where there is no flock, lock_other.go, one
// process per data folder is the rule already); the index itself is never touched.
func removeLeftovers(dir string, log *slog.Logger) {
	for _, suffix := range leftovers {
		p := dir + suffix
		if _, err := os.Lstat(p); err != nil {
			continue
		}
		if err := os.RemoveAll(p); err != nil {
			log.Warn("search index: cannot remove what an interrupted build left", "path", p, "err", err)
			continue
		}
		log.Info("search index: removed what an interrupted build left", "path", p)
	}
}

// settle gives back what opening or building an index used once: the heap the loading
// freed, and the pages of the index file it read through (pages_linux.go).
func (e *Engine) settle() {
	releaseMappedPages(e.opts.Dir)
	debug.FreeOSMemory()
}

// install makes ix the index searches use.
func (e *Engine) install(ix *Index) {
	e.th.Store(newThesaurus(e.sets, ix.an.text))
	e.cur.Store(ix)
}

// Close closes the index and unlocks the folder.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var err error
	if ix := e.cur.Swap(nil); ix != nil {
		err = ix.Close()
	}
	if e.release != nil {
		e.release()
		e.release = nil
	}
	return err
}

// Ready is nil once the index is built and caught up with the change feed.
func (e *Engine) Ready() error {
	if e.ready.Load() && e.cur.Load() != nil {
		return nil
	}
	if msg, ok := e.lastErr.Load().(string); ok && msg != "" {
		return fmt.Errorf("%w (%s)", ErrNotReady, msg)
	}
	return ErrNotReady
}

// Len is the number of documents in the index (0 before it is built).
func (e *Engine) Len() int {
	if ix := e.cur.Load(); ix != nil {
		return ix.Len()
	}
	return 0
}

// Rebuild builds a new index from the feed and switches to it. Searches fail with
// ErrNotReady while the first index is built; a rebuild of a serving index keeps the old
// one answering until the new one is in place.
func (e *Engine) Rebuild(ctx context.Context, feed Feed, progress Progress) error {
	e.building.Store(true)
	defer e.building.Store(false)
	start := time.Now()
	entries, tab, areas, err := build(ctx, e.opts.Dir+".next", feed, progress)
	if br, ok := feed.(BulkReader); ok {
		br.EndBulkRead()
	}
	if err != nil {
		return err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.cur.Swap(nil)
	if old != nil {
		e.inUse.Lock()
		old.Close()
		e.inUse.Unlock()
	}
	if err := swapDir(e.opts.Dir+".next", e.opts.Dir); err != nil {
		return fmt.Errorf("search: put the new index in place: %w", err)
	}
	ix, err := openBuilt(e.opts.Dir, entries, tab, areas)
	if err != nil {
		return err
	}
	e.install(ix)
	e.settle()
	e.opts.Log.Info("search index built", "documents", ix.Len(), "took", time.Since(start).Round(time.Millisecond))
	return nil
}

// openBuilt opens a freshly built index with the entries the build made.
func openBuilt(dir string, entries map[string]*entry, tab *tables, areas *areaIndex) (*Index, error) {
	ix, err := openIndexWith(dir, func(ix *Index) error {
		ix.tab, ix.areas, ix.entries = tab, areas, entries
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ix, nil
}
