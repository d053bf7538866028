package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"handoff/search"
	"handoff/store"
)

// indexProgress draws a progress bar for an index build on a terminal, and is nil
// elsewhere (a log or a pipe gets the summary line only). finish clears the bar.
func indexProgress(errw io.Writer, total int) (progress search.Progress, finish func()) {
	f, ok := errw.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(errw),
		progressbar.OptionSetDescription("indexing services"), progressbar.OptionShowCount(),
		progressbar.OptionShowIts(), progressbar.OptionSetItsString("services"),
		progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	return func(done, _ int) { bar.Set(done) }, func() { bar.Finish() }
}

// updateIndex brings the search index in the data folder up to date after an import, so
// that the next serve is ready at once instead of building it first (minutes at a million
// services). A running serve holds the index and follows the change feed itself; then
// there is nothing to do here.
func updateIndex(ctx context.Context, cfg *config, st *store.Store, out, errw io.Writer) error {
	if st.Dialect() == store.Postgres {
		// On PostgreSQL every serve keeps its own index wherever it runs; an import run
		// elsewhere would build one nobody opens. Keep only an index this folder has.
		if _, err := os.Stat(indexDir(cfg)); errors.Is(err, os.ErrNotExist) {
			fmt.Fprintln(out, "search index: none in this data folder; each serve brings its own up to date from the change feed")
			return nil
		}
	}
	eng, err := search.Open(search.Options{Dir: indexDir(cfg)})
	if errors.Is(err, search.ErrLocked) {
		fmt.Fprintln(out, "search index: open in a running serve, which picks up the import itself")
		return nil
	}
	if err != nil {
		return err
	}
	defer eng.Close()
	_, took, err := buildIndex(ctx, st, errw, func(feed store.Feed, progress search.Progress) error {
		if err := eng.Sync(ctx, feed, progress); err != nil {
			return fmt.Errorf("search index: %w (serve rebuilds it on start; or run handoff reindex)", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "search index: %d documents, up to date in %s\n", eng.Len(), took.Round(time.Millisecond))
	return nil
}

// buildIndex runs one index build over the store's change feed, with a progress bar over
// its services on a terminal, and answers how many services the feed holds and how long
// the build took.
func buildIndex(ctx context.Context, st *store.Store, errw io.Writer, build func(store.Feed, search.Progress) error) (total int, took time.Duration, err error) {
	feed := store.Feed{Store: st}
	total, err = feed.CountServices(ctx)
	if err != nil {
		return 0, 0, err
	}
	progress, finish := indexProgress(errw, total)
	start := time.Now()
	err = build(feed, progress)
	finish()
	return total, time.Since(start), err
}
