package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// UpdateLink is a service's no-login update link (/u/{token}). Only the hash of its
// token is kept; the token is shown once, when the link is made or rotated.
type UpdateLink struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id"`
	// OrganizationID is the service's organization when the link was made: the link
	// opens nothing once the service belongs to another.
	OrganizationID string    `json:"organization_id"`
	TokenHash      string    `json:"-"`
	CreatedBy      string    `json:"created_by"`
	CreatedAt      time.Time `json:"created_at"`
	RotatedAt      time.Time `json:"rotated_at,omitzero"`
	RevokedAt      time.Time `json:"revoked_at,omitzero"`
	LastUsedAt     time.Time `json:"last_used_at,omitzero"`
}

type updateLinkRow struct {
	ID             string `db:"id"`
	ServiceID      string `db:"service_id"`
	OrganizationID string `db:"organization_id"`
	TokenHash      string `db:"token_hash"`
	CreatedBy      string `db:"created_by"`
	CreatedAt      string `db:"created_at"`
	RotatedAt      string `db:"rotated_at"`
	RevokedAt      string `db:"revoked_at"`
	LastUsedAt     string `db:"last_used_at"`
}

const updateLinkCols = `id, service_id, organization_id, token_hash, created_by, created_at, rotated_at, revoked_at, last_used_at`

func (r updateLinkRow) link() UpdateLink {
	return UpdateLink{ID: r.ID, ServiceID: r.ServiceID, OrganizationID: r.OrganizationID, TokenHash: r.TokenHash,
		CreatedBy: r.CreatedBy, CreatedAt: optTime(r.CreatedAt), RotatedAt: optTime(r.RotatedAt),
		RevokedAt: optTime(r.RevokedAt), LastUsedAt: optTime(r.LastUsedAt)}
}

// CreateUpdateLink stores a new update link and its audit row in one transaction.
func (s *Store) CreateUpdateLink(ctx context.Context, l UpdateLink, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO update_links (id, service_id, organization_id, token_hash, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, l.ID, l.ServiceID, l.OrganizationID, l.TokenHash, l.CreatedBy, formatTime(l.CreatedAt)); err != nil {
			return fmt.Errorf("store: create update link: %w", err)
		}
		return insertAudit(ctx, tx, audit)
	})
}

// UpdateLinks lists a service's update links, newest first, revoked ones included.
func (s *Store) UpdateLinks(ctx context.Context, serviceID string) ([]UpdateLink, error) {
	var rows []updateLinkRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+updateLinkCols+` FROM update_links WHERE service_id = $1
		ORDER BY created_at DESC, id`, serviceID); err != nil {
		return nil, fmt.Errorf("store: list update links: %w", err)
	}
	out := make([]UpdateLink, len(rows))
	for i, r := range rows {
		out[i] = r.link()
	}
	return out, nil
}

// updateLink loads one link of the service; ErrNotFound when the service has no such link.
func updateLink(ctx context.Context, q sqlx.QueryerContext, serviceID, id string) (UpdateLink, error) {
	var r updateLinkRow
	err := sqlx.GetContext(ctx, q, &r, `SELECT `+updateLinkCols+` FROM update_links WHERE id = $1 AND service_id = $2`, id, serviceID)
	if errors.Is(err, sql.ErrNoRows) {
		return UpdateLink{}, ErrNotFound
	}
	if err != nil {
		return UpdateLink{}, fmt.Errorf("store: load update link: %w", err)
	}
	return r.link(), nil
}

// RotateUpdateLink gives the service's link id the token of hash newHash at time at: the
// old token stops working, and its hash is kept so that opening it answers that it was
// replaced. A revoked link is not brought back (ErrLinkWithdrawn): make a new one. The
// audit row is written in the same transaction.
func (s *Store) RotateUpdateLink(ctx context.Context, serviceID, id, newHash string, at time.Time, audit AuditEntry) (UpdateLink, error) {
	var out UpdateLink
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		l, err := updateLink(ctx, tx, serviceID, id)
		if err != nil {
			return err
		}
		if !l.RevokedAt.IsZero() {
			return ErrLinkWithdrawn
		}
		// A link made while the service belonged to another organization stays dead: a
		// fresh token for it would open the service again if it ever moved back.
		var org sql.NullString
		if err := tx.GetContext(ctx, &org, `SELECT organization_id FROM services WHERE id = $1`, serviceID); err != nil {
			return fmt.Errorf("store: rotate update link: %w", err)
		}
		if org.String != l.OrganizationID {
			return ErrLinkWithdrawn
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO update_links_retired (hash, link_id, retired_at) VALUES ($1, $2, $3)
			ON CONFLICT (hash) DO NOTHING`, l.TokenHash, id, formatTime(at)); err != nil {
			return fmt.Errorf("store: retire update link token: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE update_links SET token_hash = $2, rotated_at = $3 WHERE id = $1`,
			id, newHash, formatTime(at)); err != nil {
			return fmt.Errorf("store: rotate update link: %w", err)
		}
		if err := insertAudit(ctx, tx, audit); err != nil {
			return err
		}
		l.TokenHash, l.RotatedAt = newHash, at.UTC()
		out = l
		return nil
	})
	return out, err
}

// RevokeUpdateLink stops the service's link id from working, from time at. Revoking a
// revoked link changes nothing but succeeds (and is audited).
func (s *Store) RevokeUpdateLink(ctx context.Context, serviceID, id string, at time.Time, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := updateLink(ctx, tx, serviceID, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE update_links SET revoked_at = $2 WHERE id = $1 AND revoked_at = ''`,
			id, formatTime(at)); err != nil {
			return fmt.Errorf("store: revoke update link: %w", err)
		}
		return insertAudit(ctx, tx, audit)
	})
}

// UpdateLinkByTokenHash finds the live link whose token has the hash. A token no link
// ever had is ErrNotFound; a revoked link's, or one a rotation replaced, is
// ErrLinkWithdrawn, so that the page can say the link is gone rather than unknown.
func (s *Store) UpdateLinkByTokenHash(ctx context.Context, hash string) (UpdateLink, error) {
	var r updateLinkRow
	err := s.db.GetContext(ctx, &r, `SELECT `+updateLinkCols+` FROM update_links WHERE token_hash = $1`, hash)
	if errors.Is(err, sql.ErrNoRows) {
		var one int
		err = s.db.GetContext(ctx, &one, `SELECT 1 FROM update_links_retired WHERE hash = $1`, hash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return UpdateLink{}, ErrNotFound
		case err != nil:
			return UpdateLink{}, fmt.Errorf("store: find retired update link: %w", err)
		}
		return UpdateLink{}, ErrLinkWithdrawn
	}
	if err != nil {
		return UpdateLink{}, fmt.Errorf("store: find update link: %w", err)
	}
	l := r.link()
	if !l.RevokedAt.IsZero() {
		return UpdateLink{}, ErrLinkWithdrawn
	}
	return l, nil
}

// TouchUpdateLink records that the link was used at time at, for the list its managers see.
func (s *Store) TouchUpdateLink(ctx context.Context, id string, at time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE update_links SET last_used_at = $2 WHERE id = $1`, id, formatTime(at)); err != nil {
		return fmt.Errorf("store: touch update link: %w", err)
	}
	return nil
}
