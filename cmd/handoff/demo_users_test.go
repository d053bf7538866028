package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/access"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

func TestDemoUsers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := seed.Load(ctx, st); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(t.TempDir(), "data", demoLoginsFile)
		made, err := createDemoUsers(ctx, st, path)
		if err != nil {
			t.Fatal(err)
		}
		if len(made) != len(access.Roles()) {
			t.Fatalf("%d demo users, want one per role", len(made))
		}
		fi, err := os.Stat(path)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("logins file: %v %v", fi, err)
		}
		for _, l := range made {
			u, err := st.UserByEmail(ctx, l.Email)
			if err != nil || u.Role != l.Role || !access.CheckPassword(u.PasswordHash, l.Password) {
				t.Fatalf("demo %s: %+v %v", l.Role, u, err)
			}
			if l.Role == "agency" {
				o, err := st.Organization(ctx, u.OrganizationID, false)
				if err != nil || o.Name != seed.BHNName {
					t.Errorf("the demo agency user works for %q (%v)", o.Name, err)
				}
			}
		}
		// Again (a restart): nothing new; the logins are kept in the file.
		again, err := createDemoUsers(ctx, st, path)
		if err != nil || again != nil {
			t.Fatalf("second run made %v (%v)", again, err)
		}
		kept, err := os.ReadFile(path)
		if err != nil || !strings.Contains(string(kept), made[0].Email) || !strings.Contains(string(kept), made[0].Password) {
			t.Fatalf("logins file: %q %v", kept, err)
		}
		if n, err := demoAccounts(ctx, st); err != nil || n != len(made) {
			t.Fatalf("%d demo accounts (%v)", n, err)
		}
		// A disabled demo account is no longer counted.
		u, _ := st.UserByEmail(ctx, made[0].Email)
		u.Disabled = true
		st.UpdateUser(ctx, u)
		if n, _ := demoAccounts(ctx, st); n != len(made)-1 {
			t.Errorf("a disabled account is still counted: %d", n)
		}
	})
}
