package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"handoff/search"
	"handoff/store"
)

func newRestore(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "restore FILE",
		Short: "Restore a backup into an empty data folder or empty database, and rebuild the search index",
		Long: "Restore a backup made by `handoff backup` into a new, empty data folder (SQLite) or a new,\n" +
			"empty database (--database-url; create it with createdb). A non-empty target, a backup of a\n" +
			"newer schema than this binary knows, or a damaged file is refused before anything is written.\n" +
			"The row counts are checked against the manifest, the schema is brought up to date, and the\n" +
			"search index is rebuilt in the data folder, so that serve answers searches at once.\n" +
			"The data key is not in the backup: give serve the key the backed-up instance used.",
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRestore(cmd.Context(), cfg, args[0], cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	dataFlags(cmd.Flags(), cfg)
	return cmd
}

func runRestore(ctx context.Context, cfg *config, file string, stdout, errw io.Writer) error {
	start := time.Now()
	a, err := openArchive(file)
	if err != nil {
		return fmt.Errorf("restore %s: %w", file, err)
	}
	defer a.Close()
	target := store.SQLite
	if cfg.DatabaseURL != "" {
		target = store.Postgres
	}
	if a.m.Backend != target {
		return fmt.Errorf("restore: this is a %s backup; restore it into %s (%s)", a.m.Backend, a.m.Backend,
			map[store.Dialect]string{store.SQLite: "leave --database-url empty and give --data", store.Postgres: "give --database-url"}[a.m.Backend])
	}
	latest, err := store.LatestSchemaVersion(target)
	if err != nil {
		return err
	}
	if a.m.Schema > latest {
		return fmt.Errorf("restore: the backup is at schema version %d, newer than this binary knows (up to %d): restore with Handoff %s or newer; nothing was changed",
			a.m.Schema, latest, a.m.Handoff)
	}
	if target == store.Postgres {
		err = restorePostgres(ctx, cfg, a)
	} else {
		err = restoreSQLite(ctx, cfg, a)
	}
	if err != nil {
		return err
	}
	st, err := openStore(ctx, cfg, nil)
	if err != nil {
		return err
	}
	defer st.Close()
	eng, err := search.Open(search.Options{Dir: indexDir(cfg)})
	if err != nil {
		return fmt.Errorf("restore: the data is restored, but the search index: %w (serve rebuilds it on start)", err)
	}
	defer eng.Close()
	total, _, err := buildIndex(ctx, st, errw, func(feed store.Feed, progress search.Progress) error {
		return eng.Rebuild(ctx, feed, progress)
	})
	if err != nil {
		return fmt.Errorf("restore: the data is restored, but the search index: %w (serve rebuilds it on start)", err)
	}
	fmt.Fprintf(stdout, "restored %s into %s: schema version %d, %d tables as counted in the backup of %s, %d services indexed, in %s\n",
		file, describe(cfg), a.m.Schema, len(a.m.Tables), a.m.Created.Format(time.RFC3339), total, time.Since(start).Round(time.Millisecond))
	fmt.Fprintln(errw, keyWarning)
	return nil
}

// restoreSQLite writes the database into the data folder, which must be empty or
// missing (a data key file alone may wait there). The file is unpacked and checked in a
// staging folder and moved into place only whole; on any failure nothing is left behind.
func restoreSQLite(ctx context.Context, cfg *config, a *archive) (err error) {
	entries, err := os.ReadDir(cfg.Data)
	created := errors.Is(err, fs.ErrNotExist)
	if err != nil && !created {
		return fmt.Errorf("restore: %w", err)
	}
	for _, e := range entries {
		if e.Name() != dataKeyFile {
			return fmt.Errorf("restore: the data folder %s is not empty (it holds %s): restore into a new, empty folder; nothing was changed", cfg.Data, e.Name())
		}
	}
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	stage, err := os.MkdirTemp(cfg.Data, ".restoring-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer func() {
		os.RemoveAll(stage)
		if err != nil && created {
			os.Remove(cfg.Data)
		}
	}()
	staged := filepath.Join(stage, "handoff.db")
	if err := unpack(a, staged); err != nil {
		return err
	}
	st, err := store.Open(ctx, store.Config{DataDir: stage})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = checkRestored(ctx, st, a.m)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	if err := os.Rename(staged, filepath.Join(cfg.Data, "handoff.db")); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// restorePostgres restores into the URL's database, whose current schema must exist, be
// the one dumped, and hold no tables. The dump is unpacked and checked before pg_restore
// touches the database, and pg_restore writes all or nothing.
func restorePostgres(ctx context.Context, cfg *config, a *archive) error {
	st, err := store.Open(ctx, store.Config{DatabaseURL: cfg.DatabaseURL})
	if err != nil {
		return err
	}
	defer st.Close()
	schema, err := st.CurrentSchema(ctx)
	if err != nil {
		return err
	}
	if schema != a.m.Postgres.Schema {
		return fmt.Errorf("restore: the backup is of schema %q but the database URL writes to %q: create schema %q in a new database (or set search_path) and restore there; nothing was changed",
			a.m.Postgres.Schema, schema, a.m.Postgres.Schema)
	}
	if empty, err := st.Empty(ctx); err != nil {
		return err
	} else if !empty {
		return fmt.Errorf("restore: the database %s already has tables in schema %s: restore into a new, empty database (createdb); nothing was changed", describe(cfg), schema)
	}
	tmp, err := os.MkdirTemp("", "handoff-restore-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	dump := filepath.Join(tmp, a.m.Data.Name)
	if err := unpack(a, dump); err != nil {
		return err
	}
	if err := pgRestore(ctx, cfg.DatabaseURL, a.m.Postgres, dump); err != nil {
		return err
	}
	if err := checkRestored(ctx, st, a.m); err != nil {
		return fmt.Errorf("restore: %w: drop this database and restore again into a new one", err)
	}
	return nil
}

// unpack writes the archive's data to path, checked whole.
func unpack(a *archive, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = a.extract(f)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("restore: %w; nothing was changed", err)
	}
	return nil
}

// checkRestored compares the restored database with its manifest.
func checkRestored(ctx context.Context, st *store.Store, m manifest) error {
	if err := st.QuickCheck(ctx); err != nil {
		return err
	}
	snap, err := st.Describe(ctx)
	if err != nil {
		return err
	}
	if snap.Schema != m.Schema {
		return fmt.Errorf("the restored schema version is %d, the manifest says %d", snap.Schema, m.Schema)
	}
	return countsDiffer(m.Tables, snap.Tables)
}
