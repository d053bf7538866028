package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// ReferralByAgencyLink finds the referral an agency link opens at time at. An unknown
// token is ErrNotFound; a link the program replaced (reissued) or withdrew (revoked, or
// its referral cancelled or voided) is ErrLinkWithdrawn, one that expired ErrLinkExpired,
// so that the page can say the link is gone and whom to ask for a new one.
func (c *CareStore) ReferralByAgencyLink(ctx context.Context, token string, at time.Time) (care.Referral, error) {
	if !care.TokenLooksValid(care.PrefixAgencyLink, token) {
		return care.Referral{}, ErrNotFound
	}
	var id string
	err := c.db.GetContext(ctx, &id, `SELECT id FROM referrals WHERE agency_link_hash = $1`, care.HashToken(token))
	if errors.Is(err, sql.ErrNoRows) {
		return care.Referral{}, retiredLink(ctx, c.db, token)
	}
	if err != nil {
		return care.Referral{}, fmt.Errorf("store: find agency link: %w", err)
	}
	ref, err := c.Referral(ctx, id)
	if err != nil {
		return care.Referral{}, err
	}
	// A draft is not sent yet: its link opens nothing until it is requested.
	if !ref.Status.AgencySees() {
		return care.Referral{}, ErrNotFound
	}
	// A cancelled or voided referral's link was revoked with the move; one moved before
	// that rule (link still set) is refused all the same.
	if !ref.AgencyLinkRevokedAt.IsZero() || ref.Status.RevokesLink() {
		return care.Referral{}, ErrLinkWithdrawn
	}
	if !ref.LinkUsable(careNow(at)) {
		return care.Referral{}, ErrLinkExpired
	}
	return ref, nil
}

// retiredLink answers for a token no referral holds now: ErrLinkWithdrawn if a reissue
// replaced it (its hash was kept in agency_links_retired), else ErrNotFound.
func retiredLink(ctx context.Context, q sqlx.QueryerContext, token string) error {
	var one int
	err := sqlx.GetContext(ctx, q, &one, `SELECT 1 FROM agency_links_retired WHERE hash = $1`, care.HashToken(token))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNotFound
	case err != nil:
		return fmt.Errorf("store: find retired agency link: %w", err)
	}
	return ErrLinkWithdrawn
}

// ReissueAgencyLink gives a live referral a fresh agency link (the old one stops
// working); a draft, closed or voided referral gets none (care.ErrLinkNotReissuable). It
// returns the referral with the new token in AgencyLinkToken. The old link's hash is
// kept in agency_links_retired, so that the agency opening it is told the program
// replaced it (ErrLinkWithdrawn), and the reissue's audit row is written in the same
// transaction. Who may reissue is the caller's to decide (access.MayReissueAgencyLink).
func (c *CareStore) ReissueAgencyLink(ctx context.Context, id string, at time.Time) (care.Referral, error) {
	at = careNow(at)
	var out care.Referral
	err := c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		ref, err := c.loadReferral(ctx, tx, id)
		if err != nil {
			return err
		}
		if ref.Mode != care.ModeLive {
			return fmt.Errorf("store: %w: a logged referral has no agency link", ErrNotFound)
		}
		if !ref.Status.LinkReissuable() {
			return care.ErrLinkNotReissuable
		}
		if old := ref.AgencyLinkHash; old != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO agency_links_retired (hash, referral_id, retired_at) VALUES ($1, $2, $3)
				ON CONFLICT (hash) DO NOTHING`, old, id, formatTime(at)); err != nil {
				return fmt.Errorf("store: retire agency link: %w", err)
			}
		}
		care.IssueAgencyLink(&ref, at)
		if _, err := tx.ExecContext(ctx, `UPDATE referrals SET agency_link_hash = $2, agency_link_expires_at = $3, agency_link_revoked_at = ''
			WHERE id = $1`, id, ref.AgencyLinkHash, formatTime(ref.AgencyLinkExpiresAt)); err != nil {
			return fmt.Errorf("store: reissue agency link: %w", err)
		}
		if err := c.auditWrite(ctx, tx, "reissue-link", "referral", id); err != nil {
			return err
		}
		out = ref
		return nil
	})
	return out, err
}

// RevokeAgencyLink stops a referral's agency link from working, from time at.
// Revoking a revoked link changes nothing but succeeds (and is audited); an unknown
// referral is ErrNotFound.
func (c *CareStore) RevokeAgencyLink(ctx context.Context, id string, at time.Time) error {
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE referrals SET agency_link_revoked_at = $2 WHERE id = $1 AND agency_link_revoked_at = ''`,
			id, formatTime(careNow(at)))
		if err != nil {
			return fmt.Errorf("store: revoke agency link: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var one int
			err := tx.GetContext(ctx, &one, `SELECT 1 FROM referrals WHERE id = $1`, id)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			if err != nil {
				return fmt.Errorf("store: find referral: %w", err)
			}
		}
		return c.auditWrite(ctx, tx, "revoke-link", "referral", id)
	})
}
