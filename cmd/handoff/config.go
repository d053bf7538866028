package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"handoff/store"
)

// config is what every subcommand may read; flags override the environment, which
// overrides the defaults.
type config struct {
	Addr        string
	Data        string
	DatabaseURL string
	Seed        string
	LogFormat   string
	TLSCert     string
	TLSKey      string
	BodyLimit   int
	// ShutdownGrace is how long serve waits for requests in flight on SIGTERM.
	ShutdownGrace time.Duration
}

// env returns the environment variable's value or def.
func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// dataFlags are the flags of every subcommand that touches the data.
func dataFlags(fs *pflag.FlagSet, cfg *config) {
	fs.StringVar(&cfg.Data, "data", env("HANDOFF_DATA", "./handoff-data"), "data folder: the SQLite file and the search index (env HANDOFF_DATA)")
	fs.StringVar(&cfg.DatabaseURL, "database-url", env("DATABASE_URL", ""), "a postgres:// URL selects PostgreSQL instead of the embedded SQLite (env DATABASE_URL)")
}

func logFlags(fs *pflag.FlagSet, cfg *config) {
	fs.StringVar(&cfg.LogFormat, "log-format", env("HANDOFF_LOG_FORMAT", "text"), "log format: text or json (env HANDOFF_LOG_FORMAT)")
}

func newLogger(cfg *config, w io.Writer) (*slog.Logger, error) {
	switch cfg.LogFormat {
	case "text":
		return slog.New(slog.NewTextHandler(w, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, nil)), nil
	}
	return nil, fmt.Errorf("--log-format must be text or json, not %q", cfg.LogFormat)
}

// openStore opens the database and brings its schema up to date.
func openStore(ctx context.Context, cfg *config, log *slog.Logger) (*store.Store, error) {
	st, err := store.Open(ctx, store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.Data})
	if err != nil {
		return nil, err
	}
	applied, err := st.Migrate(ctx)
	if err != nil {
		st.Close()
		return nil, err
	}
	if len(applied) > 0 && log != nil {
		log.Info("database migrated", "dialect", st.Dialect(), "versions", applied)
	}
	return st, nil
}

// describe names the database for messages without its password.
func describe(cfg *config) string {
	if cfg.DatabaseURL == "" {
		return "SQLite in " + cfg.Data
	}
	u := cfg.DatabaseURL
	if at := strings.LastIndex(u, "@"); at > 0 {
		u = "postgres://…@" + u[at+1:]
	}
	return "PostgreSQL " + u
}
