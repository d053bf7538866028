package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/care/measures"
	"handoff/directory"
)

// encounterBatch purges the next batch of encounters that occurred before cut.
func (p *purger) encounterBatch(ctx context.Context, tx *sqlx.Tx, cut time.Time, n int) (PurgeCounts, error) {
	ids, err := txIDs(ctx, tx, `SELECT id FROM encounters WHERE occurred_at < $1 ORDER BY occurred_at, id LIMIT $2`, formatTime(cut), n)
	if err != nil || len(ids) == 0 {
		return PurgeCounts{}, err
	}
	return purgeEncounters(ctx, tx, p.seal, ids)
}

// followUpBatch purges the next batch of follow-ups made before cut that belong to no
// encounter (those of an encounter go with it).
func (p *purger) followUpBatch(ctx context.Context, tx *sqlx.Tx, cut time.Time, n int) (PurgeCounts, error) {
	ids, err := txIDs(ctx, tx, `SELECT id FROM follow_ups WHERE encounter_id IS NULL AND created_at < $1 ORDER BY created_at, id LIMIT $2`,
		formatTime(cut), n)
	if err != nil || len(ids) == 0 {
		return PurgeCounts{}, err
	}
	return purgeFollowUps(ctx, tx, ids, nil)
}

type purgeEncounterRow struct {
	ID         string          `db:"id"`
	PersonID   sql.NullString  `db:"person_id"`
	OccurredAt string          `db:"occurred_at"`
	Source     string          `db:"source"`
	Lat        sql.NullFloat64 `db:"latitude"`
	Lon        sql.NullFloat64 `db:"longitude"`
	Precision  string          `db:"location_precision"`
	Town       string          `db:"town"`
	AddressKey string          `db:"address_key"`
	Street     string          `db:"street_address"`
	ED         bool            `db:"ed_diverted"`
	Arrest     bool            `db:"arrest_diverted"`
	Followed   string          `db:"followed_up_at"`
	ShiftID    sql.NullString  `db:"shift_id"`
}

// purgeEncounters removes the encounters ids (with their responders, follow-ups and the
// follow-ups' attempts) in tx, after writing what the measures read of them into the
// purged_* tables: each becomes a purged_encounters row under a new id, its person named
// by the surviving record's measure key.
func purgeEncounters(ctx context.Context, tx *sqlx.Tx, sealer *care.Sealer, ids []string) (PurgeCounts, error) {
	var c PurgeCounts
	var rows []purgeEncounterRow
	for chunk := range careChunks(ids) {
		var part []purgeEncounterRow
		if err := tx.SelectContext(ctx, &part, `SELECT id, person_id, occurred_at, source, latitude, longitude, location_precision, town,
			address_key, street_address, ed_diverted, arrest_diverted, followed_up_at, shift_id
			FROM encounters WHERE id IN (`+careInList(1, len(chunk))+`)`, careAnys(chunk)...); err != nil {
			return c, fmt.Errorf("read encounters: %w", err)
		}
		rows = append(rows, part...)
	}
	var people []string
	for _, r := range rows {
		if r.PersonID.Valid {
			people = append(people, r.PersonID.String)
		}
	}
	keys, err := measureKeys(ctx, tx, people)
	if err != nil {
		return c, err
	}
	now := formatTime(time.Now())
	newID := make(map[string]string, len(rows))
	for _, r := range rows {
		if err := keepAddress(ctx, tx, sealer, r); err != nil {
			return c, err
		}
		id := directory.NewID()
		newID[r.ID] = id
		if _, err := tx.ExecContext(ctx, `INSERT INTO purged_encounters (id, person_key, occurred_at, source, latitude, longitude,
			location_precision, town, address_key, ed_diverted, arrest_diverted, followed_up, shift_id, purged_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			id, keys[r.PersonID.String], r.OccurredAt, r.Source, r.Lat, r.Lon, r.Precision, r.Town, r.AddressKey,
			r.ED, r.Arrest, r.Followed != "", r.ShiftID, now); err != nil {
			return c, fmt.Errorf("keep encounter: %w", err)
		}
	}
	// Responders on their own shift count in it (ShiftCounts).
	for chunk := range careChunks(ids) {
		if _, err := tx.ExecContext(ctx, `INSERT INTO purged_shift_work (at, shift_id, kind)
			SELECT e.occurred_at, r.shift_id, 'responder' FROM encounter_responders r JOIN encounters e ON e.id = r.encounter_id
			WHERE r.shift_id IS NOT NULL AND r.encounter_id IN (`+careInList(1, len(chunk))+`)`, careAnys(chunk)...); err != nil {
			return c, fmt.Errorf("keep responders: %w", err)
		}
	}
	var fus []string
	for chunk := range careChunks(ids) {
		part, err := txIDs(ctx, tx, `SELECT id FROM follow_ups WHERE encounter_id IN (`+careInList(1, len(chunk))+`)`, careAnys(chunk)...)
		if err != nil {
			return c, fmt.Errorf("read follow-ups: %w", err)
		}
		fus = append(fus, part...)
	}
	fc, err := purgeFollowUps(ctx, tx, fus, newID)
	if err != nil {
		return c, err
	}
	c.add(fc)
	// A referral made from the call outlives it under its own retention.
	if _, err := execIn(ctx, tx, `UPDATE referrals SET encounter_id = NULL WHERE encounter_id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("unlink referrals: %w", err)
	}
	if _, err := execIn(ctx, tx, `DELETE FROM encounter_responders WHERE encounter_id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete responders: %w", err)
	}
	if c.Encounters, err = execIn(ctx, tx, `DELETE FROM encounters WHERE id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete encounters: %w", err)
	}
	return c, nil
}

// keepAddress keeps the building a repeat place shows for the call's address key, once
// per key: the normalised address (no unit), sealed and bound to the key.
func keepAddress(ctx context.Context, tx *sqlx.Tx, sealer *care.Sealer, r purgeEncounterRow) error {
	if r.AddressKey == "" || r.Street == "" || sealer == nil {
		return nil
	}
	var n int
	if err := tx.GetContext(ctx, &n, `SELECT count(*) FROM purged_addresses WHERE address_key = $1`, r.AddressKey); err != nil || n > 0 {
		return err
	}
	street, err := sealer.Open(r.Street, careSealAD("encounter", r.ID, "street_address"))
	if err != nil {
		return fmt.Errorf("open the address of encounter %s: %w", r.ID, err)
	}
	v, err := sealer.Seal(measures.ShownAddress(street), careSealAD("purged_address", r.AddressKey, "address"))
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO purged_addresses (address_key, address) VALUES ($1, $2)`, r.AddressKey, v)
	return err
}

// purgeFollowUps removes the follow-ups ids with their attempts; a follow-up of an
// encounter purged with it (encounterIDs maps its id to the purged_encounters id)
// leaves a purged_follow_ups row, and every attempt made in a shift a purged_shift_work
// row.
func purgeFollowUps(ctx context.Context, tx *sqlx.Tx, ids []string, encounterIDs map[string]string) (PurgeCounts, error) {
	var c PurgeCounts
	if len(ids) == 0 {
		return c, nil
	}
	for chunk := range careChunks(ids) {
		var rows []struct {
			EncounterID sql.NullString `db:"encounter_id"`
			At          string         `db:"occurred_at"`
			Status      string         `db:"status"`
			DueAt       string         `db:"due_at"`
			Reached     string         `db:"reached"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT f.encounter_id, e.occurred_at, f.status, f.due_at,
			COALESCE((SELECT MIN(a.at) FROM follow_up_attempts a WHERE a.follow_up_id = f.id AND a.outcome IN ($1, $2)), '') AS reached
			FROM follow_ups f JOIN encounters e ON e.id = f.encounter_id WHERE f.id IN (`+careInList(3, len(chunk))+`)`,
			append([]any{string(care.AttemptReached), string(care.AttemptDeclined)}, careAnys(chunk)...)...); err != nil {
			return c, fmt.Errorf("read follow-ups: %w", err)
		}
		for _, r := range rows {
			kept, ok := encounterIDs[r.EncounterID.String]
			if !ok {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO purged_follow_ups (encounter_id, encounter_at, status, due_at, reached_at)
				VALUES ($1, $2, $3, $4, $5)`, kept, r.At, r.Status, r.DueAt, r.Reached); err != nil {
				return c, fmt.Errorf("keep follow-up: %w", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO purged_shift_work (at, shift_id, kind)
			SELECT at, shift_id, 'attempt' FROM follow_up_attempts WHERE shift_id IS NOT NULL AND follow_up_id IN (`+
			careInList(1, len(chunk))+`)`, careAnys(chunk)...); err != nil {
			return c, fmt.Errorf("keep attempts: %w", err)
		}
	}
	if err := purgeOutboxOf(ctx, tx, ids); err != nil {
		return c, err
	}
	var err error
	if c.Attempts, err = execIn(ctx, tx, `DELETE FROM follow_up_attempts WHERE follow_up_id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete attempts: %w", err)
	}
	if c.FollowUps, err = execIn(ctx, tx, `DELETE FROM follow_ups WHERE id IN (%s)`, ids); err != nil {
		return c, fmt.Errorf("delete follow-ups: %w", err)
	}
	return c, nil
}

// measureKeys returns, for each person id, the measure key of its surviving record
// (people.measure_key), giving the survivor one when it has none yet: the purged rows
// and the person's live rows are then counted as one person by the measures, without
// the purged rows naming the person.
func measureKeys(ctx context.Context, tx *sqlx.Tx, ids []string) (map[string]string, error) {
	out := map[string]string{}
	seen := map[string]bool{}
	var uniq []string
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	for chunk := range careChunks(uniq) {
		var rows []struct {
			ID       string `db:"id"`
			Survivor string `db:"survivor"`
			Key      string `db:"measure_key"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT p.id, COALESCE(s.id, p.id) AS survivor, COALESCE(s.measure_key, p.measure_key) AS measure_key
			FROM people p LEFT JOIN people s ON s.id = p.merged_into WHERE p.id IN (`+careInList(1, len(chunk))+`)`, careAnys(chunk)...); err != nil {
			return nil, fmt.Errorf("read measure keys: %w", err)
		}
		for _, r := range rows {
			if r.Key == "" {
				// Another row of this batch may have given the survivor its key already.
				if err := tx.GetContext(ctx, &r.Key, `SELECT measure_key FROM people WHERE id = $1`, r.Survivor); err != nil {
					return nil, fmt.Errorf("read measure key: %w", err)
				}
			}
			if r.Key == "" {
				r.Key = directory.NewID()
				if _, err := tx.ExecContext(ctx, `UPDATE people SET measure_key = $2 WHERE id = $1`, r.Survivor, r.Key); err != nil {
					return nil, fmt.Errorf("give a measure key: %w", err)
				}
			}
			out[r.ID] = r.Key
		}
	}
	return out, nil
}
