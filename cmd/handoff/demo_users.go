package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"handoff/access"
	"handoff/directory"
	"handoff/seed"
	"handoff/store"
)

// demoLoginsFile is the file, in the data folder, that keeps the demo accounts'
// passwords for their owner to look up. Handoff prints them once, when it makes them,
// never again: what a start prints ends up in logs kept elsewhere.
const demoLoginsFile = "demo-logins.txt"

// demoLogin is one demo account.
type demoLogin struct {
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

// createDemoUsers gives the demo one account per role, with random passwords, and keeps
// the logins in path (readable by the owner only). It does nothing when the store has
// accounts already: demo accounts must never appear beside real ones. It lives in the
// binary, not in seed: roles and password hashes are access's, and seed (the demo data)
// imports only the directory, care, store and geo.
func createDemoUsers(ctx context.Context, st *store.Store, path string) ([]demoLogin, error) {
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
	var logins []demoLogin
	for _, role := range access.Roles() {
		l := demoLogin{Role: string(role), Email: demoEmail(role), Password: access.RandomPassword()}
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
	orgs, _, err := st.Organizations(ctx, seed.BHNName, store.Page{Number: 1, PerPage: 10})
	if err != nil {
		return "", fmt.Errorf("seed: find %s: %w", seed.BHNName, err)
	}
	for _, o := range orgs {
		if o.Name == seed.BHNName {
			return o.ID, nil
		}
	}
	return "", fmt.Errorf("seed: the demo directory has no organization %q", seed.BHNName)
}

func writeDemoLogins(path string, logins []demoLogin) error {
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

// demoAccounts counts the enabled demo accounts, so that a later start can say that
// they exist without showing anything secret.
func demoAccounts(ctx context.Context, st *store.Store) (int, error) {
	n := 0
	for _, role := range access.Roles() {
		u, err := st.UserByEmail(ctx, demoEmail(role))
		if errors.Is(err, store.ErrNotFound) {
			continue
		} else if err != nil {
			return 0, fmt.Errorf("seed: %w", err)
		}
		if !u.Disabled {
			n++
		}
	}
	return n, nil
}

// demoEmail is the demo account of a role.
func demoEmail(role access.Role) string { return string(role) + "@handoff.example" }
