package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// Errors of account writes, for the caller to turn into answers.
var (
	// ErrEmailTaken means another account has the email.
	ErrEmailTaken = errors.New("an account with this email exists")
	// ErrUnknownOrganization means the organization named for a user does not exist.
	ErrUnknownOrganization = errors.New("no organization with this id")
)

// User is an account. PasswordHash is an argon2id hash; the password is never stored.
type User struct {
	ID             string
	Email          string
	Name           string
	Role           string
	OrganizationID string
	PasswordHash   string
	Disabled       bool
	FailedLogins   int
	LockedUntil    time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

type userRow struct {
	ID             string `db:"id"`
	Email          string `db:"email"`
	Name           string `db:"name"`
	Role           string `db:"role"`
	OrganizationID string `db:"organization_id"`
	PasswordHash   string `db:"password_hash"`
	Disabled       bool   `db:"disabled"`
	FailedLogins   int    `db:"failed_logins"`
	LockedUntil    string `db:"locked_until"`
	CreatedAt      string `db:"created_at"`
	UpdatedAt      string `db:"updated_at"`
}

const userCols = `u.id, u.email, u.name, u.role, COALESCE(u.organization_id, '') AS organization_id, u.password_hash,
	u.disabled, u.failed_logins, u.locked_until, u.created_at, u.updated_at`

func (r userRow) user() User {
	return User{ID: r.ID, Email: r.Email, Name: r.Name, Role: r.Role, OrganizationID: r.OrganizationID,
		PasswordHash: r.PasswordHash, Disabled: r.Disabled, FailedLogins: r.FailedLogins,
		LockedUntil: optTime(r.LockedUntil), CreatedAt: optTime(r.CreatedAt), UpdatedAt: optTime(r.UpdatedAt)}
}

// optTime reads an internal time column where ” means none.
func optTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := parseTime(s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// optFormat writes an internal time column where the zero time is ”.
func optFormat(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateUser adds an account. The email must be normalized by the caller; the
// organization, when given, must exist.
func (s *Store) CreateUser(ctx context.Context, u User) error {
	now := formatTime(time.Now())
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkUserRefs(ctx, tx, u.ID, u.Email, u.OrganizationID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, role, organization_id, password_hash, disabled, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
			u.ID, u.Email, u.Name, u.Role, nullable(u.OrganizationID), u.PasswordHash, u.Disabled, now)
		if err != nil {
			return fmt.Errorf("store: create user: %w", err)
		}
		return nil
	})
}

// checkUserRefs checks, inside the writing transaction, that the email is free (for
// another account than id) and the organization exists, so that the caller gets a
// sentinel error rather than a driver's constraint message.
func checkUserRefs(ctx context.Context, tx *sqlx.Tx, id, email, orgID string) error {
	var one int
	err := tx.GetContext(ctx, &one, `SELECT 1 FROM users WHERE email = $1 AND id <> $2`, email, id)
	if err == nil {
		return ErrEmailTaken
	} else if !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: check email: %w", err)
	}
	if orgID == "" {
		return nil
	}
	err = tx.GetContext(ctx, &one, `SELECT 1 FROM organizations WHERE id = $1`, orgID)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrUnknownOrganization
	} else if err != nil {
		return fmt.Errorf("store: check organization: %w", err)
	}
	return nil
}

// UserByID loads an account by id.
func (s *Store) UserByID(ctx context.Context, id string) (User, error) {
	return s.oneUser(ctx, `SELECT `+userCols+` FROM users u WHERE u.id = $1`, id)
}

// UserByEmail loads an account by its normalized email.
func (s *Store) UserByEmail(ctx context.Context, email string) (User, error) {
	return s.oneUser(ctx, `SELECT `+userCols+` FROM users u WHERE u.email = $1`, email)
}

func (s *Store) oneUser(ctx context.Context, q string, arg any) (User, error) {
	var r userRow
	err := s.db.GetContext(ctx, &r, q, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("store: load user: %w", err)
	}
	return r.user(), nil
}

// UserFilter narrows a list of accounts.
type UserFilter struct {
	Role           string
	OrganizationID string
}

// Users returns one page of accounts by name then id, and the number of matches.
func (s *Store) Users(ctx context.Context, f UserFilter, p Page) ([]User, int, error) {
	var c conds
	c.eq("u.role", f.Role)
	c.eq("u.organization_id", f.OrganizationID)
	where, args := c.where()
	rows, total, err := selectPage[userRow](ctx, s.db, listQuery{what: "users", from: "users u", cols: userCols,
		where: where, args: args, order: "u.name, u.id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]User, len(rows))
	for i, r := range rows {
		out[i] = r.user()
	}
	return out, total, nil
}

// CountUsers counts all accounts.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	var n int
	if err := s.db.GetContext(ctx, &n, "SELECT count(*) FROM users"); err != nil {
		return 0, fmt.Errorf("store: count users: %w", err)
	}
	return n, nil
}

// UpdateUser writes an account's email, name, role, organization and disabled flag.
// Disabling an account ends its sessions and revokes its API tokens in the same
// transaction.
func (s *Store) UpdateUser(ctx context.Context, u User) error {
	now := formatTime(time.Now())
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := checkUserRefs(ctx, tx, u.ID, u.Email, u.OrganizationID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE users SET email = $2, name = $3, role = $4, organization_id = $5, disabled = $6, updated_at = $7 WHERE id = $1`,
			u.ID, u.Email, u.Name, u.Role, nullable(u.OrganizationID), u.Disabled, now)
		if err != nil {
			return fmt.Errorf("store: update user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if u.Disabled {
			// Enabling the account again must not bring its old credentials back.
			if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
				return fmt.Errorf("store: end sessions of disabled user: %w", err)
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1`, u.ID); err != nil {
				return fmt.Errorf("store: revoke API tokens of disabled user: %w", err)
			}
			// Nor may a reset link made before bring the account back with a password.
			if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET revoked_at = $2 WHERE user_id = $1 AND used_at = '' AND revoked_at = ''`, u.ID, now); err != nil {
				return fmt.Errorf("store: revoke password resets of disabled user: %w", err)
			}
		}
		return nil
	})
}

// SetPassword replaces an account's password hash, clears its lock, ends its sessions
// except keep (the session that made the change, if any) and revokes all its API tokens.
func (s *Store) SetPassword(ctx context.Context, userID, hash, keep string) error {
	now := formatTime(time.Now())
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = '', updated_at = $3 WHERE id = $1`, userID, hash, now)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return endCredentials(ctx, tx, userID, keep)
	})
}

// RecordLoginFailure stores an account's failed-login count and lock, as computed by
// next from the count read in the same transaction, so that concurrent failures all count.
func (s *Store) RecordLoginFailure(ctx context.Context, userID string, next func(failures int) (int, time.Time)) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		q := `SELECT failed_logins FROM users WHERE id = $1`
		if s.dialect == Postgres {
			q += " FOR UPDATE" // SQLite's write transactions are already exclusive
		}
		var n int
		if err := tx.GetContext(ctx, &n, q, userID); err != nil {
			return fmt.Errorf("store: read failed logins: %w", err)
		}
		failures, until := next(n)
		if _, err := tx.ExecContext(ctx, `UPDATE users SET failed_logins = $2, locked_until = $3 WHERE id = $1`,
			userID, failures, optFormat(until)); err != nil {
			return fmt.Errorf("store: record failed login: %w", err)
		}
		return nil
	})
}

// ClearLoginFailures resets an account's failed-login count after a successful login.
func (s *Store) ClearLoginFailures(ctx context.Context, userID string) error {
	_, err := s.db.ExecContext(ctx, `UPDATE users SET failed_logins = 0, locked_until = '' WHERE id = $1 AND (failed_logins <> 0 OR locked_until <> '')`, userID)
	if err != nil {
		return fmt.Errorf("store: clear failed logins: %w", err)
	}
	return nil
}
