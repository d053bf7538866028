package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// careTx is the store's side of care's use cases: the view's reads and writes inside
// one transaction, shared by referralTx (care.ReferralTx) and encounterTx
// (care.EncounterTx). The use case in care says what
// happens in which order; careTx only reads and writes rows, sealing what it writes
// with the view's Sealer.
type careTx struct {
	c  *CareStore
	tx *sqlx.Tx
}

var (
	_ care.ReferralTx  = referralTx{}
	_ care.EncounterTx = encounterTx{}
)

// Consents returns the person's consents, the records merged into them included.
func (t careTx) Consents(ctx context.Context, personID string) ([]care.Consent, error) {
	return personConsents(ctx, t.tx, personID)
}

// ShiftAt returns the id of the user's shift covering time at, or "".
func (t careTx) ShiftAt(ctx context.Context, userID string, at time.Time) (string, error) {
	shift, err := careShiftAt(ctx, t.tx, userID, at)
	s, _ := shift.(string)
	return s, err
}

// SurvivingPerson returns the id the person's new records are kept under.
func (t careTx) SurvivingPerson(ctx context.Context, field, id string) (string, error) {
	return careCanonicalPerson(ctx, t.tx, field, id)
}

// User returns what the users table holds of the account.
func (t careTx) User(ctx context.Context, id string) (care.UserRef, error) {
	return userRef(ctx, t.tx, "user", id)
}

// RecordDisclosure keeps a disclosure made under a consent.
func (t careTx) RecordDisclosure(ctx context.Context, d *care.Disclosure) error {
	return insertDisclosure(ctx, t.tx, d)
}

// MarkFollowedUp records a contact on the encounters it follows up (markFollowedUp).
func (t careTx) MarkFollowedUp(ctx context.Context, personID, encounterID, self string, at time.Time) error {
	return markFollowedUp(ctx, t.tx, personID, encounterID, self, at)
}

// RecomputeFollowedUp recomputes followed_up_at on the encounters the referral could
// have followed up: its person's in the window before it was made, and its encounter.
func (t careTx) RecomputeFollowedUp(ctx context.Context, ref *care.Referral) error {
	return recomputeFollowedUp(ctx, t.tx, `e.occurred_at >= $1 AND e.occurred_at <= $2 AND (`+
		carePersonSet("e.person_id", 3)+` OR e.id = $4)`, formatTime(ref.CreatedAt.Add(-care.FollowUpWindow)),
		formatTime(ref.CreatedAt), ref.PersonID, ref.EncounterID)
}

// FollowedUpAt recomputes followed_up_at on the encounter and reads it back.
func (t careTx) FollowedUpAt(ctx context.Context, encounterID string) (time.Time, error) {
	if err := recomputeFollowedUp(ctx, t.tx, "e.id = $1", encounterID); err != nil {
		return time.Time{}, err
	}
	var followed string
	if err := t.tx.GetContext(ctx, &followed, `SELECT followed_up_at FROM encounters WHERE id = $1`, encounterID); err != nil {
		return time.Time{}, fmt.Errorf("store: read encounter: %w", err)
	}
	return optTime(followed), nil
}

// InsertFollowUp writes a new follow-up.
func (t careTx) InsertFollowUp(ctx context.Context, f *care.FollowUp) error {
	return insertFollowUp(ctx, t.tx, f)
}
