package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// UserAPIToken is an API token with its account's name, email and role, as the admins'
// list of every account's tokens shows it.
type UserAPIToken struct {
	APIToken
	UserName  string
	UserEmail string
	UserRole  string
}

// AllAPITokens lists every account's API tokens (of one account when userID is not
// ""), newest first.
func (s *Store) AllAPITokens(ctx context.Context, userID string) ([]UserAPIToken, error) {
	var rows []struct {
		apiTokenRow
		UserName  string `db:"u_name"`
		UserEmail string `db:"u_email"`
		UserRole  string `db:"u_role"`
	}
	q := `SELECT ` + tokenCols + `, u.name AS u_name, u.email AS u_email, u.role AS u_role
		FROM api_tokens t JOIN users u ON u.id = t.user_id`
	args := []any{}
	if userID != "" {
		q += ` WHERE t.user_id = $1`
		args = append(args, userID)
	}
	if err := s.db.SelectContext(ctx, &rows, q+` ORDER BY t.created_at DESC, t.id`, args...); err != nil {
		return nil, fmt.Errorf("store: list all API tokens: %w", err)
	}
	out := make([]UserAPIToken, len(rows))
	for i, r := range rows {
		out[i] = UserAPIToken{APIToken: r.apiTokenRow.token(), UserName: r.UserName, UserEmail: r.UserEmail, UserRole: r.UserRole}
	}
	return out, nil
}

// RevokeAPIToken removes any account's token by id (an admin's revocation), with the
// audit row in the same transaction; ErrNotFound when there is none.
func (s *Store) RevokeAPIToken(ctx context.Context, id string, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("store: revoke API token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return insertAudit(ctx, tx, audit)
	})
}
