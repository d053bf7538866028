package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// PasswordReset is a one-time link (/p/{token}) through which a person sets a new
// password without signing in. Only the hash of its token is kept.
type PasswordReset struct {
	ID        string
	UserID    string
	TokenHash string
	CreatedBy string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
	RevokedAt time.Time
}

type passwordResetRow struct {
	ID        string `db:"id"`
	UserID    string `db:"user_id"`
	TokenHash string `db:"token_hash"`
	CreatedBy string `db:"created_by"`
	CreatedAt string `db:"created_at"`
	ExpiresAt string `db:"expires_at"`
	UsedAt    string `db:"used_at"`
	RevokedAt string `db:"revoked_at"`
}

func (r passwordResetRow) reset() PasswordReset {
	return PasswordReset{ID: r.ID, UserID: r.UserID, TokenHash: r.TokenHash, CreatedBy: r.CreatedBy,
		CreatedAt: optTime(r.CreatedAt), ExpiresAt: optTime(r.ExpiresAt), UsedAt: optTime(r.UsedAt), RevokedAt: optTime(r.RevokedAt)}
}

// Live reports whether the link still opens at now: not used, not replaced, not expired.
func (r PasswordReset) Live(now time.Time) bool {
	return r.UsedAt.IsZero() && r.RevokedAt.IsZero() && now.Before(r.ExpiresAt)
}

// CreatePasswordReset stores a new reset link for its account and revokes the account's
// earlier ones that are still unused, with the audit row, in one transaction: only the
// newest link made for a person works.
func (s *Store) CreatePasswordReset(ctx context.Context, r PasswordReset, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		at := formatTime(r.CreatedAt)
		if _, err := tx.ExecContext(ctx, `UPDATE password_resets SET revoked_at = $2 WHERE user_id = $1 AND used_at = '' AND revoked_at = ''`,
			r.UserID, at); err != nil {
			return fmt.Errorf("store: revoke earlier password resets: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (id, user_id, token_hash, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, r.ID, r.UserID, r.TokenHash, r.CreatedBy, at, formatTime(r.ExpiresAt)); err != nil {
			return fmt.Errorf("store: create password reset: %w", err)
		}
		return insertAudit(ctx, tx, audit)
	})
}

// PasswordResetByHash loads a reset link by the hash of its token, live or not;
// ErrNotFound when no link ever had that token.
func (s *Store) PasswordResetByHash(ctx context.Context, hash string) (PasswordReset, error) {
	return passwordResetByHash(ctx, s.db, hash, "")
}

func passwordResetByHash(ctx context.Context, q sqlx.QueryerContext, hash, suffix string) (PasswordReset, error) {
	var r passwordResetRow
	err := sqlx.GetContext(ctx, q, &r, `SELECT id, user_id, token_hash, created_by, created_at, expires_at, used_at, revoked_at
		FROM password_resets WHERE token_hash = $1`+suffix, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return PasswordReset{}, ErrNotFound
	}
	if err != nil {
		return PasswordReset{}, fmt.Errorf("store: load password reset: %w", err)
	}
	return r.reset(), nil
}

// UsePasswordReset sets the account's password through the link of hash: in one
// transaction it checks that the link is still live at now (ErrLinkExpired when it was
// used, replaced or has expired, or its account is disabled), marks it used, replaces
// the password as SetPassword does (ending every session and API token of the account)
// and appends the audit row. Two posts of one link cannot both succeed.
func (s *Store) UsePasswordReset(ctx context.Context, hash, passwordHash string, now time.Time, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		suffix := ""
		if s.dialect == Postgres {
			suffix = " FOR UPDATE" // SQLite's write transactions are already exclusive
		}
		r, err := passwordResetByHash(ctx, tx, hash, suffix)
		if err != nil {
			return err
		}
		if !r.Live(now) {
			return ErrLinkExpired
		}
		at := formatTime(now)
		res, err := tx.ExecContext(ctx, `UPDATE password_resets SET used_at = $2 WHERE id = $1 AND used_at = '' AND revoked_at = ''`, r.ID, at)
		if err != nil {
			return fmt.Errorf("store: use password reset: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrLinkExpired
		}
		res, err = tx.ExecContext(ctx, `UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = '', updated_at = $3
			WHERE id = $1 AND NOT disabled`, r.UserID, passwordHash, at)
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrLinkExpired // the account was disabled or removed since the link was made
		}
		if err := endCredentials(ctx, tx, r.UserID, ""); err != nil {
			return err
		}
		audit.UserID = r.UserID
		return insertAudit(ctx, tx, audit)
	})
}

// endCredentials ends an account's sessions except keep and revokes all its API tokens:
// whoever had the old password may have made either with it.
func endCredentials(ctx context.Context, tx *sqlx.Tx, userID, keep string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, keep); err != nil {
		return fmt.Errorf("store: end other sessions: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("store: revoke API tokens: %w", err)
	}
	return nil
}
