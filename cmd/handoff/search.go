package main

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
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
	Synonyms    string
	StaleAfter  time.Duration
	CapacityTTL time.Duration
}

func searchFlags(fs *pflag.FlagSet, sc *searchConfig) {
	fs.StringVar(&sc.Synonyms, "synonyms", env("HANDOFF_SYNONYMS", ""), "search synonyms file replacing the built-in one (env HANDOFF_SYNONYMS)")
	fs.DurationVar(&sc.StaleAfter, "stale-after", directory.DefaultStaleAfter, "a listing not confirmed for this long is shown as stale")
	fs.DurationVar(&sc.CapacityTTL, "capacity-ttl", envDuration("HANDOFF_CAPACITY_TTL", directory.DefaultCapacityTTL),
		"a capacity figure without its own ttl_hours is shown as unknown, and not counted as available, this long after it was updated (env HANDOFF_CAPACITY_TTL)")
}

// check refuses a capacity TTL that is not a positive duration (from a flag, or -1 from
// an environment value that did not parse).
func (sc *searchConfig) check() error {
	if sc.CapacityTTL <= 0 {
		return errors.New("--capacity-ttl (env HANDOFF_CAPACITY_TTL) must be a positive duration, such as 24h")
	}
	return nil
}

// envDuration reads a duration from the environment. A value that does not parse, or is
// not positive, becomes -1, which startSearch refuses: a typo is not silently the default.
func envDuration(name string, def time.Duration) time.Duration {
	v := env(name, "")
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return -1
	}
	return d
}

// startSearch opens the index in <data>/index and starts bringing it up to date in the
// background: /readyz says not ready until it has caught up with the change feed.
func startSearch(ctx context.Context, cfg *config, sc *searchConfig, st *store.Store, log *slog.Logger, opts *api.Options) (*search.Engine, error) {
	if err := sc.check(); err != nil {
		return nil, err
	}
	eng, err := search.Open(search.Options{Dir: indexDir(cfg), Synonyms: sc.Synonyms, StaleAfter: sc.StaleAfter,
		CapacityTTL: sc.CapacityTTL, Log: log})
	if err != nil {
		return nil, err
	}
	wake := st.WatchChanges(ctx, store.WatchOptions{DatabaseURL: cfg.DatabaseURL,
		OnError: func(err error) { log.Warn("change feed", "err", err) }})
	eng.Start(ctx, store.Feed{Store: st}, wake)
	go adaptMemoryLimit(ctx, eng, log)
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

// memoryHeadroom is how far past the live heap the garbage collector may let the heap
// grow once the index is loaded, plus a floor for request garbage.
const (
	memoryHeadroom = 1.5
	memoryFloor    = 256 << 20
)

// adaptMemoryLimit gives the Go runtime a soft memory limit that follows the live heap,
// unless GOMEMLIMIT sets one. Go's default lets the heap double past what is live before
// collecting; with a million listings in memory that is half a gigabyte of garbage held
// for nothing. The limit is raised, never lowered, as the index grows, so the collector
// is never pressed below what the listings need.
func adaptMemoryLimit(ctx context.Context, eng *search.Engine, log *slog.Logger) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var limit int64
	tick := time.NewTicker(time.Second) // until the index is loaded, then every 30 s
	defer tick.Stop()
	for {
		if eng.Ready() == nil {
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); sample[0].Value.Kind() == metrics.KindUint64 && live > 0 {
				if want := int64(float64(live)*memoryHeadroom) + memoryFloor; want > limit {
					if limit == 0 {
						tick.Reset(30 * time.Second)
					}
					limit = want
					debug.SetMemoryLimit(limit)
					log.Debug("memory limit", "bytes", limit)
				}
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
