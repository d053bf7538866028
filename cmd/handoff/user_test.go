package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/access"
	"handoff/store"
	"handoff/store/storetest"
)

// runUserCmd runs `handoff ARGS` with stdin and returns what it printed.
func runUserCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	root := newRoot()
	var out, errOut bytes.Buffer
	root.SetArgs(args)
	root.SetIn(strings.NewReader(stdin))
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.ExecuteContext(context.Background())
	return out.String(), errOut.String(), err
}

// eachStore runs fn as a subtest on SQLite and on PostgreSQL, with the store and the
// flags that reach it (--data, or --database-url), as the commands are run on each.
func eachStore(t *testing.T, fn func(t *testing.T, st *store.Store, where []string)) {
	for _, b := range []struct {
		name string
		open func(testing.TB) (*store.Store, store.Config)
	}{{"sqlite", storetest.SQLiteConfig}, {"postgres", storetest.PostgresConfig}} {
		t.Run(b.name, func(t *testing.T) {
			st, cfg := b.open(t)
			where := []string{"--data", cfg.DataDir}
			if cfg.DatabaseURL != "" {
				where = []string{"--database-url", cfg.DatabaseURL}
			}
			fn(t, st, where)
		})
	}
}

func TestUserCommands(t *testing.T) {
	eachStore(t, func(t *testing.T, st *store.Store, where []string) {
		ctx := context.Background()
		run := func(stdin string, args ...string) string {
			t.Helper()
			out, errOut, err := runUserCmd(t, stdin, append(args, where...)...)
			if err != nil {
				t.Fatalf("handoff %s: %v\n%s", strings.Join(args, " "), err, errOut)
			}
			return out
		}
		out := run("a long admin passphrase\n", "user", "add", "--email", "Boss@Example.org", "--name", "The Boss", "--role", "admin", "--password-stdin")
		if !strings.HasPrefix(out, "created admin account ") {
			t.Errorf("add: %q", out)
		}
		u, err := st.UserByEmail(ctx, "boss@example.org")
		if err != nil || !access.CheckPassword(u.PasswordHash, "a long admin passphrase") || u.Name != "The Boss" {
			t.Fatalf("stored: %+v %v", u, err)
		}
		if _, _, err := runUserCmd(t, "short\n", append([]string{"user", "add", "--email", "x@example.org", "--name", "X", "--role", "peer", "--password-stdin"}, where...)...); err == nil {
			t.Error("a short password was accepted")
		}
		if _, _, err := runUserCmd(t, "a long enough password\n", append([]string{"user", "add", "--email", "y@example.org", "--name", "Y", "--role", "agency", "--password-stdin"}, where...)...); err == nil {
			t.Error("an agency account without --org was accepted")
		}
		if _, _, err := runUserCmd(t, "a long enough password\n", append([]string{"user", "add", "--email", "boss@example.org", "--name", "Again", "--role", "peer", "--password-stdin"}, where...)...); err == nil {
			t.Error("a duplicate email was accepted")
		}
		if list := run("", "user", "list"); !strings.Contains(list, "boss@example.org") || !strings.Contains(list, "active") {
			t.Errorf("list: %q", list)
		}

		token := strings.TrimSpace(run("", "user", "token", "create", "boss@example.org", "--name", "backup script", "--expires", "30d"))
		tok, owner, err := st.APITokenByHash(ctx, access.HashToken(token))
		if err != nil || owner.ID != u.ID || tok.Name != "backup script" || tok.ExpiresAt.IsZero() {
			t.Fatalf("token %q: %+v %v", token, tok, err)
		}
		run("", "user", "disable", "BOSS@example.org")
		if list := run("", "user", "list"); !strings.Contains(list, "disabled") {
			t.Errorf("list after disable: %q", list)
		}
		if _, _, err := st.APITokenByHash(ctx, access.HashToken(token)); err == nil {
			t.Error("a disabled account's token still works")
		}
		run("", "user", "enable", "boss@example.org")
		if _, _, err := st.APITokenByHash(ctx, access.HashToken(token)); err == nil {
			t.Error("enabling the account again brought its token back (issue 11 #8)")
		}
		if _, _, err := runUserCmd(t, "", append([]string{"user", "token", "create", "boss@example.org", "--name", "forever", "--expires", "never"}, where...)...); err == nil {
			t.Error("a token that never expires was made")
		}
		var n int
		st.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE role = 'system'`).Scan(&n)
		if n != 4 {
			t.Errorf("%d audit rows for the CLI's changes, want 4 (add, token, disable, enable)", n)
		}
	})
}

// TestDemoLoginsPrinted: the demo logins are printed to standard output once, when the
// accounts are made, never to the log, and kept in the data folder; the next start only
// says that they exist.
func TestDemoLoginsPrinted(t *testing.T) {
	st, cfg := storetest.SQLiteConfig(t)
	ctx := context.Background()
	c := &config{Data: cfg.DataDir}
	var out, logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if err := startDemo(ctx, st, c, true, &out, log); err != nil {
		t.Fatal(err)
	}
	first := out.String()
	for _, role := range access.Roles() {
		if !strings.Contains(first, string(role)+"@handoff.example") {
			t.Errorf("no %s login printed:\n%s", role, first)
		}
	}
	out.Reset()
	if err := startDemo(ctx, st, c, true, &out, log); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("the next start printed:\n%s", out.String())
	}
	if !strings.Contains(logs.String(), "demo accounts exist") {
		t.Errorf("the next start does not say that demo accounts exist: %s", logs.String())
	}
	if strings.Contains(logs.String(), "@handoff.example") {
		t.Errorf("demo logins went to the log: %s", logs.String())
	}
	b, err := os.ReadFile(filepath.Join(cfg.DataDir, demoLoginsFile))
	if err != nil || !strings.Contains(string(b), "admin@handoff.example") {
		t.Errorf("logins file: %v", err)
	}
}
