package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"handoff/care"
	"handoff/care/measures"
)

// The reads behind the coordinators' dashboard (issue 15) that the first measures did
// not have: the follow-ups of the period's encounters (who was reached, how soon), the
// referral funnel, and one repeat place opened from the map with its follow-ups. Like
// the other measures they read no names, phones or notes.

// reachCols read a follow-up of an encounter: the encounter's time, the follow-up's
// status and due time, and its first attempt that reached the person.
const reachCols = `f.encounter_id, e.occurred_at, f.status, f.due_at,
	COALESCE((SELECT MIN(a.at) FROM follow_up_attempts a WHERE a.follow_up_id = f.id AND a.outcome IN ($1, $2)), '') AS reached`

// ReachRows returns the follow-ups of the encounters that happened in [from, to). It
// reads the period's encounters, the follow-ups of encounters and the attempts that
// reached (or were declined by) the person as three plain reads side by side, and joins
// them here: as one join, SQLite looked up the encounter of every follow-up by its id and
// the attempts of each, one by one (1.9 s of CPU over a year of 141,000 follow-ups,
// where the three reads take 0.9 s between them, on two connections). The follow-ups of
// encounters purged past their retention (retention.go) come from what was kept of them.
func (c *CareStore) ReachRows(ctx context.Context, from, to time.Time) ([]measures.ReachRow, error) {
	// The reads fill blocks, and the maps are made once at their final size: grown row by
	// row, rehashing them was a third of the measure's time over a year. Follow-ups and
	// attempts older than the period are not read: a follow-up is made after its encounter
	// (an encounter's time may be ahead of the clock by care.ClockSkew at most) and is
	// tried after it; the day's margin is for clocks, not for rules.
	since := from.Add(-care.ClockSkew - 24*time.Hour)
	var encounters careBlocks[idTime]
	var follow careBlocks[followReach]
	var reached careBlocks[idTime] // attempts that reached (or were declined by) the person
	err := careParallel(
		func() error {
			return c.scanRows(ctx, func(rows *sql.Rows) error { return scanIDTime(rows, encounters.next()) },
				`SELECT id, occurred_at FROM encounters WHERE occurred_at >= $1 AND occurred_at < $2`, formatTime(from), formatTime(to))
		},
		func() error {
			return c.scanRows(ctx, func(rows *sql.Rows) error {
				f := follow.next()
				var due sql.RawBytes
				if err := rows.Scan(&f.id, &f.encounterID, &f.status, &due); err != nil {
					return err
				}
				f.due = careTime(due)
				return nil
			}, `SELECT id, encounter_id, status, due_at FROM follow_ups WHERE encounter_id IS NOT NULL AND created_at >= $1`, formatTime(since))
		},
		func() error {
			return c.scanRows(ctx, func(rows *sql.Rows) error { return scanIDTime(rows, reached.next()) },
				`SELECT follow_up_id, at FROM follow_up_attempts WHERE outcome IN ($1, $2) AND at >= $3`,
				string(care.AttemptReached), string(care.AttemptDeclined), formatTime(since))
		},
	)
	if err != nil {
		return nil, fmt.Errorf("store: follow-up reach: %w", err)
	}
	encAt := make(map[string]time.Time, encounters.len())
	for _, e := range encounters.each() {
		encAt[e.id] = e.at
	}
	fs := follow.all()
	index := make(map[string]int32, len(fs))
	for i, f := range fs {
		index[f.id] = int32(i)
	}
	first := make([]time.Time, len(fs)) // each follow-up's first attempt that reached the person
	for _, a := range reached.each() {
		if i, ok := index[a.id]; ok && (first[i].IsZero() || a.at.Before(first[i])) {
			first[i] = a.at
		}
	}
	var out []measures.ReachRow
	for i, f := range fs {
		if at, ok := encAt[f.encounterID]; ok {
			out = append(out, measures.ReachRow{EncounterID: f.encounterID, EncounterAt: at, Status: care.FollowUpStatus(f.status),
				DueAt: f.due, ReachedAt: first[i]})
		}
	}
	kept, err := c.reachRows(ctx, `SELECT `+keptReachCols+` FROM purged_follow_ups WHERE encounter_at >= $1 AND encounter_at < $2`,
		formatTime(from), formatTime(to))
	return append(out, kept...), err
}

// followReach is a follow-up as ReachRows reads it.
type followReach struct {
	id, encounterID, status string
	due                     time.Time
}

// idTime is an id and a time, as ReachRows reads encounters and attempts.
type idTime struct {
	id string
	at time.Time
}

func scanIDTime(rows *sql.Rows, into *idTime) error {
	var at sql.RawBytes
	if err := rows.Scan(&into.id, &at); err != nil {
		return err
	}
	into.at = careTime(at)
	return nil
}

// scanRows runs the query and hands each row to scan.
func (c *CareStore) scanRows(ctx context.Context, scan func(*sql.Rows) error, q string, args ...any) error {
	rows, err := c.db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// keptReachCols read a kept follow-up (purged_follow_ups) as reachCols read a live one.
const keptReachCols = `encounter_id, encounter_at AS occurred_at, status, due_at, reached_at AS reached`

// reachRowsOf returns the follow-ups of the given encounters.
func (c *CareStore) reachRowsOf(ctx context.Context, encounterIDs []string) ([]measures.ReachRow, error) {
	var out []measures.ReachRow
	for ids := range careChunks(encounterIDs) {
		rows, err := c.reachRows(ctx, `SELECT `+reachCols+` FROM follow_ups f JOIN encounters e ON e.id = f.encounter_id
			WHERE f.encounter_id IN (`+careInList(3, len(ids))+`)`,
			append([]any{string(care.AttemptReached), string(care.AttemptDeclined)}, careAnys(ids)...)...)
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
		kept, err := c.reachRows(ctx, `SELECT `+keptReachCols+` FROM purged_follow_ups WHERE encounter_id IN (`+
			careInList(1, len(ids))+`)`, careAnys(ids)...)
		if err != nil {
			return nil, err
		}
		out = append(out, kept...)
	}
	return out, nil
}

func (c *CareStore) reachRows(ctx context.Context, q string, args ...any) ([]measures.ReachRow, error) {
	var rows []struct {
		EncounterID string `db:"encounter_id"`
		At          string `db:"occurred_at"`
		Status      string `db:"status"`
		DueAt       string `db:"due_at"`
		Reached     string `db:"reached"`
	}
	if err := c.db.SelectContext(ctx, &rows, q, args...); err != nil {
		return nil, fmt.Errorf("store: follow-up reach: %w", err)
	}
	out := make([]measures.ReachRow, len(rows))
	for i, r := range rows {
		out[i] = measures.ReachRow{EncounterID: r.EncounterID, EncounterAt: optTime(r.At), Status: care.FollowUpStatus(r.Status),
			DueAt: optTime(r.DueAt), ReachedAt: optTime(r.Reached)}
	}
	return out, nil
}

// MeasureFollowUpReach answers the follow-up measure for the encounters of [from, to),
// as of asOf (zero: now).
func (c *CareStore) MeasureFollowUpReach(ctx context.Context, from, to, asOf time.Time) (measures.ReachReport, error) {
	rows, err := c.ReachRows(ctx, from, to)
	if err != nil {
		return measures.ReachReport{}, err
	}
	return measures.FollowUpReach(from, to, careNow(asOf), rows), nil
}

// MeasureReferralFunnel answers the referral funnel for the referrals made in [from, to).
func (c *CareStore) MeasureReferralFunnel(ctx context.Context, from, to time.Time) (measures.FunnelReport, error) {
	rows, err := c.ReferralRows(ctx, from, to)
	if err != nil {
		return measures.FunnelReport{}, err
	}
	return measures.ReferralFunnel(from, to, rows), nil
}

// RepeatPlace answers the repeat-location measure of q (as MeasureRepeatLocations) with
// the calls of its place centred at (lat, lon) and the reach rows of their follow-ups;
// no calls when there is no such place. The place is found in the measure's own
// grouping: the caller checks with the report that the place is shown (a place opened
// from the map is one its suppressed report shows), and the period is read and grouped
// once, not once for the place and once for the check. The check reads no previous
// period and opens no addresses, so the report lacks them: it is for the check only.
func (c *CareStore) RepeatPlace(ctx context.Context, q measures.RepeatQuery, lat, lon float64) (measures.RepeatReport, []measures.Call, []measures.ReachRow, error) {
	r, err := c.measureRepeat(ctx, q, false)
	if err != nil {
		return measures.RepeatReport{}, nil, nil, err
	}
	mine := r.CallsAt(lat, lon)
	if len(mine) == 0 {
		return r, nil, nil, nil
	}
	reach, err := c.reachRowsOf(ctx, encounterIDs(mine))
	if err != nil {
		return measures.RepeatReport{}, nil, nil, err
	}
	return r, mine, reach, nil
}

// PlaceFollowUps returns the follow-ups still to do (open or flagged) of the place's
// calls, soonest due first, as briefs (no person, no notes).
func (c *CareStore) PlaceFollowUps(ctx context.Context, calls []measures.Call) ([]care.FollowUpBrief, error) {
	var out []care.FollowUpBrief
	for ids := range careChunks(encounterIDs(calls)) {
		var rows []followUpRow
		if err := c.db.SelectContext(ctx, &rows, `SELECT `+followUpCols+` FROM follow_ups f
			WHERE f.status <> 'done' AND f.encounter_id IN (`+careInList(1, len(ids))+`) ORDER BY f.due_at, f.id`,
			careAnys(ids)...); err != nil {
			return nil, fmt.Errorf("store: place follow-ups: %w", err)
		}
		fs, err := c.followUpBriefs(ctx, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
	// Chunks are each in order; together they may not be.
	slices.SortStableFunc(out, func(a, b care.FollowUpBrief) int {
		return cmp.Or(a.DueAt.Compare(b.DueAt), strings.Compare(a.ID, b.ID))
	})
	return out, nil
}

func encounterIDs(calls []measures.Call) []string {
	ids := make([]string, 0, len(calls))
	for _, k := range calls {
		if k.EncounterID != "" {
			ids = append(ids, k.EncounterID)
		}
	}
	return ids
}

// careChunks cuts ids into lists short enough for an IN (…) on either database.
func careChunks(ids []string) func(yield func([]string) bool) {
	const size = 500
	return func(yield func([]string) bool) {
		for len(ids) > 0 {
			n := min(size, len(ids))
			if !yield(ids[:n]) {
				return
			}
			ids = ids[n:]
		}
	}
}
