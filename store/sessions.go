package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is a login. Only the SHA-256 of its token is stored.
type Session struct {
	ID         string
	TokenHash  string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
}

type sessionRow struct {
	ID         string `db:"s_id"`
	TokenHash  string `db:"s_token_hash"`
	UserID     string `db:"s_user_id"`
	CreatedAt  string `db:"s_created_at"`
	LastSeenAt string `db:"s_last_seen_at"`
	userRow
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, x Session) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id, token_hash, user_id, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $5)`,
		x.ID, x.TokenHash, x.UserID, formatTime(x.CreatedAt), formatTime(x.LastSeenAt))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionByTokenHash loads a session and its account by the hash of its token. Sessions
// of disabled accounts are not found.
func (s *Store) SessionByTokenHash(ctx context.Context, hash string) (Session, User, error) {
	var r sessionRow
	err := s.db.GetContext(ctx, &r, `SELECT s.id AS s_id, s.token_hash AS s_token_hash, s.user_id AS s_user_id,
		s.created_at AS s_created_at, s.last_seen_at AS s_last_seen_at, `+userCols+`
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND NOT u.disabled`, hash)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, User{}, ErrNotFound
	}
	if err != nil {
		return Session{}, User{}, fmt.Errorf("store: load session: %w", err)
	}
	return Session{ID: r.ID, TokenHash: r.TokenHash, UserID: r.UserID, CreatedAt: optTime(r.CreatedAt), LastSeenAt: optTime(r.LastSeenAt)}, r.userRow.user(), nil
}

// TouchSession records that a session was used at now, which keeps it from idling out.
func (s *Store) TouchSession(ctx context.Context, id string, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, id, formatTime(now)); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of an account.
func (s *Store) DeleteUserSessions(ctx context.Context, userID string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("store: delete sessions: %w", err)
	}
	return nil
}

// DeleteStaleSessions removes sessions last used before idleBefore or created before
// createdBefore: they can no longer sign anyone in.
func (s *Store) DeleteStaleSessions(ctx context.Context, idleBefore, createdBefore time.Time) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2`,
		formatTime(idleBefore), formatTime(createdBefore))
	if err != nil {
		return fmt.Errorf("store: delete stale sessions: %w", err)
	}
	return nil
}
