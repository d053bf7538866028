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

// TransitionReferral moves a referral through the state machine (care.Transition) and
// returns it as it now is. The move is written with optimistic concurrency: the row is
// updated only if its version is still the one the move was decided on, and the move is
// kept in the referral's history with who, when, why and the outcome, in the same
// transaction. Of two concurrent moves from one version, one wins; the other gets
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
			if err := care.Transition(&ref, m.To, m.Reason, m.Outcome, m.By, m.At); err != nil {
				return err
			}
			if err := writeMove(ctx, tx, &ref); err != nil {
				return err
			}
			// A referral entered in error never happened: what it followed up may not be.
			if ref.Status == care.StatusEnteredInError {
				if err := recomputeFollowedUp(ctx, tx, `e.occurred_at >= $1 AND e.occurred_at <= $2 AND (`+
					carePersonSet("e.person_id", 3)+` OR e.id = $4)`, formatTime(ref.CreatedAt.Add(-care.FollowUpWindow)),
					formatTime(ref.CreatedAt), ref.PersonID, ref.EncounterID); err != nil {
					return err
				}
			}
			out = ref
			return nil
		})
	})
	if err == nil && c.notes {
		if full, rerr := c.Referral(ctx, id); rerr == nil {
			out = full
		}
	}
	return out, err
}

// writeMove writes the referral's latest move if the row is still at the version the
// move was decided on, and bumps the version.
func writeMove(ctx context.Context, tx *sqlx.Tx, ref *care.Referral) error {
	move := ref.History[len(ref.History)-1]
	res, err := tx.ExecContext(ctx, `UPDATE referrals SET status = $3, outcome = $4, status_reason = $5, requested_at = $6,
		accepted_at = $7, closed_at = $8, updated_at = $9, version = version + 1
		WHERE id = $1 AND version = $2`,
		ref.ID, ref.Version, string(ref.Status), string(ref.Outcome), ref.StatusReason, optFormat(ref.RequestedAt),
		optFormat(ref.AcceptedAt), optFormat(ref.ClosedAt), formatTime(ref.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: move referral: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	ref.Version++
	return insertMove(ctx, tx, ref.ID, move)
}
