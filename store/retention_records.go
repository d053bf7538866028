package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

// referralBatch purges the next batch of referrals whose last move was before cut.
func (p *purger) referralBatch(ctx context.Context, tx *sqlx.Tx, cut time.Time, n int) (PurgeCounts, error) {
	ids, err := txIDs(ctx, tx, `SELECT id FROM referrals WHERE updated_at < $1 ORDER BY updated_at, id LIMIT $2`, formatTime(cut), n)
	if err != nil || len(ids) == 0 {
		return PurgeCounts{}, err
	}
	return purgeReferrals(ctx, tx, p.seal, ids)
}

// purgeReferrals removes the referrals ids with their moves and retired agency links,
// after keeping what the referral measures read of each under a new id: need,
// organization, level of care, status, outcome, the agency's reason (sealed again, bound
// to the new id), the times of its moves and its shift.
func purgeReferrals(ctx context.Context, tx *sqlx.Tx, sealer *care.Sealer, ids []string) (PurgeCounts, error) {
	var c PurgeCounts
	now := formatTime(time.Now())
	for chunk := range careChunks(ids) {
		var rows []struct {
			ID        string         `db:"id"`
			Need      string         `db:"need"`
			Org       string         `db:"organization_id"`
			Level     string         `db:"level_of_care"`
			Status    string         `db:"status"`
			Outcome   string         `db:"outcome"`
			Reason    string         `db:"status_reason"`
			Created   string         `db:"created_at"`
			Requested string         `db:"requested_at"`
			Accepted  string         `db:"accepted_at"`
			Closed    string         `db:"closed_at"`
			Updated   string         `db:"updated_at"`
			ShiftID   sql.NullString `db:"shift_id"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT id, need, organization_id, level_of_care, status, outcome, status_reason,
			created_at, requested_at, accepted_at, closed_at, updated_at, shift_id FROM referrals WHERE id IN (`+
			careInList(1, len(chunk))+`)`, careAnys(chunk)...); err != nil {
			return c, fmt.Errorf("read referrals: %w", err)
		}
		for _, r := range rows {
			id := directory.NewID()
			reason := r.Reason
			if care.IsSealed(reason) {
				if sealer == nil {
					return c, ErrNoDataKeyForPurge
				}
				text, err := sealer.Open(reason, careSealAD("referral", r.ID, "status_reason"))
				if err != nil {
					return c, fmt.Errorf("open the reason of referral %s: %w", r.ID, err)
				}
				reason = text
			}
			if reason != "" && sealer != nil {
				v, err := sealer.Seal(reason, careSealAD("purged_referral", id, "status_reason"))
				if err != nil {
					return c, err
				}
				reason = v
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO purged_referrals (id, need, organization_id, level_of_care, status, outcome,
				status_reason, created_at, requested_at, accepted_at, closed_at, updated_at, shift_id, purged_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
				id, r.Need, r.Org, r.Level, r.Status, r.Outcome, reason, r.Created, r.Requested, r.Accepted, r.Closed, r.Updated,
				r.ShiftID, now); err != nil {
				return c, fmt.Errorf("keep referral: %w", err)
			}
		}
	}
	if err := purgeOutboxOf(ctx, tx, ids); err != nil {
		return c, err
	}
	if _, err := execIn(ctx, tx, `DELETE FROM agency_links_retired WHERE referral_id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete retired links: %w", err)
	}
	if _, err := execIn(ctx, tx, `DELETE FROM referral_transitions WHERE referral_id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete moves: %w", err)
	}
	var err error
	if c.Referrals, err = execIn(ctx, tx, `DELETE FROM referrals WHERE id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete referrals: %w", err)
	}
	return c, nil
}

// consentBatch purges the next batch of consents that ended (were revoked, or expired)
// before cut, with the disclosures made under them.
func (p *purger) consentBatch(ctx context.Context, tx *sqlx.Tx, cut time.Time, n int) (PurgeCounts, error) {
	t := formatTime(cut)
	ids, err := txIDs(ctx, tx, `SELECT id FROM consents WHERE (revoked_at <> '' AND revoked_at < $1) OR (expires_at <> '' AND expires_at < $1)
		ORDER BY id LIMIT $2`, t, n)
	if err != nil || len(ids) == 0 {
		return PurgeCounts{}, err
	}
	return purgeConsents(ctx, tx, ids)
}

// purgeConsents removes the consents ids and the disclosures made under them. The
// measures read neither.
func purgeConsents(ctx context.Context, tx *sqlx.Tx, ids []string) (PurgeCounts, error) {
	var c PurgeCounts
	var err error
	if c.Disclosures, err = execIn(ctx, tx, `DELETE FROM disclosures WHERE consent_id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete disclosures: %w", err)
	}
	if c.Consents, err = execIn(ctx, tx, `DELETE FROM consents WHERE id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete consents: %w", err)
	}
	return c, nil
}

// noteTables are the sealed notes the notes retention blanks, by the time of their record.
// Reasons the agencies give (a referral's status reason, a move's reason) are part of
// the referral and go with it: the referral measures count them.
var noteTables = []struct{ table, at, set, cond string }{
	{"encounters", "occurred_at", "notes = '', no_follow_up_reason = ''", "(notes <> '' OR no_follow_up_reason <> '')"},
	{"referrals", "created_at", "note = ''", "note <> ''"},
	{"follow_up_attempts", "at", "note = ''", "note <> ''"},
}

// noteBatch blanks the next batch of notes of records older than cut, table by table.
func (p *purger) noteBatch(ctx context.Context, tx *sqlx.Tx, cut time.Time, n int) (PurgeCounts, error) {
	for _, t := range noteTables {
		ids, err := txIDs(ctx, tx, `SELECT id FROM `+t.table+` WHERE `+t.at+` < $1 AND `+t.cond+` ORDER BY id LIMIT $2`, formatTime(cut), n)
		if err != nil {
			return PurgeCounts{}, err
		}
		if len(ids) == 0 {
			continue
		}
		done, err := execIn(ctx, tx, `UPDATE `+t.table+` SET `+t.set+` WHERE id IN (%s)`, ids)
		return PurgeCounts{Notes: done}, err
	}
	return PurgeCounts{}, nil
}

// personGone is the condition on people p that nothing of the person is left: no
// encounter, referral, consent, disclosure, follow-up or attempt names them, and no
// record merged into them is left.
const personGone = `NOT EXISTS (SELECT 1 FROM encounters x WHERE x.person_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM referrals x WHERE x.person_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM consents x WHERE x.person_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM disclosures x WHERE x.person_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM follow_ups x WHERE x.person_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM follow_up_attempts x WHERE x.person_id = p.id)
	AND NOT EXISTS (SELECT 1 FROM people x WHERE x.merged_into = p.id)`

// personBatch deletes the next batch of people left with nothing, last changed before
// cut: records merged into another first, so that their survivor can follow.
func (p *purger) personBatch(ctx context.Context, tx *sqlx.Tx, cut time.Time, n int) (PurgeCounts, error) {
	ids, err := txIDs(ctx, tx, `SELECT p.id FROM people p WHERE p.updated_at < $1 AND `+personGone+`
		ORDER BY CASE WHEN p.merged_into <> '' THEN 0 ELSE 1 END, p.id LIMIT $2`, formatTime(cut), n)
	if err != nil || len(ids) == 0 {
		return PurgeCounts{}, err
	}
	done, err := execIn(ctx, tx, `DELETE FROM people WHERE id IN (%s)`, ids)
	return PurgeCounts{People: done}, err
}
