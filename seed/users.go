package seed

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// DemoLoginsFile is the file, in the data folder, that keeps the demo accounts'
// passwords, so that they can be shown again at every start of the demo.
const DemoLoginsFile = "demo-logins.txt"

// DemoLogin is one demo account.
type DemoLogin struct {
	Role, Email, Password string
}

// demoNames are the demo accounts, one per role. The agency account works for BHN.
var demoNames = map[access.Role]string{
	access.Peer:        "Demo Peer",
	access.Clinician:   "Demo Clinician",
	access.Coordinator: "Demo Coordinator",
	access.Agency:      "Demo BHN Staff",
	access.Admin:       "Demo Admin",
}

// CreateDemoUsers gives the demo one account per role, with random passwords, and keeps
// the logins in path (readable by the owner only). It does nothing when the store has
// accounts already: demo accounts must never appear beside real ones.
func CreateDemoUsers(ctx context.Context, st *store.Store, path string) ([]DemoLogin, error) {
	n, err := st.CountUsers(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	if n > 0 {
		return nil, nil
	}
	bhn, err := bhnOrganizationID(ctx, st)
	if err != nil {
		return nil, err
	}
	var logins []DemoLogin
	for _, role := range access.Roles() {
		l := DemoLogin{Role: string(role), Email: string(role) + "@handoff.example", Password: access.RandomPassword()}
		hash, err := access.HashPassword(l.Password)
		if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		u := store.User{ID: directory.NewID(), Email: l.Email, Name: demoNames[role], Role: l.Role, PasswordHash: hash}
		if role == access.Agency {
			u.OrganizationID = bhn
		}
		if err := st.CreateUser(ctx, u); err != nil {
			return nil, fmt.Errorf("seed: demo user %s: %w", role, err)
		}
		if err := st.AppendAudit(ctx, store.AuditEntry{Role: "system", Action: "create", RecordType: "user", RecordID: u.ID, Allowed: true, Detail: "demo"}); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		logins = append(logins, l)
	}
	if err := writeDemoLogins(path, logins); err != nil {
		return nil, err
	}
	return logins, nil
}

func bhnOrganizationID(ctx context.Context, st *store.Store) (string, error) {
	orgs, _, err := st.Organizations(ctx, BHNName, store.Page{Number: 1, PerPage: 10})
	if err != nil {
		return "", fmt.Errorf("seed: find %s: %w", BHNName, err)
	}
	for _, o := range orgs {
		if o.Name == BHNName {
			return o.ID, nil
		}
	}
	return "", fmt.Errorf("seed: the demo directory has no organization %q", BHNName)
}

func writeDemoLogins(path string, logins []DemoLogin) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	var b strings.Builder
	b.WriteString("# Handoff demo logins, made with the demo directory. Keep this file private.\n")
	b.WriteString("# role        email                          password\n")
	for _, l := range logins {
		fmt.Fprintf(&b, "%-13s %-30s %s\n", l.Role, l.Email, l.Password)
	}
	// Written beside the target and renamed, so that a crash never leaves half a file.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
		return fmt.Errorf("seed: write demo logins: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("seed: write demo logins: %w", err)
	}
	return nil
}

// ReadDemoLogins reads the demo logins kept in path and returns those whose accounts
// still exist, are enabled and have that password, so that a login changed since is
// not shown.
// No file means no demo logins.
func ReadDemoLogins(ctx context.Context, st *store.Store, path string) ([]DemoLogin, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("seed: read demo logins: %w", err)
	}
	defer f.Close()
	var out []DemoLogin
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		u, err := st.UserByEmail(ctx, fields[1])
		if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Disabled || !access.CheckPassword(u.PasswordHash, fields[2]))) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("seed: %w", err)
		}
		out = append(out, DemoLogin{Role: fields[0], Email: fields[1], Password: fields[2]})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("seed: read demo logins: %w", err)
	}
	return out, nil
}
