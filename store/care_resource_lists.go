package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

// CreateResourceList stores a resource list prepared by care.NewResourceList (and
// validated), minting its id. Every service must exist.
func (c *CareStore) CreateResourceList(ctx context.Context, l *care.ResourceList) error {
	if l.ID == "" {
		l.ID = directory.NewID()
	}
	if l.TokenHash == "" {
		return fmt.Errorf("store: resource list without a token: prepare it with care.NewResourceList")
	}
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		var found []string
		if err := tx.SelectContext(ctx, &found, `SELECT id FROM services WHERE id IN (`+careInList(1, len(l.ServiceIDs))+`)`,
			careAnys(l.ServiceIDs)...); err != nil {
			return fmt.Errorf("store: find services: %w", err)
		}
		have := map[string]bool{}
		for _, id := range found {
			have[id] = true
		}
		var errs directory.FieldErrors
		for i, id := range l.ServiceIDs {
			if !have[id] {
				errs = append(errs, directory.FieldError{Field: fmt.Sprintf("service_ids[%d]", i), Message: "no service with this id"})
			}
		}
		if len(errs) > 0 {
			return errs
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO resource_lists (id, token_hash, service_ids, language, created_by, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			l.ID, l.TokenHash, strings.Join(l.ServiceIDs, " "), l.Language, l.CreatedBy, formatTime(careNow(l.CreatedAt)), formatTime(l.ExpiresAt))
		if err != nil {
			return fmt.Errorf("store: create resource list: %w", err)
		}
		return c.auditWrite(ctx, tx, "create", "resource_list", l.ID)
	})
}

// ResourceListByToken finds the list a public link opens at time at: ErrNotFound for an
// unknown token, ErrLinkExpired once it has expired.
func (c *CareStore) ResourceListByToken(ctx context.Context, token string, at time.Time) (care.ResourceList, error) {
	if !care.TokenLooksValid(care.PrefixResourceList, token) {
		return care.ResourceList{}, ErrNotFound
	}
	var r struct {
		ID         string `db:"id"`
		TokenHash  string `db:"token_hash"`
		ServiceIDs string `db:"service_ids"`
		Language   string `db:"language"`
		CreatedBy  string `db:"created_by"`
		CreatedAt  string `db:"created_at"`
		ExpiresAt  string `db:"expires_at"`
	}
	err := c.db.GetContext(ctx, &r, `SELECT id, token_hash, service_ids, language, created_by, created_at, expires_at
		FROM resource_lists WHERE token_hash = $1`, care.HashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return care.ResourceList{}, ErrNotFound
	}
	if err != nil {
		return care.ResourceList{}, fmt.Errorf("store: find resource list: %w", err)
	}
	l := care.ResourceList{ID: r.ID, TokenHash: r.TokenHash, ServiceIDs: careWords(r.ServiceIDs), Language: r.Language,
		CreatedBy: r.CreatedBy, CreatedAt: optTime(r.CreatedAt), ExpiresAt: optTime(r.ExpiresAt)}
	if !l.Usable(careNow(at)) {
		return care.ResourceList{}, ErrLinkExpired
	}
	return l, nil
}

// DeleteExpiredResourceLists removes lists that expired before the time given: their
// links can never open again.
func (c *CareStore) DeleteExpiredResourceLists(ctx context.Context, before time.Time) (int64, error) {
	res, err := c.db.ExecContext(ctx, `DELETE FROM resource_lists WHERE expires_at < $1`, formatTime(before))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired resource lists: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
