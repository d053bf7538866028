package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"handoff/store"
)

// keyWarning is printed by backup and restore alike: the one thing a backup cannot hold.
const keyWarning = `WARNING: the data key is NOT in this backup. Keep it separately (a password manager,
a sealed envelope, your secrets store): restoring without it leaves every sealed note unreadable.`

func newBackup(cfg *config) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup -o FILE",
		Short: "Write a consistent backup of the database to FILE while serve keeps running",
		Long: "Write the database to FILE, one gzipped tar holding a manifest (format, Handoff and schema\n" +
			"versions, the rows of every table, the time taken) and the data: SQLite's online copy\n" +
			"(VACUUM INTO), or on PostgreSQL pg_dump's custom format (pg_dump of the server's major\n" +
			"version must be on PATH). serve may keep running: the copy is one consistent instant.\n" +
			"The file holds people's records: keep it as private as the database.\n" +
			"Not in it: the search index (restore rebuilds it) and the data key (keep that separately).",
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runBackup(cmd.Context(), cfg, out, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the backup file to write (it must not exist)")
	cmd.MarkFlagRequired("output")
	dataFlags(cmd.Flags(), cfg)
	return cmd
}

func runBackup(ctx context.Context, cfg *config, out string, stdout, errw io.Writer) error {
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %s exists: choose a new name (a backup never overwrites another)", out)
	}
	if cfg.DatabaseURL == "" {
		// store.Open would create an empty database where none is: say so instead.
		if _, err := os.Stat(filepath.Join(cfg.Data, "handoff.db")); err != nil {
			return fmt.Errorf("backup: no database in %s (--data or HANDOFF_DATA): %w", cfg.Data, err)
		}
	}
	st, err := store.Open(ctx, store.Config{DatabaseURL: cfg.DatabaseURL, DataDir: cfg.Data})
	if err != nil {
		return err
	}
	defer st.Close()
	// The copy is staged beside the output, on the same file system, and the output
	// appears whole or not at all.
	stage, err := os.MkdirTemp(filepath.Dir(out), ".handoff-backup-")
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(stage)
	m := manifest{Format: backupFormat, Handoff: version, Backend: st.Dialect(),
		Created: time.Now().UTC().Truncate(time.Second), NotIncluded: notIncluded}
	m.Data.Name = dataNames[st.Dialect()]
	data := filepath.Join(stage, m.Data.Name)
	start := time.Now()
	var snap store.Snapshot
	if st.Dialect() == store.Postgres {
		snap, m.Postgres, err = pgDump(ctx, cfg.DatabaseURL, st, data)
	} else {
		snap, err = st.VacuumInto(ctx, data)
	}
	if err != nil {
		return err
	}
	m.TookMS = time.Since(start).Milliseconds()
	m.Schema, m.Tables = snap.Schema, snap.Tables
	if m, err = writeBackupFile(out, filepath.Join(stage, "backup.tar.gz"), m, data); err != nil {
		return err
	}
	var rows int64
	for _, n := range m.Tables {
		rows += n
	}
	fmt.Fprintf(stdout, "backup written: %s (%s, schema version %d, %d tables, %d rows, %d services, %s of data, copied in %s)\n",
		out, m.Backend, m.Schema, len(m.Tables), rows, m.Tables["services"], sizeOf(m.Data.Size), time.Duration(m.TookMS)*time.Millisecond)
	fmt.Fprintln(errw, keyWarning)
	return nil
}

// writeBackupFile writes the archive to tmp, flushes it to disk and links it to out,
// which must still not exist.
func writeBackupFile(out, tmp string, m manifest, data string) (manifest, error) {
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	m, err = writeArchive(f, m, data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return m, err
	}
	if err := os.Link(tmp, out); err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	return m, nil
}

// sizeOf writes a byte count for people.
func sizeOf(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
}

// countsDiffer compares a restored database's row counts with the manifest's.
func countsDiffer(want, got map[string]int64) error {
	var diffs []string
	for name, n := range want {
		if g, ok := got[name]; !ok {
			diffs = append(diffs, name+": missing")
		} else if g != n {
			diffs = append(diffs, fmt.Sprintf("%s: %d rows, the backup had %d", name, g, n))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, name+": not in the backup")
		}
	}
	if len(diffs) > 0 {
		return fmt.Errorf("the restored rows do not match the manifest: %s", strings.Join(diffs, "; "))
	}
	return nil
}
