package store

import (
	"context"
	"fmt"
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

// ReachRows returns the follow-ups of the encounters that happened in [from, to).
// The follow-ups of encounters purged past their retention (retention.go) come from
// what was kept of them.
func (c *CareStore) ReachRows(ctx context.Context, from, to time.Time) ([]measures.ReachRow, error) {
	live, err := c.reachRows(ctx, `SELECT `+reachCols+` FROM follow_ups f JOIN encounters e ON e.id = f.encounter_id
		WHERE e.occurred_at >= $3 AND e.occurred_at < $4`,
		string(care.AttemptReached), string(care.AttemptDeclined), formatTime(from), formatTime(to))
	if err != nil {
		return nil, err
	}
	kept, err := c.reachRows(ctx, `SELECT `+keptReachCols+` FROM purged_follow_ups WHERE encounter_at >= $1 AND encounter_at < $2`,
		formatTime(from), formatTime(to))
	return append(live, kept...), err
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

// RepeatPlace finds the place of q centred at (lat, lon) and answers its calls and the
// reach rows of their follow-ups; no calls when there is no such place.
func (c *CareStore) RepeatPlace(ctx context.Context, q measures.RepeatQuery, lat, lon float64) ([]measures.Call, []measures.ReachRow, error) {
	calls, err := c.RepeatCalls(ctx, q.From, q.To, q.Source)
	if err != nil {
		return nil, nil, err
	}
	mine := measures.PlaceCalls(q, calls, lat, lon)
	if len(mine) == 0 {
		return nil, nil, nil
	}
	reach, err := c.reachRowsOf(ctx, encounterIDs(mine))
	if err != nil {
		return nil, nil, err
	}
	return mine, reach, nil
}

// PlaceFollowUps returns the follow-ups still to do (open or flagged) of the place's
// calls, soonest due first, with their attempts.
func (c *CareStore) PlaceFollowUps(ctx context.Context, calls []measures.Call) ([]care.FollowUp, error) {
	var out []care.FollowUp
	for ids := range careChunks(encounterIDs(calls)) {
		var rows []followUpRow
		if err := c.db.SelectContext(ctx, &rows, `SELECT `+followUpCols+` FROM follow_ups f
			WHERE f.status <> 'done' AND f.encounter_id IN (`+careInList(1, len(ids))+`) ORDER BY f.due_at, f.id`,
			careAnys(ids)...); err != nil {
			return nil, fmt.Errorf("store: place follow-ups: %w", err)
		}
		fs, err := c.followUps(ctx, c.db, rows)
		if err != nil {
			return nil, err
		}
		out = append(out, fs...)
	}
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
