package seed_test

import (
	"context"
	"os"
	"path/filepath"
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
		path := filepath.Join(t.TempDir(), "data", seed.DemoLoginsFile)
		made, err := seed.CreateDemoUsers(ctx, st, path)
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
		// Again (a restart): nothing new, and the same logins to show.
		again, err := seed.CreateDemoUsers(ctx, st, path)
		if err != nil || again != nil {
			t.Fatalf("second run made %v (%v)", again, err)
		}
		shown, err := seed.ReadDemoLogins(ctx, st, path)
		if err != nil || len(shown) != len(made) || shown[0] != made[0] {
			t.Fatalf("shown %v (%v)", shown, err)
		}
		// A disabled demo account is no longer shown.
		u, _ := st.UserByEmail(ctx, made[0].Email)
		u.Disabled = true
		st.UpdateUser(ctx, u)
		if shown, _ := seed.ReadDemoLogins(ctx, st, path); len(shown) != len(made)-1 {
			t.Errorf("a disabled account is still shown: %v", shown)
		}
		if none, err := seed.ReadDemoLogins(ctx, st, filepath.Join(t.TempDir(), "missing.txt")); err != nil || none != nil {
			t.Errorf("no file: %v %v", none, err)
		}
	})
}
