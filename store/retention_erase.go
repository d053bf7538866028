package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// ErasePerson erases one person's record on request, whatever its age, in one
// transaction: the person, the records merged into them, and everything that names any
// of them (encounters with their responders and follow-ups, follow-ups and their
// attempts, referrals with their moves, referrals made from their encounters, consents
// with their disclosures), under the same rules as a purge: what the measures read is
// kept in the purged_* tables first, and one audit row, written in the transaction,
// gives the counts (e's who, from where and request; the person's id as the record, as
// every other row about them already does). A person merged into another is erased as
// part of the survivor only (ErrMerged). Unknown: ErrNotFound. With dry, it does the
// same in a transaction it rolls back: the counts of what an erasure would remove, and
// no change (the audit row is then e's action as given, appended on its own).
func (s *Store) ErasePerson(ctx context.Context, sealer *care.Sealer, personID string, e AuditEntry, dry bool) (PurgeCounts, error) {
	var c PurgeCounts
	if sealer == nil {
		return c, ErrNoDataKeyForPurge
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		p, err := getPerson(ctx, tx, personID)
		if err != nil {
			return err
		}
		if p.MergedInto != "" {
			return ErrMerged
		}
		people, err := txIDs(ctx, tx, `SELECT id FROM people WHERE id = $1 OR merged_into = $1 ORDER BY id`, personID)
		if err != nil {
			return err
		}
		in := careInList(1, len(people))
		args := careAnys(people)
		encounters, err := txIDs(ctx, tx, `SELECT id FROM encounters WHERE person_id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		if len(encounters) > 0 {
			got, err := purgeEncounters(ctx, tx, sealer, encounters)
			if err != nil {
				return err
			}
			c.add(got)
		}
		followUps, err := txIDs(ctx, tx, `SELECT id FROM follow_ups WHERE person_id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		got, err := purgeFollowUps(ctx, tx, followUps, nil)
		if err != nil {
			return err
		}
		c.add(got)
		referrals, err := txIDs(ctx, tx, `SELECT id FROM referrals WHERE person_id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		if len(referrals) > 0 {
			if got, err = purgeReferrals(ctx, tx, sealer, referrals); err != nil {
				return err
			}
			c.add(got)
		}
		consents, err := txIDs(ctx, tx, `SELECT id FROM consents WHERE person_id IN (`+in+`)`, args...)
		if err != nil {
			return err
		}
		if got, err = purgeConsents(ctx, tx, consents); err != nil {
			return err
		}
		c.add(got)
		// Disclosures under another person's consent cannot name this one; any left would.
		if n, err := execIn(ctx, tx, `DELETE FROM disclosures WHERE person_id IN (%s)`, people); err != nil {
			return err
		} else {
			c.Disclosures += n
		}
		// Attempts name their person too (a follow-up's attempts went with it).
		if n, err := execIn(ctx, tx, `DELETE FROM follow_up_attempts WHERE person_id IN (%s)`, people); err != nil {
			return err
		} else {
			c.Attempts += n
		}
		// Survivor last: the merged records point at it.
		ordered := append(slicesWithout(people, personID), personID)
		for _, id := range ordered {
			if _, err := tx.ExecContext(ctx, `DELETE FROM people WHERE id = $1`, id); err != nil {
				return fmt.Errorf("store: erase person: %w", err)
			}
			c.People++
		}
		if dry {
			return errDryRun
		}
		e.Seq, e.Action, e.RecordType, e.RecordID, e.Allowed = 0, "erase", "person", personID, true
		e.Detail = c.String()
		return insertAudit(ctx, tx, e)
	})
	if dry && errors.Is(err, errDryRun) {
		e.Seq, e.RecordType, e.RecordID, e.Allowed, e.Detail = 0, "person", personID, true, c.String()
		return c, s.AppendAudit(ctx, e)
	}
	if err != nil && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrMerged) {
		return c, fmt.Errorf("store: erase person: %w", err)
	}
	return c, err
}

func slicesWithout(ids []string, drop string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != drop {
			out = append(out, id)
		}
	}
	return out
}
