package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SessionCreatedAt returns when a session began, or ErrNotFound once it has ended: the
// offline queue's key (api/offline_key.go) is counted from it and dies with it.
func (s *Store) SessionCreatedAt(ctx context.Context, id string) (time.Time, error) {
	var at string
	err := s.db.GetContext(ctx, &at, `SELECT created_at FROM sessions WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, ErrNotFound
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: read session: %w", err)
	}
	return optTime(at), nil
}
