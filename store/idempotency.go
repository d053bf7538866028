package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// ErrIdempotencyBusy means another request with the same idempotency key wrote first and
// this one was rolled back: the first request is in flight or has just finished. Asking
// again answers its result.
var ErrIdempotencyBusy = errors.New("a request with this idempotency key is already being processed")

// IdempotencyRetention is how long a key is kept: longer than any phone's offline queue
// may hold a record (the queue key's lifetime is at most a session's week).
const IdempotencyRetention = 30 * 24 * time.Hour

// IdempotencyKey is a client's Idempotency-Key for one care write, kept with the record
// the write made.
type IdempotencyKey struct {
	UserID      string
	Key         string
	Fingerprint string // SHA-256 of method, path and body, hex
	RecordType  string // "encounter", "follow_up" (an attempt on it), "referral"
	RecordID    string
	RelatedID   string // the encounter's follow-up, the attempt's id; "" for none
	CreatedAt   time.Time
}

// IdempotencyKeyOf returns the user's key as kept, or ErrNotFound.
func (s *Store) IdempotencyKeyOf(ctx context.Context, userID, key string) (IdempotencyKey, error) {
	var r struct {
		Fingerprint string `db:"fingerprint"`
		RecordType  string `db:"record_type"`
		RecordID    string `db:"record_id"`
		RelatedID   string `db:"related_id"`
		CreatedAt   string `db:"created_at"`
	}
	err := s.db.GetContext(ctx, &r, `SELECT fingerprint, record_type, record_id, related_id, created_at
		FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND created_at >= $3`,
		userID, key, formatTime(time.Now().Add(-IdempotencyRetention)))
	if errors.Is(err, sql.ErrNoRows) {
		return IdempotencyKey{}, ErrNotFound
	}
	if err != nil {
		return IdempotencyKey{}, fmt.Errorf("store: read idempotency key: %w", err)
	}
	return IdempotencyKey{UserID: userID, Key: key, Fingerprint: r.Fingerprint, RecordType: r.RecordType,
		RecordID: r.RecordID, RelatedID: r.RelatedID, CreatedAt: optTime(r.CreatedAt)}, nil
}

// WithIdempotencyKey returns a copy of the view whose next write keeps k (with the
// record it made) inside the write's own transaction: the record and its key commit
// together or not at all. Another request that kept the same key first makes the write
// fail with ErrIdempotencyBusy, writing nothing.
func (c *CareStore) WithIdempotencyKey(k IdempotencyKey) *CareStore {
	cp := *c
	cp.idem = &k
	return &cp
}

// keepIdempotencyKey writes the view's key, if any, naming the record made, inside tx.
// The user's keys older than IdempotencyRetention go in the same statement's wake.
func (c *CareStore) keepIdempotencyKey(ctx context.Context, tx *sqlx.Tx, recordType, recordID, relatedID string) error {
	if c.idem == nil {
		return nil
	}
	k := *c.idem
	now := time.Now()
	if _, err := tx.ExecContext(ctx, `DELETE FROM idempotency_keys WHERE user_id = $1 AND created_at < $2`,
		k.UserID, formatTime(now.Add(-IdempotencyRetention))); err != nil {
		return fmt.Errorf("store: purge idempotency keys: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO idempotency_keys (user_id, key, fingerprint, record_type, record_id, related_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (user_id, key) DO NOTHING`,
		k.UserID, k.Key, k.Fingerprint, recordType, recordID, relatedID, formatTime(now))
	if err != nil {
		return fmt.Errorf("store: keep idempotency key: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrIdempotencyBusy
	}
	return nil
}
