package main

import (
	"context"
	"log/slog"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"handoff/api"
	"handoff/directory"
	"handoff/search"
	"handoff/store"
)

// storeFeed adapts the store to search.Feed, so that the search package needs no SQL.
type storeFeed struct{ st *store.Store }

var _ search.Feed = storeFeed{}

func (f storeFeed) Head(ctx context.Context) (int64, string, error) {
	c, ok, err := f.st.HeadChange(ctx)
	if err != nil || !ok {
		return 0, "", err
	}
	return c.Seq, c.Mark(), nil
}

func (f storeFeed) Mark(ctx context.Context, seq int64) (string, bool, error) {
	c, ok, err := f.st.ChangeAt(ctx, seq)
	if err != nil || !ok {
		return "", false, err
	}
	return c.Mark(), true, nil
}

func (f storeFeed) Changed(ctx context.Context, after int64, limit int) ([]string, int64, string, error) {
	changes, err := f.st.ChangesSince(ctx, after, limit)
	if err != nil || len(changes) == 0 {
		return nil, after, "", err
	}
	ids, err := f.st.ServicesTouched(ctx, changes)
	if err != nil {
		return nil, after, "", err
	}
	last := changes[len(changes)-1]
	return ids, last.Seq, last.Mark(), nil
}

func (f storeFeed) Services(ctx context.Context, ids []string) ([]directory.Service, error) {
	return f.st.Services(ctx, ids)
}

func (f storeFeed) EachServiceBatch(ctx context.Context, size int, fn func([]string) error) error {
	return f.st.EachServiceBatch(ctx, store.ServiceFilter{}, size, fn)
}

func (f storeFeed) CountServices(ctx context.Context) (int, error) { return f.st.CountServices(ctx) }

// indexDir is where the search index lives: beside the SQLite file in the data folder,
// also when the directory itself is in PostgreSQL (each instance keeps its own index).
func indexDir(cfg *config) string { return filepath.Join(cfg.Data, "index") }

// searchConfig is the search engine's part of serve's configuration.
type searchConfig struct {
	Synonyms   string
	StaleAfter time.Duration
}

func searchFlags(fs *pflag.FlagSet, sc *searchConfig) {
	fs.StringVar(&sc.Synonyms, "synonyms", env("HANDOFF_SYNONYMS", ""), "search synonyms file replacing the built-in one (env HANDOFF_SYNONYMS)")
	fs.DurationVar(&sc.StaleAfter, "stale-after", directory.DefaultStaleAfter, "a listing not confirmed for this long is shown as stale")
}

// startSearch opens the index in <data>/index and starts bringing it up to date in the
// background: /readyz says not ready until it has caught up with the change feed.
func startSearch(ctx context.Context, cfg *config, sc *searchConfig, st *store.Store, log *slog.Logger, opts *api.Options) (*search.Engine, error) {
	eng, err := search.Open(search.Options{Dir: indexDir(cfg), Synonyms: sc.Synonyms, StaleAfter: sc.StaleAfter, Log: log})
	if err != nil {
		return nil, err
	}
	wake := st.WatchChanges(ctx, store.WatchOptions{DatabaseURL: cfg.DatabaseURL,
		OnError: func(err error) { log.Warn("change feed", "err", err) }})
	eng.Start(ctx, storeFeed{st}, wake)
	opts.Search = eng
	prev := opts.Ready
	opts.Ready = func(ctx context.Context) error {
		if prev != nil {
			if err := prev(ctx); err != nil {
				return err
			}
		}
		return eng.Ready()
	}
	return eng, nil
}
