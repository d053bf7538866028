//go:build unix

package main

import (
	"context"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// smallBackup writes a backup of a new database holding one organization.
func smallBackup(t *testing.T, b backupBackend) (file string, src store.Config) {
	t.Helper()
	src = b.fresh(t)
	st := openAt(t, src)
	org := directory.Organization{ID: directory.StableID("test", "refuse-org"), Name: "Refusal Org", Description: "x"}
	if _, err := st.WriteAll(context.Background(), []directory.Record{{Line: 1, Organization: &org}}); err != nil {
		t.Fatal(err)
	}
	file = filepath.Join(t.TempDir(), "small.backup")
	if _, errOut, err := runUserCmd(t, "", append([]string{"backup", "-o", file}, where(src, t.TempDir())...)...); err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut)
	}
	return file, src
}

// rewrite writes a copy of a backup with its manifest changed by edit.
func rewrite(t *testing.T, file string, edit func(*manifest)) string {
	t.Helper()
	a, err := openArchive(file)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	dir := t.TempDir()
	data := filepath.Join(dir, a.m.Data.Name)
	if err := unpack(a, data); err != nil {
		t.Fatal(err)
	}
	m := a.m
	edit(&m)
	out := filepath.Join(dir, "edited.backup")
	if _, err := writeBackupFile(out, filepath.Join(dir, "tmp"), m, data); err != nil {
		t.Fatal(err)
	}
	return out
}

// damage writes a copy of a backup changed by cut.
func damage(t *testing.T, file string, cut func([]byte) []byte) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "damaged.backup")
	if err := os.WriteFile(out, cut(b), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestRestoreRefuses: a backup of a newer schema, a non-empty target, a damaged or
// truncated file and a backup of the other backend are refused with a message that says
// why, and the target is left as it was.
func TestRestoreRefuses(t *testing.T) {
	for _, b := range backupBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			file, src := smallBackup(t, b)
			latest, err := store.LatestSchemaVersion(store.Dialect(b.name))
			if err != nil {
				t.Fatal(err)
			}
			newer := rewrite(t, file, func(m *manifest) { m.Schema = latest + 1; m.Handoff = "9.9.9" })
			// A flipped byte deep in the data: gzip's or the data's checksum catches it.
			corrupt := damage(t, file, func(b []byte) []byte { b[len(b)*2/3] ^= 0x55; return b })
			truncated := damage(t, file, func(b []byte) []byte { return b[:len(b)/2] })
			notGzip := damage(t, file, func([]byte) []byte { return []byte("not a backup at all") })

			for _, c := range []struct {
				name, file, want string
				target           func(t *testing.T) store.Config
			}{
				{"newer schema", newer, "newer than this binary", nil},
				{"corrupt", corrupt, "damaged", nil},
				{"truncated", truncated, "damaged", nil},
				{"not a backup", notGzip, "damaged", nil},
				{"non-empty target", file, "restore into a new, empty", func(t *testing.T) store.Config { return src }},
			} {
				t.Run(c.name, func(t *testing.T) {
					target := b.fresh(t)
					if c.target != nil {
						target = c.target(t)
					}
					before := snapshotOf(t, target)
					_, errOut, err := runUserCmd(t, "", append([]string{"restore", c.file}, where(target, t.TempDir())...)...)
					if err == nil || !strings.Contains(err.Error(), c.want) {
						t.Fatalf("restore %s: %v (want %q)\n%s", c.name, err, c.want, errOut)
					}
					t.Logf("%s: %v", c.name, err)
					if after := snapshotOf(t, target); after != before {
						t.Errorf("a refused restore changed the target:\nbefore %s\nafter  %s", before, after)
					}
				})
			}

			t.Run("other backend", func(t *testing.T) {
				other := []string{"--data", filepath.Join(t.TempDir(), "data")}
				if b.name == "sqlite" {
					other = []string{"--database-url", "postgres://nobody@127.0.0.1:1/none"}
				}
				if _, _, err := runUserCmd(t, "", append([]string{"restore", file}, other...)...); err == nil || !strings.Contains(err.Error(), "backup; restore it into") {
					t.Errorf("restore into the other backend: %v", err)
				}
			})
			t.Run("existing output", func(t *testing.T) {
				if _, _, err := runUserCmd(t, "", append([]string{"backup", "-o", file}, where(src, t.TempDir())...)...); err == nil || !strings.Contains(err.Error(), "exists") {
					t.Errorf("backup over an existing file: %v", err)
				}
			})
		})
	}
}

// snapshotOf describes a target for comparing before and after: the SQLite data folder's
// entries, or the PostgreSQL schema's tables and rows.
func snapshotOf(t *testing.T, cfg store.Config) string {
	t.Helper()
	if cfg.DatabaseURL == "" {
		var names []string
		err := filepath.WalkDir(cfg.DataDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			names = append(names, p)
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) {
			return "no folder"
		}
		return strings.Join(names, ",")
	}
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Describe(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for name, n := range snap.Tables {
		parts = append(parts, name+"="+strconv.FormatInt(n, 10))
	}
	slices.Sort(parts)
	return strings.Join(parts, ",")
}

// TestBackupPostgresSchema: a database URL whose search_path names a schema backs up
// that schema, which restores into the same schema of a new database and is refused
// elsewhere.
func TestBackupPostgresSchema(t *testing.T) {
	st, src := storetest.PostgresConfig(t)
	org := directory.Organization{ID: directory.StableID("test", "schema-org"), Name: "Schema Org", Description: "x"}
	if _, err := st.WriteAll(context.Background(), []directory.Record{{Line: 1, Organization: &org}}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "schema.backup")
	if _, errOut, err := runUserCmd(t, "", "backup", "-o", file, "--database-url", src.DatabaseURL); err != nil {
		t.Fatalf("backup: %v\n%s", err, errOut)
	}
	u, _ := url.Parse(src.DatabaseURL)
	schema := u.Query().Get("search_path")
	if _, _, err := runUserCmd(t, "", "restore", file, "--database-url", freshDatabase(t, ""), "--data", t.TempDir()); err == nil || !strings.Contains(err.Error(), "the backup is of schema") {
		t.Errorf("restore into public: %v", err)
	}
	same := store.Config{DatabaseURL: freshDatabase(t, schema)}
	if _, errOut, err := runUserCmd(t, "", "restore", file, "--database-url", same.DatabaseURL, "--data", t.TempDir()); err != nil {
		t.Fatalf("restore into %s: %v\n%s", schema, err, errOut)
	}
	snap, err := openAt(t, same).Describe(context.Background())
	if err != nil || snap.Tables["organizations"] != 1 {
		t.Errorf("the restored schema holds %d organizations (%v)", snap.Tables["organizations"], err)
	}
}
