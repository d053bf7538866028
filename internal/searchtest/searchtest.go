// Package searchtest builds a search engine over a store the way serve does, for the tests
// of the packages that serve searches.
package searchtest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"handoff/search"
	"handoff/store"
)

// Engine opens an index in a temporary folder, starts it following the store's change
// feed and returns once it is ready; it is closed when the test ends.
func Engine(t testing.TB, st *store.Store) *search.Engine {
	t.Helper()
	e, err := search.Open(search.Options{Dir: filepath.Join(t.TempDir(), "index")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() { cancel(); e.Close() })
	e.Start(ctx, store.Feed{Store: st}, st.WatchChanges(ctx, store.WatchOptions{}))
	// A loaded CI machine can take a while to build even the demo index.
	for start := time.Now(); e.Ready() != nil; time.Sleep(10 * time.Millisecond) {
		if time.Since(start) > 60*time.Second {
			t.Fatal("the search index did not become ready")
		}
	}
	return e
}
