//go:build unix

package main

import (
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"handoff/access"
	"handoff/store"
	"handoff/store/storetest"
)

// served is what one run of `handoff serve` printed.
type served struct{ out, log string }

// runServe runs `handoff serve ARGS` on a free port until it is ready (the search index
// caught up), calls while, then stops it as SIGTERM would. Standard output and error are
// the process's own, swapped for files, so that it sees what a person at the terminal
// would, wherever serve writes.
func runServe(t *testing.T, while func(base string), args ...string) served {
	t.Helper()
	dir := t.TempDir()
	outF, _ := os.Create(filepath.Join(dir, "stdout"))
	errF, _ := os.Create(filepath.Join(dir, "stderr"))
	oldOut, oldErr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = outF, errF
	restore := func() { os.Stdout, os.Stderr = oldOut, oldErr }
	defer restore()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := newRoot()
	root.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0"}, args...))
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	read := func() served {
		o, _ := os.ReadFile(outF.Name())
		e, _ := os.ReadFile(errF.Name())
		return served{string(o), string(e)}
	}
	url := regexp.MustCompile(`url=(http://\S+/)`)
	deadline := time.Now().Add(2 * time.Minute)
	for {
		select {
		case err := <-done:
			restore()
			t.Fatalf("serve %v ended: %v\n%+v", args, err, read())
		default:
		}
		if m := url.FindStringSubmatch(read().log); m != nil {
			if res, err := http.Get(m[1] + "readyz"); err == nil {
				res.Body.Close()
				if res.StatusCode == 200 {
					while(m[1])
					break
				}
			}
		}
		if time.Now().After(deadline) {
			restore()
			t.Fatalf("serve %v not ready in 2 minutes:\n%+v", args, read())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		restore()
		t.Fatalf("serve %v: %v", args, err)
	}
	return read()
}

// demoPasswords are the passwords printed beside the demo accounts' emails that sign in.
func demoPasswords(t *testing.T, st *store.Store, out string) map[string]string {
	t.Helper()
	pw := map[string]string{}
	for line := range strings.Lines(out) {
		f := strings.Fields(line)
		if len(f) == 3 && strings.HasSuffix(f[1], "@handoff.example") {
			u, err := st.UserByEmail(context.Background(), f[1])
			if err != nil || !access.CheckPassword(u.PasswordHash, f[2]) {
				t.Errorf("printed %s with a password that does not sign in (%v)", f[1], err)
			}
			pw[f[1]] = f[2]
		}
	}
	return pw
}

// TestServeSeedAuto is issue 11's finding 7: the default --seed=auto gives the demo (and
// its accounts) to the embedded SQLite's first run only, prints the passwords once, and
// keeps the data folder private; on PostgreSQL it loads nothing.
func TestServeSeedAuto(t *testing.T) {
	t.Setenv("HANDOFF_SEED", "")
	// A umask that lets everyone read, as on most machines; serve must not depend on it.
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	ctx := context.Background()

	t.Run("sqlite", func(t *testing.T) {
		data := filepath.Join(t.TempDir(), "data")
		if err := os.Mkdir(data, 0o755); err != nil { // a folder made beforehand, open to all
			t.Fatal(err)
		}
		first := runServe(t, func(string) { checkPrivate(t, data) }, "--data", data)
		st, err := store.Open(ctx, store.Config{DataDir: data})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		pw := demoPasswords(t, st, first.out)
		if len(pw) != len(access.Roles()) {
			t.Fatalf("first run printed %d demo logins, want one per role:\n%s", len(pw), first.out)
		}
		if n, _ := st.CountUsers(ctx); n != len(access.Roles()) {
			t.Errorf("%d accounts after the first run", n)
		}
		for email, p := range pw {
			if strings.Contains(first.log, p) {
				t.Errorf("the password of %s went to the log", email)
			}
		}
		second := runServe(t, func(string) { checkPrivate(t, data) }, "--data", data)
		for email, p := range pw {
			if strings.Contains(second.out+second.log, p) {
				t.Errorf("the second start printed the password of %s again:\n%s", email, second.out)
				break
			}
		}
		if !strings.Contains(second.log, "demo accounts exist") {
			t.Errorf("the second start does not say that demo accounts exist:\n%s", second.log)
		}
	})

	t.Run("postgres", func(t *testing.T) {
		st, cfg := storetest.PostgresConfig(t)
		where := []string{"--database-url", cfg.DatabaseURL, "--data", t.TempDir()}
		got := runServe(t, func(string) {}, where...)
		if _, err := os.Stat(filepath.Join(where[3], dataKeyFile)); err == nil {
			t.Error("--seed=auto on PostgreSQL made a data key of its own in the data folder")
		}
		if n, _ := st.CountUsers(ctx); n != 0 {
			t.Errorf("--seed=auto on PostgreSQL made %d accounts", n)
		}
		if n, _ := st.CountServices(ctx); n != 0 {
			t.Errorf("--seed=auto on PostgreSQL loaded %d demo services", n)
		}
		if strings.Contains(got.out, "@handoff.example") || !strings.Contains(got.log, "handoff user add") {
			t.Errorf("no hint to make the first admin, or demo logins printed:\n%+v", got)
		}

		// --seed=demo asks for the demo on any backend, once.
		demo := runServe(t, func(string) {}, append(where, "--seed=demo")...)
		if pw := demoPasswords(t, st, demo.out); len(pw) != len(access.Roles()) {
			t.Errorf("--seed=demo printed %d demo logins:\n%s", len(pw), demo.out)
		}
		if n, _ := st.CountServices(ctx); n == 0 {
			t.Error("--seed=demo loaded no demo directory")
		}
		if again := runServe(t, func(string) {}, append(where, "--seed=demo")...); strings.Contains(again.out, "@handoff.example") {
			t.Errorf("--seed=demo printed logins at the second start:\n%s", again.out)
		}
	})
}

// checkPrivate fails unless the data folder and every folder in it is 0700 and every
// file 0600: the database, its WAL and shared memory, the search index, the keys.
func checkPrivate(t *testing.T, data string) {
	t.Helper()
	seen := map[string]bool{}
	filepath.WalkDir(data, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Error(err)
			return nil
		}
		fi, err := d.Info()
		if err != nil {
			return nil // removed meanwhile (a merged segment)
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if fi.Mode().Perm() != want {
			rel, _ := filepath.Rel(data, path)
			t.Errorf("%s is %v, want %v", rel, fi.Mode().Perm(), want)
		}
		seen[d.Name()] = true
		return nil
	})
	for _, name := range []string{"handoff.db", "handoff.db-wal", "handoff.db-shm", "index", "index_meta.json"} {
		if !seen[name] {
			t.Errorf("no %s in the data folder to check", name)
		}
	}
}
