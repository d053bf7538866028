package search

import (
	"context"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"handoff/directory"
	"handoff/seed"
)

// memFeed is a change feed over services held in memory, for tests that need no
// database: every put or delete is one change.
type memFeed struct {
	mu    sync.Mutex
	svcs  map[string]directory.Service
	log   []string // service id of change seq i+1
	epoch string   // part of the marks: a new memFeed is "another database"
}

func newMemFeed(svcs []directory.Service) *memFeed {
	f := &memFeed{svcs: map[string]directory.Service{}, epoch: strconv.FormatInt(time.Now().UnixNano(), 36)}
	for _, s := range svcs {
		f.put(s)
	}
	return f
}

func (f *memFeed) put(s directory.Service) {
	f.mu.Lock()
	defer f.mu.Unlock()
	directory.NormalizeService(&s)
	f.svcs[s.ID] = s
	f.log = append(f.log, s.ID)
}

func (f *memFeed) mark(seq int64) string { return f.epoch + "|" + strconv.FormatInt(seq, 10) }

func (f *memFeed) Head(context.Context) (int64, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := int64(len(f.log))
	if n == 0 {
		return 0, "", nil
	}
	return n, f.mark(n), nil
}

func (f *memFeed) Mark(_ context.Context, seq int64) (string, bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if seq < 1 || seq > int64(len(f.log)) {
		return "", false, nil
	}
	return f.mark(seq), true, nil
}

func (f *memFeed) Changed(_ context.Context, after int64, limit int) ([]string, int64, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	end := min(int64(len(f.log)), after+int64(limit))
	if end <= after {
		return nil, after, "", nil
	}
	var ids []string
	for _, id := range f.log[after:end] {
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, end, f.mark(end), nil
}

func (f *memFeed) Services(_ context.Context, ids []string) ([]directory.Service, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []directory.Service
	for _, id := range ids {
		if s, ok := f.svcs[id]; ok {
			out = append(out, s)
		}
	}
	return out, nil
}

func (f *memFeed) EachServiceBatch(_ context.Context, size int, fn func([]string) error) error {
	f.mu.Lock()
	ids := make([]string, 0, len(f.svcs))
	for id := range f.svcs {
		ids = append(ids, id)
	}
	f.mu.Unlock()
	slices.Sort(ids)
	for start := 0; start < len(ids); start += size {
		if err := fn(ids[start:min(start+size, len(ids))]); err != nil {
			return err
		}
	}
	return nil
}

func (f *memFeed) CountServices(context.Context) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.svcs), nil
}

// newTestEngine builds an engine over the services in a temporary folder.
func newTestEngine(t testing.TB, feed Feed, now time.Time) *Engine {
	t.Helper()
	e, err := Open(Options{Dir: t.TempDir() + "/index", Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if err := e.Rebuild(context.Background(), feed, nil); err != nil {
		t.Fatal(err)
	}
	return e
}

var (
	demoOnce   sync.Once
	demoEngine *Engine
	demoDir    string
)

// demoNow is a Friday afternoon in Springfield, inside the demo data's capacity dates.
var demoNow = time.Date(2026, 12, 4, 14, 30, 0, 0, directory.Zone("America/New_York"))

// demo returns an engine over the demo directory, shared by the tests of a run.
func demo(t testing.TB) *Engine {
	t.Helper()
	demoOnce.Do(func() {
		dir, err := osMkdirTemp()
		if err != nil {
			t.Fatal(err)
		}
		demoDir = dir
		e, err := Open(Options{Dir: dir + "/index", Now: func() time.Time { return demoNow }})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Rebuild(context.Background(), newMemFeed(seed.Services()), nil); err != nil {
			t.Fatal(err)
		}
		demoEngine = e
	})
	if demoEngine == nil {
		t.Fatal("demo engine failed to build")
	}
	return demoEngine
}
