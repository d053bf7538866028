package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// ReferralMove asks for one move of a referral. IfVersion pins the version the mover
// saw (If-Match): the move is refused with ErrConflict if the referral has moved since.
// With IfVersion 0, a move that loses a race is re-decided on the new state, so the
// answer is the state machine's (allowed, or a *care.TransitionError), not a conflict.
type ReferralMove struct {
	To        care.Status
	Reason    string
	Outcome   care.Outcome
	By        string
	At        time.Time
	IfVersion int
}

// moveRetries bounds how often an unpinned move is re-decided after losing a race.
const moveRetries = 5

// TransitionReferral moves a referral, in one transaction that runs care.MoveReferral
// (the state machine and what the move entails), and returns it as it now is. The move
// is written with optimistic concurrency: the row is updated only if its version is
// still the one the move was decided on, and the move is kept in the referral's history
// with who, when, why and the outcome, in the same transaction. Of two concurrent moves from one version, one wins; the other gets
// ErrConflict (or is re-decided, see ReferralMove.IfVersion). Errors: ErrNotFound,
// ErrConflict, *care.TransitionError (409), directory.FieldErrors (400).
func (c *CareStore) TransitionReferral(ctx context.Context, id string, m ReferralMove) (care.Referral, error) {
	m.At = careNow(m.At)
	attempts := moveRetries
	if m.IfVersion != 0 {
		attempts = 1
	}
	var out care.Referral
	// The move never depends on the note: a note that cannot be opened (another key)
	// must not stop a referral from moving. It is read back after the move.
	blind := c.WithoutNotes()
	err := careRetry(attempts, func() error {
		return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
			ref, err := blind.loadReferral(ctx, tx, id)
			if err != nil {
				return err
			}
			if m.IfVersion != 0 && ref.Version != m.IfVersion {
				return ErrConflict
			}
			if err := care.MoveReferral(ctx, referralTx{careTx: careTx{blind, tx}}, &ref, m.To, m.Reason, m.Outcome, m.By, m.At); err != nil {
				return err
			}
			if err := blind.queueReferralEvent(ctx, tx, &ref, m.By, m.At); err != nil {
				return err
			}
			// blind carries the view's audit template; the row is written once per try
			// and only the committed try's row stays.
			if err := blind.auditWrite(ctx, tx, "transition", "referral", id); err != nil {
				return err
			}
			out = ref
			return nil
		})
	})
	if err == nil {
		c.st.wakeOutbox()
	}
	if err == nil && c.notes {
		if full, rerr := c.Referral(ctx, id); rerr == nil {
			full.AgencyLinkToken = out.AgencyLinkToken
			out = full
		}
	}
	return out, err
}

// SaveMove writes the referral's latest move if the row is still at the version the
// move was decided on (ErrConflict otherwise), bumps the version, and keeps the move in
// the referral's history; reasons are sealed (see openReason).
func (t referralTx) SaveMove(ctx context.Context, ref *care.Referral) error {
	move := ref.History[len(ref.History)-1]
	reason, err := t.c.sealNote(ref.StatusReason, "referral", ref.ID, "status_reason")
	if err != nil {
		return err
	}
	res, err := t.tx.ExecContext(ctx, `UPDATE referrals SET status = $3, outcome = $4, status_reason = $5, requested_at = $6,
		accepted_at = $7, closed_at = $8, updated_at = $9, version = version + 1
		WHERE id = $1 AND version = $2`,
		ref.ID, ref.Version, string(ref.Status), string(ref.Outcome), reason, optFormat(ref.RequestedAt),
		optFormat(ref.AcceptedAt), optFormat(ref.ClosedAt), formatTime(ref.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: move referral: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	ref.Version++
	return t.c.insertMove(ctx, t.tx, ref.ID, move)
}

// RevokeLink stops the referral's agency link from working, from time at.
func (t referralTx) RevokeLink(ctx context.Context, ref *care.Referral, at time.Time) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE referrals SET agency_link_revoked_at = $2 WHERE id = $1 AND agency_link_revoked_at = ''`,
		ref.ID, formatTime(at)); err != nil {
		return fmt.Errorf("store: revoke agency link: %w", err)
	}
	return nil
}

// SaveSent keeps the consent a draft was sent under and its new agency link.
func (t referralTx) SaveSent(ctx context.Context, ref *care.Referral) error {
	if _, err := t.tx.ExecContext(ctx, `UPDATE referrals SET consent_id = $2, agency_link_hash = $3, agency_link_expires_at = $4,
		agency_link_revoked_at = '' WHERE id = $1`, ref.ID, ref.ConsentID, ref.AgencyLinkHash, formatTime(ref.AgencyLinkExpiresAt)); err != nil {
		return fmt.Errorf("store: send draft: %w", err)
	}
	return nil
}
