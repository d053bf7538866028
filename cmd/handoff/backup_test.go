//go:build unix

package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/directory"
	"handoff/seed"
	"handoff/store"
)

// backupBackend is where a backup test's source and target databases live.
type backupBackend struct {
	name string
	// fresh returns a new, empty database (SQLite: a data folder not yet made).
	fresh func(t *testing.T) store.Config
}

func backupBackends(t *testing.T) []backupBackend {
	out := []backupBackend{{"sqlite", func(t *testing.T) store.Config {
		return store.Config{DataDir: filepath.Join(t.TempDir(), "data")}
	}}}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		out = append(out, backupBackend{"postgres", func(t *testing.T) store.Config {
			return store.Config{DatabaseURL: freshDatabase(t, "")}
		}})
	} else if os.Getenv("HANDOFF_REQUIRE_POSTGRES") == "1" {
		t.Fatal("HANDOFF_REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set")
	}
	return out
}

// freshDatabase creates a PostgreSQL database of its own (a restore's target is a whole
// new database, as createdb makes), with schema made in it when given, and returns its
// URL (search_path set to schema when given). It is dropped when the test ends.
func freshDatabase(t *testing.T, schema string) string {
	t.Helper()
	base := os.Getenv("TEST_DATABASE_URL")
	b := make([]byte, 6)
	rand.Read(b)
	name := "handoff_bk_" + hex.EncodeToString(b)
	admin, err := sql.Open("postgres", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
		admin.Close()
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	if schema != "" {
		db, err := sql.Open("postgres", u.String())
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// where is the command line that reaches a database.
func where(cfg store.Config, data string) []string {
	if cfg.DatabaseURL != "" {
		return []string{"--database-url", cfg.DatabaseURL, "--data", data}
	}
	return []string{"--data", cfg.DataDir}
}

func openAt(t *testing.T, cfg store.Config) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return st
}

// ack is one write the store acknowledged, and when.
type ack struct {
	id string
	at time.Time
}

// TestBackupUnderLoad is the acceptance 1: a backup taken while a writer keeps
// adding services, restored into a new database, holds every write acknowledged before
// the backup began, and serve on the restored data answers a search for one of them
// without building its index first.
func TestBackupUnderLoad(t *testing.T) {
	for _, b := range backupBackends(t) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			srcCfg := b.fresh(t)
			src := openAt(t, srcCfg)
			if _, err := seed.Load(ctx, src); err != nil {
				t.Fatal(err)
			}
			org := directory.Organization{ID: directory.StableID("test", "backup-org"), Name: "Backup Load Org", Description: "Writes during a backup."}
			if _, err := src.WriteAll(ctx, []directory.Record{{Line: 1, Organization: &org}}); err != nil {
				t.Fatal(err)
			}

			var mu sync.Mutex
			var acks []ack
			acked := func() []ack { mu.Lock(); defer mu.Unlock(); return append([]ack(nil), acks...) }
			stop, done := make(chan struct{}), make(chan error, 1)
			go func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						done <- nil
						return
					default:
					}
					s := directory.Service{ID: directory.StableID("test", "backup-load", fmt.Sprint(i)), OrganizationID: org.ID,
						Status: "active", Name: fmt.Sprintf("Quillback respite listing %d", i)}
					directory.NormalizeService(&s)
					if _, err := src.WriteAll(ctx, []directory.Record{{Line: 1, Service: &s}}); err != nil {
						done <- err
						return
					}
					mu.Lock()
					acks = append(acks, ack{s.ID, time.Now()})
					mu.Unlock()
				}
			}()
			waitFor := func(ok func([]ack) bool) {
				for !ok(acked()) {
					select {
					case err := <-done:
						t.Fatalf("writer stopped: %v", err)
					case <-time.After(5 * time.Millisecond):
					}
				}
			}
			waitFor(func(a []ack) bool { return len(a) >= 20 })

			file := filepath.Join(t.TempDir(), "handoff.backup")
			began := time.Now()
			out, errOut, err := runUserCmd(t, "", append([]string{"backup", "-o", file}, where(srcCfg, t.TempDir())...)...)
			ended := time.Now()
			if err != nil {
				t.Fatalf("backup: %v\n%s", err, errOut)
			}
			// The writer carries on after the backup: the load spanned it.
			waitFor(func(a []ack) bool { return a[len(a)-1].at.After(ended) })
			close(stop)
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(errOut, "the data key is NOT in this backup") {
				t.Errorf("backup did not warn about the data key:\n%s", errOut)
			}
			var before, during []string
			for _, a := range acked() {
				if a.at.Before(began) {
					before = append(before, a.id)
				} else if a.at.Before(ended) {
					during = append(during, a.id)
				}
			}
			t.Logf("%s; %d writes acknowledged before the backup began, %d during it", strings.TrimSpace(out), len(before), len(during))

			dstCfg := b.fresh(t)
			data := t.TempDir()
			if dstCfg.DataDir != "" {
				data = dstCfg.DataDir
			}
			rout, rerr, err := runUserCmd(t, "", append([]string{"restore", file}, where(dstCfg, data)...)...)
			if err != nil {
				t.Fatalf("restore: %v\n%s", err, rerr)
			}
			if !strings.Contains(rout, "services indexed") || !strings.Contains(rerr, "the data key is NOT in this backup") {
				t.Errorf("restore said:\n%s\n%s", rout, rerr)
			}
			dst := openAt(t, dstCfg)
			if n, err := dst.CountServicesIn(ctx, before); err != nil || n != len(before) {
				t.Fatalf("the restore holds %d of the %d services acknowledged before the backup began (%v)", n, len(before), err)
			}
			n, _ := dst.CountServices(ctx)
			if all := len(acked()); n < 209+len(before) || n > 209+all {
				t.Errorf("the restore holds %d services; expected between %d and %d", n, 209+len(before), 209+all)
			}
			dst.Close()

			// serve on the restored data answers at once, from the index restore built.
			name := "Quillback respite listing 3"
			got := runServe(t, func(base string) {
				res, err := http.Get(base + "api/v1/search?q=" + url.QueryEscape(name))
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				body, _ := io.ReadAll(res.Body)
				var sb struct {
					Items []struct {
						Service struct{ ID, Name string } `json:"service"`
					} `json:"items"`
				}
				if err := json.Unmarshal(body, &sb); err != nil || res.StatusCode != 200 {
					t.Fatalf("search: %d %s", res.StatusCode, body)
				}
				for _, it := range sb.Items {
					if it.Service.Name == name {
						return
					}
				}
				t.Errorf("the restored instance's search for %q did not find it: %s", name, body)
			}, append(where(dstCfg, data), "--seed", "off")...)
			for _, built := range []string{"search index built", "rebuilding", "will be rebuilt"} {
				if strings.Contains(got.log, built) {
					t.Errorf("serve rebuilt the index restore made (%q):\n%s", built, got.log)
				}
			}
		})
	}
}
