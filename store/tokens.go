package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// APIToken is a long-lived credential for scripts and integrations. Only the SHA-256 of
// the token is stored; ExpiresAt is zero for a token that does not expire.
type APIToken struct {
	ID         string
	TokenHash  string
	UserID     string
	Name       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time
}

type apiTokenRow struct {
	ID         string `db:"t_id"`
	TokenHash  string `db:"t_token_hash"`
	UserID     string `db:"t_user_id"`
	Name       string `db:"t_name"`
	CreatedAt  string `db:"t_created_at"`
	ExpiresAt  string `db:"t_expires_at"`
	LastUsedAt string `db:"t_last_used_at"`
}

const tokenCols = `t.id AS t_id, t.token_hash AS t_token_hash, t.user_id AS t_user_id, t.name AS t_name,
	t.created_at AS t_created_at, t.expires_at AS t_expires_at, t.last_used_at AS t_last_used_at`

func (r apiTokenRow) token() APIToken {
	return APIToken{ID: r.ID, TokenHash: r.TokenHash, UserID: r.UserID, Name: r.Name,
		CreatedAt: optTime(r.CreatedAt), ExpiresAt: optTime(r.ExpiresAt), LastUsedAt: optTime(r.LastUsedAt)}
}

// CreateAPIToken stores a new API token.
func (s *Store) CreateAPIToken(ctx context.Context, t APIToken) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO api_tokens (id, token_hash, user_id, name, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)`,
		t.ID, t.TokenHash, t.UserID, t.Name, formatTime(t.CreatedAt), optFormat(t.ExpiresAt))
	if err != nil {
		return fmt.Errorf("store: create API token: %w", err)
	}
	return nil
}

// APITokenByHash loads a token and its account by the hash of the token. Tokens of
// disabled accounts are not found; expiry is for the caller to check.
func (s *Store) APITokenByHash(ctx context.Context, hash string) (APIToken, User, error) {
	var r struct {
		apiTokenRow
		userRow
	}
	err := s.db.GetContext(ctx, &r, `SELECT `+tokenCols+`, `+userCols+`
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND NOT u.disabled`, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return APIToken{}, User{}, ErrNotFound
	}
	if err != nil {
		return APIToken{}, User{}, fmt.Errorf("store: load API token: %w", err)
	}
	return r.apiTokenRow.token(), r.userRow.user(), nil
}

// APITokens lists an account's tokens, newest first.
func (s *Store) APITokens(ctx context.Context, userID string) ([]APIToken, error) {
	var rows []apiTokenRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+tokenCols+` FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.created_at DESC, t.id`, userID); err != nil {
		return nil, fmt.Errorf("store: list API tokens: %w", err)
	}
	out := make([]APIToken, len(rows))
	for i, r := range rows {
		out[i] = r.token()
	}
	return out, nil
}

// DeleteAPIToken revokes one of an account's tokens; ErrNotFound when the account has
// no token with that id.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, id string) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM api_tokens WHERE id = $1 AND user_id = $2`, id, userID)
	if err != nil {
		return fmt.Errorf("store: delete API token: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// TouchAPIToken records when a token was last used.
func (s *Store) TouchAPIToken(ctx context.Context, id string, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $2 WHERE id = $1`, id, formatTime(now)); err != nil {
		return fmt.Errorf("store: touch API token: %w", err)
	}
	return nil
}
