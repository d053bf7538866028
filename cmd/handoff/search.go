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
	eng.Start(ctx, store.Feed{Store: st}, wake)
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
