package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// encounters.followed_up_at holds, for each encounter, the earliest contact (follow-up
// attempt, referral not entered in error, follow-up visit) within care.FollowUpWindow
// after it: of the same person (merged records included), or a referral made from it.
// measures.FollowedUpAt is the same rule over rows. Every write that can change the answer
// keeps it in the same transaction, so that the repeat-location measure reads one column
// instead of every contact of the year:
//
//   - a new contact marks the encounters of the week before it (markFollowedUp);
//   - a new encounter, which may be entered days late, looks for contacts after it, and
//     a referral entered in error or a merge of two people recomputes what they touch
//     (recomputeFollowedUp).

// markFollowedUp records a contact at time at, of the person (a surviving id) and, when
// given, made from the encounter, on the encounters of the week before it; self (the
// contact's own encounter, for a follow-up visit) is left out.
func markFollowedUp(ctx context.Context, tx *sqlx.Tx, personID, encounterID, self string, at time.Time) error {
	var who []string
	args := []any{formatTime(at), formatTime(at.Add(-care.FollowUpWindow)), self}
	if personID != "" {
		args = append(args, personID)
		who = append(who, carePersonSet("person_id", len(args)))
	}
	if encounterID != "" {
		args = append(args, encounterID)
		who = append(who, fmt.Sprintf("id = $%d", len(args)))
	}
	if len(who) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE encounters SET followed_up_at = $1
		WHERE occurred_at <= $1 AND occurred_at >= $2 AND id <> $3 AND (followed_up_at = '' OR followed_up_at > $1)
		AND (`+strings.Join(who, " OR ")+`)`, args...)
	if err != nil {
		return fmt.Errorf("store: mark followed up: %w", err)
	}
	return nil
}

// recomputeFollowedUp sets followed_up_at afresh on the encounters that match the
// condition (on encounters e, with its arguments from $1): a person's history, or the
// one encounter just written.
func recomputeFollowedUp(ctx context.Context, tx *sqlx.Tx, cond string, args ...any) error {
	var es []struct {
		ID         string `db:"id"`
		PersonID   string `db:"person_id"`
		OccurredAt string `db:"occurred_at"`
	}
	if err := tx.SelectContext(ctx, &es, `SELECT e.id, COALESCE(CASE WHEN p.merged_into <> '' THEN p.merged_into ELSE p.id END, '') AS person_id,
		e.occurred_at FROM encounters e LEFT JOIN people p ON p.id = e.person_id WHERE `+cond, args...); err != nil {
		return fmt.Errorf("store: recompute followed up: %w", err)
	}
	for _, e := range es {
		at := optTime(e.OccurredAt)
		from, to := formatTime(at), formatTime(at.Add(care.FollowUpWindow))
		// The person's part matches nothing for an anonymous encounter (see carePersonSet).
		var first sql.NullString
		if err := tx.GetContext(ctx, &first, `SELECT min(t) FROM (
			SELECT a.at AS t FROM follow_up_attempts a WHERE `+carePersonSet("a.person_id", 1)+` AND a.at >= $3 AND a.at <= $4
			UNION ALL
			SELECT r.created_at FROM referrals r WHERE (`+carePersonSet("r.person_id", 1)+` OR r.encounter_id = $2)
				AND r.status <> $5 AND r.created_at >= $3 AND r.created_at <= $4
			UNION ALL
			SELECT x.occurred_at FROM encounters x WHERE x.source = $6 AND `+carePersonSet("x.person_id", 1)+` AND x.id <> $2
				AND x.occurred_at >= $3 AND x.occurred_at <= $4
			) c`, e.PersonID, e.ID, from, to, string(care.StatusEnteredInError), string(care.SourceFollowUp)); err != nil {
			return fmt.Errorf("store: recompute followed up: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE encounters SET followed_up_at = $2 WHERE id = $1`, e.ID, first.String); err != nil {
			return fmt.Errorf("store: recompute followed up: %w", err)
		}
	}
	return nil
}
