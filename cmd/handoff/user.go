package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// newUser is `handoff user`: accounts from the command line, for the first admin and for
// scripts. Every change is written to the audit log as done by the system.
func newUser(cfg *config) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "user",
		Short: "Manage user accounts and API tokens",
		Args:  cobra.NoArgs,
	}
	dataFlags(cmd.PersistentFlags(), cfg)
	token := &cobra.Command{Use: "token", Short: "Manage API tokens", Args: cobra.NoArgs}
	token.AddCommand(newUserTokenCreate(cfg))
	cmd.AddCommand(newUserAdd(cfg), newUserList(cfg), newUserSetDisabled(cfg, true), newUserSetDisabled(cfg, false), token)
	return cmd
}

func newUserAdd(cfg *config) *cobra.Command {
	var in access.NewUser
	var fromStdin bool
	cmd := &cobra.Command{
		Use:   "add --email EMAIL --name NAME --role ROLE [--org ORG_ID] --password-stdin",
		Short: "Create an account (roles: " + access.RoleNames() + ")",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			pw, err := readNewPassword(cmd, fromStdin)
			if err != nil {
				return err
			}
			in.Password = pw
			if errs := in.Check(); len(errs) > 0 {
				return fmt.Errorf("cannot create the account: %w", errs)
			}
			hash, err := access.HashPassword(in.Password)
			if err != nil {
				return err
			}
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			u := store.User{ID: directory.NewID(), Email: in.Email, Name: in.Name, Role: in.Role, OrganizationID: in.OrganizationID, PasswordHash: hash}
			if err := st.CreateUser(cmd.Context(), u); err != nil {
				return fmt.Errorf("cannot create the account: %w", err)
			}
			if err := auditCLI(cmd.Context(), st, "create", u.ID); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "created %s account %s\n", u.Role, u.ID)
			return nil
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&in.Email, "email", "", "email address, used to sign in")
	fs.StringVar(&in.Name, "name", "", "name shown to colleagues")
	fs.StringVar(&in.Role, "role", "", "role: "+access.RoleNames())
	fs.StringVar(&in.OrganizationID, "org", "", "organization id (required for agency accounts)")
	fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from standard input instead of asking for it")
	return cmd
}

// readNewPassword reads the password from standard input (its first line), or asks for
// it twice on a terminal without echo. It is never a flag: flags show in process lists.
func readNewPassword(cmd *cobra.Command, fromStdin bool) (string, error) {
	if fromStdin {
		line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return "", fmt.Errorf("read password: %w", err)
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	f, ok := cmd.InOrStdin().(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return "", errors.New("give the password on standard input with --password-stdin")
	}
	ask := func(prompt string) (string, error) {
		fmt.Fprint(cmd.ErrOrStderr(), prompt)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(cmd.ErrOrStderr())
		return string(b), err
	}
	pw, err := ask("Password: ")
	if err != nil {
		return "", err
	}
	again, err := ask("Again: ")
	if err != nil {
		return "", err
	}
	if pw != again {
		return "", errors.New("the passwords differ")
	}
	return pw, nil
}

func newUserList(cfg *config) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "ID\tEMAIL\tNAME\tROLE\tORGANIZATION\tSTATUS")
			now := time.Now()
			for page := 1; ; page++ {
				users, total, err := st.Users(cmd.Context(), store.UserFilter{}, store.Page{Number: page, PerPage: 500})
				if err != nil {
					return err
				}
				for _, u := range users {
					status := "active"
					switch {
					case u.Disabled:
						status = "disabled"
					case access.Locked(u.LockedUntil, now):
						status = "locked until " + u.LockedUntil.Local().Format("15:04")
					}
					org := u.OrganizationID
					if org == "" {
						org = "-"
					}
					fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, org, status)
				}
				if page*500 >= total {
					break
				}
			}
			return w.Flush()
		},
	}
}

func newUserSetDisabled(cfg *config, disable bool) *cobra.Command {
	use, short, action := "enable EMAIL", "Let a disabled account sign in again", "enable"
	if disable {
		use, short, action = "disable EMAIL", "Stop an account from signing in, end its sessions and revoke its API tokens", "disable"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := userByEmail(cmd.Context(), st, args[0])
			if err != nil {
				return err
			}
			u.Disabled = disable
			if err := st.UpdateUser(cmd.Context(), u); err != nil {
				return err
			}
			if err := auditCLI(cmd.Context(), st, action, u.ID); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%sd account %s\n", action, u.ID)
			return nil
		},
	}
}

func newUserTokenCreate(cfg *config) *cobra.Command {
	var name, expires string
	cmd := &cobra.Command{
		Use:   "create EMAIL --name NAME [--expires 90d]",
		Short: "Create an API token for an account and print it (it is shown only this once)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name = strings.TrimSpace(name)
			if name == "" {
				return errors.New("--name is required: say what the token is for")
			}
			life, err := access.ParseLifetime(expires)
			if err == nil && life == 0 {
				err = errors.New("must be a lifetime such as 90d: API tokens expire")
			}
			if err != nil {
				return fmt.Errorf("--expires %w", err)
			}
			st, err := openStore(cmd.Context(), cfg, nil)
			if err != nil {
				return err
			}
			defer st.Close()
			u, err := userByEmail(cmd.Context(), st, args[0])
			if err != nil {
				return err
			}
			if u.Disabled {
				return errors.New("the account is disabled; enable it first")
			}
			now := time.Now()
			token, hash := access.NewToken(access.APIToken)
			t := store.APIToken{ID: directory.NewID(), TokenHash: hash, UserID: u.ID, Name: name, CreatedAt: now, ExpiresAt: now.Add(life)}
			if err := st.CreateAPIToken(cmd.Context(), t); err != nil {
				return err
			}
			if err := st.AppendAudit(cmd.Context(), store.AuditEntry{Role: "system", Action: "create", RecordType: "api_token", RecordID: t.ID, Allowed: true, Detail: "cli"}); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), token)
			fmt.Fprintf(cmd.ErrOrStderr(), "API token %s expires %s (sooner if serve's --token-max-lifetime is shorter); it is shown only this once. Send it as Authorization: Bearer TOKEN.\n",
				t.ID, t.ExpiresAt.Local().Format("2006-01-02 15:04"))
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "what the token is for")
	cmd.Flags().StringVar(&expires, "expires", "90d", "lifetime: 90d, 12h or 30m; serve cuts it to its --token-max-lifetime")
	return cmd
}

func userByEmail(ctx context.Context, st *store.Store, email string) (store.User, error) {
	u, err := st.UserByEmail(ctx, access.NormalizeEmail(email))
	if errors.Is(err, store.ErrNotFound) {
		return u, errors.New("no account has this email")
	}
	return u, err
}

func auditCLI(ctx context.Context, st *store.Store, action, userID string) error {
	return st.AppendAudit(ctx, store.AuditEntry{Role: "system", Action: action, RecordType: "user", RecordID: userID, Allowed: true, Detail: "cli"})
}
