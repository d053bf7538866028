package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"handoff/seed"
	"handoff/store"
)

// demoMode reads --seed: whether this start may give an empty database the demo (the
// demo directory and one demo account per role) and seal notes with a key made in the
// data folder. auto means the embedded SQLite's first run only: a PostgreSQL database is
// somebody's real one, and demo accounts (an admin among them) have no place there
// unless asked for with demo.
func demoMode(cfg *config) (bool, error) {
	switch cfg.Seed {
	case "auto":
		return cfg.DatabaseURL == "", nil
	case "demo":
		return true, nil
	case "off":
		return false, nil
	}
	return false, fmt.Errorf("--seed must be auto, demo or off, not %q", cfg.Seed)
}

// startDemo is serve's part of the demo. In demo mode an empty database gets the demo,
// and the demo passwords are printed to out this once. Later starts only say that demo
// accounts exist; a database without accounts gets the way to make the first admin.
func startDemo(ctx context.Context, st *store.Store, cfg *config, demo bool, out io.Writer, log *slog.Logger) error {
	if demo {
		n, err := loadDemo(ctx, st, cfg, out)
		if err != nil || n > 0 {
			if n > 0 {
				log.Info("empty database: loaded the demo directory of western Massachusetts and made the demo accounts", "services", n)
			}
			return err
		}
	}
	demos, err := demoAccounts(ctx, st)
	if err != nil {
		return err
	}
	if demos > 0 {
		attrs := []any{"accounts", demos}
		if path := filepath.Join(cfg.Data, demoLoginsFile); fileExists(path) {
			attrs = append(attrs, "kept_in", path)
		}
		log.Info("demo accounts exist; their passwords were printed when they were made", attrs...)
		return nil
	}
	users, err := st.CountUsers(ctx)
	if err != nil || users > 0 {
		return err
	}
	log.Info("no accounts yet: make the first admin with `handoff user add --role admin --email EMAIL --name NAME` and this --data or --database-url (or start with --seed=demo on an empty database for the demo)")
	return nil
}

// loadDemo gives an empty database (no services, no accounts) the demo directory and the
// demo accounts, prints their logins to out, and returns the number of demo services; a
// database with anything in it is left alone, so that demo data and demo accounts never
// mix with real ones.
func loadDemo(ctx context.Context, st *store.Store, cfg *config, out io.Writer) (int, error) {
	svcs, err := st.CountServices(ctx)
	if err != nil {
		return 0, err
	}
	users, err := st.CountUsers(ctx)
	if err != nil || svcs > 0 || users > 0 {
		return 0, err
	}
	n, err := seed.LoadAt(ctx, st, time.Now())
	if err != nil || n == 0 {
		return n, err
	}
	path := filepath.Join(cfg.Data, demoLoginsFile)
	logins, err := createDemoUsers(ctx, st, path)
	if err != nil {
		return n, err
	}
	return n, printDemoLogins(out, path, logins)
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// printDemoLogins shows the demo logins to the person at the terminal, on standard
// output, never in the log (collected and kept elsewhere), and only when they are made.
func printDemoLogins(w io.Writer, path string, logins []demoLogin) error {
	if len(logins) == 0 {
		return nil
	}
	fmt.Fprintf(w, "Demo logins, shown this once (kept in %s, readable by you only):\n", path)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, l := range logins {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", l.Role, l.Email, l.Password)
	}
	return tw.Flush()
}
