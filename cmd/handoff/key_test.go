package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/store"
	"handoff/store/storetest"
)

// TestKeyCommands walks the documented rotation with the commands, on both databases: a
// key file of the old single-key kind, `key new`, `key use`, `key rotate`, and `key
// status` between; at the end the notes open under the new key alone, the old key is
// gone from the file, and the audit log has the run without a word of the notes.
func TestKeyCommands(t *testing.T) {
	for _, b := range []struct {
		name string
		open func(testing.TB) (*store.Store, store.Config)
	}{{"sqlite", storetest.SQLiteConfig}, {"postgres", storetest.PostgresConfig}} {
		t.Run(b.name, func(t *testing.T) {
			t.Setenv(dataKeyEnv, "")
			st, cfg := b.open(t)
			ctx := context.Background()
			keyFile := filepath.Join(t.TempDir(), "data.key")
			keyA, err := generateKeyFile(keyFile)
			if err != nil {
				t.Fatal(err)
			}
			fpA := care.Fingerprint(keyA)
			where := []string{"--data", cfg.DataDir, "--data-key-file", keyFile}
			if cfg.DatabaseURL != "" {
				where = append(where, "--database-url", cfg.DatabaseURL)
			}
			run := func(args ...string) string {
				t.Helper()
				out, errOut, err := runUserCmd(t, "", append(args, where...)...)
				if err != nil {
					t.Fatalf("handoff %s: %v\n%s%s", strings.Join(args, " "), err, out, errOut)
				}
				return out
			}
			sealerA, _ := care.NewSealer(keyA)
			ids := make([]string, 5)
			for i := range ids {
				e := care.Encounter{OccurredAt: time.Now().Add(-time.Hour), Source: care.SourceWalkIn, Disposition: care.DispositionOther, Notes: "secret note"}
				if _, err := st.Care(sealerA).CreateEncounter(ctx, &e); err != nil {
					t.Fatal(err)
				}
				ids[i] = e.ID
			}
			if out := run("key", "status"); !strings.Contains(out, fpA+"  seals  5") {
				t.Errorf("status before:\n%s", out)
			}

			out := run("key", "new")
			keys, err := loadKeys(keyFile, "")
			if err != nil || len(keys) != 2 || care.Fingerprint(keys[0]) != fpA {
				t.Fatalf("after key new: %v %v\n%s", fingerprints(keys), err, out)
			}
			fpB := care.Fingerprint(keys[1])
			if !strings.Contains(out, "key use "+fpB) {
				t.Errorf("key new says: %s", out)
			}
			run("key", "use", fpB)
			if keys, _ := loadKeys(keyFile, ""); care.Fingerprint(keys[0]) != fpB || care.Fingerprint(keys[1]) != fpA {
				t.Fatalf("after key use: %v", fingerprints(keys))
			}
			out = run("key", "rotate", "--batch", "2")
			if !strings.Contains(out, "5 values sealed again under "+fpB+" in 3 batches; retired "+fpA) {
				t.Errorf("rotate:\n%s", out)
			}
			keys, _ = loadKeys(keyFile, "")
			if len(keys) != 1 || care.Fingerprint(keys[0]) != fpB {
				t.Fatalf("after rotate the file holds %v", fingerprints(keys))
			}
			// A single key is written as older binaries read it.
			if b, err := os.ReadFile(keyFile); err != nil || string(b) != encodeKey(keys[0])+"\n" {
				t.Errorf("the key file after rotate: %q %v", b, err)
			}
			if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
				t.Errorf("the key file's mode: %v %v", fi.Mode(), err)
			}
			sealerB, _ := care.NewSealer(keys[0])
			for _, id := range ids {
				if e, err := st.Care(sealerB).Encounter(ctx, id); err != nil || e.Notes != "secret note" {
					t.Errorf("encounter %s under B: %q %v", id, e.Notes, err)
				}
			}
			if out := run("key", "status", "--verify"); !strings.Contains(out, fpB+"  seals  5") || strings.Contains(out, fpA) ||
				!strings.Contains(out, "verified: 5 values") {
				t.Errorf("status after:\n%s", out)
			}
			rows, _, err := st.AuditEntries(ctx, store.AuditFilter{Action: "rekey"}, store.Page{Number: 1, PerPage: 10})
			if err != nil || len(rows) != 1 || !strings.Contains(rows[0].Detail, "sealed 5 values again under "+fpB+" from "+fpA) ||
				strings.Contains(rows[0].Detail, "secret") || rows[0].Role != "system" {
				t.Errorf("audit: %+v %v", rows, err)
			}

			// A value under a key that is not configured is reported, and fails the run.
			stray := care.Encounter{OccurredAt: time.Now(), Source: care.SourceWalkIn, Disposition: care.DispositionOther, Notes: "lost"}
			if _, err := st.Care(sealerA).CreateEncounter(ctx, &stray); err != nil {
				t.Fatal(err)
			}
			out, _, err = runUserCmd(t, "", append([]string{"key", "rotate"}, where...)...)
			if err == nil || !strings.Contains(out, "encounters.notes "+stray.ID) || strings.Contains(out, "lost") {
				t.Errorf("rotate with a stray value: %v\n%s", err, out)
			}
			if out, _, err := runUserCmd(t, "", append([]string{"key", "status"}, where...)...); err == nil || !strings.Contains(out, fpA+"  NOT CONFIGURED  1") {
				t.Errorf("status with a stray value: %v\n%s", err, out)
			}
		})
	}
}

// TestKeyReload: SIGHUP's reload gives the running sealer the keys of the file, and keeps
// the keys in use when the file is bad.
func TestKeyReload(t *testing.T) {
	path := filepath.Join(t.TempDir(), "data.key")
	a, b := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	if err := writeKeys(path, [][]byte{a}); err != nil {
		t.Fatal(err)
	}
	sealer, _ := care.NewSealer(a)
	sealedA, _ := sealer.Seal("note", "x")
	log := slog.New(slog.NewTextHandler(&bytes.Buffer{}, nil))
	if err := writeKeys(path, [][]byte{b, a}); err != nil {
		t.Fatal(err)
	}
	reloadKeys(path, sealer, log)
	if got := sealer.Fingerprints(); len(got) != 2 || got[0] != care.Fingerprint(b) {
		t.Fatalf("after reload: %v", got)
	}
	if pt, err := sealer.Open(sealedA, "x"); err != nil || pt != "note" {
		t.Errorf("old value after reload: %q %v", pt, err)
	}
	if err := os.WriteFile(path, []byte("not a key\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	reloadKeys(path, sealer, log)
	if got := sealer.Fingerprints(); len(got) != 2 {
		t.Errorf("a bad file replaced the keys: %v", got)
	}
}

// TestParseKeys: the key file's format, and the old single-key file read as before.
func TestParseKeys(t *testing.T) {
	a, b := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	for text, want := range map[string]int{
		encodeKey(a) + "\n": 1,
		"# comment\n\n" + encodeKey(a) + "\n  " + encodeKey(b): 2,
		encodeKey(b) + ", " + encodeKey(a):                     2,
	} {
		keys, err := parseKeys(text)
		if err != nil || len(keys) != want {
			t.Errorf("%q: %d keys, %v", text, len(keys), err)
		}
	}
	if _, err := parseKeys(encodeKey(a) + "\n" + encodeKey(a)); err == nil {
		t.Error("a key listed twice was accepted")
	}
	if _, err := parseKeys("# only a comment\n"); err != care.ErrNoDataKey {
		t.Errorf("no key: %v", err)
	}
}
