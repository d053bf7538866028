package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"handoff/care"
	"handoff/care/measures"
)

// The measures' queries return rows for the arithmetic in care/measures. They read
// only what a measure needs (no names, phones or notes), filter on indexed times, and
// leave ordering to care/measures, which does not depend on it. The repeat-location
// measure's reads are in care_measures_repeat.go, the bulk-reading helpers in
// care_measures_bulk.go.

// ShiftCounts returns the shifts that started in [from, to) (of one user, when given)
// with their counts, for the interactions-per-shift measure.
func (c *CareStore) ShiftCounts(ctx context.Context, from, to time.Time, userID string) ([]care.Shift, error) {
	where, args := ShiftFilter{UserID: userID, From: from, To: to}.where()
	// Over many shifts, counting by groups (one pass over each table) beats counting
	// shift by shift as shiftCounted does for a page. The work of a shift that started
	// in [from, to) happened before to + care.MaxShift, which bounds each pass, and
	// at most care.ShiftLeadIn before its start (care.Shift.Takes). The
	// shifts and the four counts are five queries run side by side, joined here: as one
	// query, PostgreSQL ran its four passes one after the other (0.45 s of a year of
	// 200,000 encounters), and the indexes of time with shift (migration 00024) and of
	// shift with time (00025, in place of the shift's own) make each pass read only an
	// index, whichever SQLite's planner picks for bound times.
	lo, hi := formatTime(from.Add(-care.ShiftLeadIn)), formatTime(to.Add(care.MaxShift))
	if from.IsZero() {
		lo = ""
	}
	// Responders are read from the few rows with a shift of their own (CROSS JOIN keeps
	// SQLite's planner to that order; PostgreSQL reorders it freely): led by the year's
	// encounters instead, SQLite looked up the responders of every one of them (1 s).
	// The last four count the work of records purged past their retention (retention.go),
	// kept without them: encounters, their responders, attempts and referrals.
	counts := []string{
		`SELECT shift_id, count(*) FROM encounters WHERE shift_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2
			GROUP BY shift_id`,
		`SELECT er.shift_id, count(*) FROM encounter_responders er CROSS JOIN encounters x
			WHERE x.id = er.encounter_id AND er.shift_id IS NOT NULL AND x.occurred_at >= $1 AND x.occurred_at < $2 GROUP BY er.shift_id`,
		`SELECT shift_id, count(*) FROM follow_up_attempts WHERE shift_id IS NOT NULL AND at >= $1 AND at < $2 GROUP BY shift_id`,
		`SELECT shift_id, count(*) FROM referrals WHERE shift_id IS NOT NULL AND created_at >= $1 AND created_at < $2 GROUP BY shift_id`,
		`SELECT shift_id, count(*) FROM purged_encounters WHERE shift_id IS NOT NULL AND occurred_at >= $1 AND occurred_at < $2
			GROUP BY shift_id`,
		`SELECT shift_id, count(*) FROM purged_shift_work WHERE kind = 'responder' AND at >= $1 AND at < $2 GROUP BY shift_id`,
		`SELECT shift_id, count(*) FROM purged_shift_work WHERE kind = 'attempt' AND at >= $1 AND at < $2 GROUP BY shift_id`,
		`SELECT shift_id, count(*) FROM purged_referrals WHERE shift_id IS NOT NULL AND created_at >= $1 AND created_at < $2 GROUP BY shift_id`,
	}
	by := make([]map[string]int, len(counts))
	var rows []shiftRow
	fns := []func() error{func() error {
		return c.db.SelectContext(ctx, &rows, `SELECT s.id, s.user_id, s.started_at, s.ended_at FROM shifts s`+where, args...)
	}}
	for i, q := range counts {
		fns = append(fns, func() error {
			var err error
			by[i], err = c.countByShift(ctx, q, lo, hi)
			return err
		})
	}
	if err := careParallel(fns...); err != nil {
		return nil, fmt.Errorf("store: shift counts: %w", err)
	}
	out := make([]care.Shift, len(rows))
	for i, r := range rows {
		r.Encounters = by[0][r.ID] + by[1][r.ID] + by[4][r.ID] + by[5][r.ID]
		r.Attempts, r.Referrals = by[2][r.ID]+by[6][r.ID], by[3][r.ID]+by[7][r.ID]
		out[i] = r.shift()
	}
	return out, nil
}

// countByShift runs a query of (shift_id, count) rows over a time range.
func (c *CareStore) countByShift(ctx context.Context, q, lo, hi string) (map[string]int, error) {
	rows, err := c.db.QueryContext(ctx, q, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}

// DiversionRows counts the encounters of each month (the periods given, contiguous, as
// measures.Months makes them), town and source, with their diversions. The month is found in
// SQL by comparing with the periods' bounds, so the same text serves both dialects and
// months are the program's local months, not UTC ones.
func (c *CareStore) DiversionRows(ctx context.Context, months []measures.Period) ([]measures.DiversionRow, error) {
	if len(months) == 0 {
		return nil, nil
	}
	args := []any{formatTime(months[0].Start), formatTime(months[len(months)-1].End)}
	// The month's index; a range within one month has no WHEN (a CASE needs one).
	var cases strings.Builder
	if len(months) == 1 {
		cases.WriteString("0")
	} else {
		cases.WriteString("CASE")
		for i, m := range months[:len(months)-1] {
			args = append(args, formatTime(m.End))
			fmt.Fprintf(&cases, " WHEN e.occurred_at < $%d THEN %d", len(args), i)
		}
		fmt.Fprintf(&cases, " ELSE %d END", len(months)-1)
	}
	var rows []struct {
		Month      int    `db:"month"`
		Town       string `db:"town"`
		Source     string `db:"source"`
		Encounters int    `db:"encounters"`
		ED         int    `db:"ed"`
		Arrest     int    `db:"arrest"`
		Both       int    `db:"both_diverted"`
	}
	// The same counts over the encounters purged past their retention (retention.go)
	// are added: the measure sums rows of one month, town and source.
	for _, table := range []string{"encounters", "purged_encounters"} {
		q := `SELECT ` + cases.String() + ` AS month, e.town, e.source, count(*) AS encounters,
		SUM(CASE WHEN e.ed_diverted THEN 1 ELSE 0 END) AS ed,
		SUM(CASE WHEN e.arrest_diverted THEN 1 ELSE 0 END) AS arrest,
		SUM(CASE WHEN e.ed_diverted AND e.arrest_diverted THEN 1 ELSE 0 END) AS both_diverted
		FROM ` + table + ` e WHERE e.occurred_at >= $1 AND e.occurred_at < $2
		GROUP BY 1, 2, 3`
		before := rows
		rows = nil
		if err := c.db.SelectContext(ctx, &rows, q, args...); err != nil {
			return nil, fmt.Errorf("store: diversions: %w", err)
		}
		rows = append(before, rows...)
	}
	out := make([]measures.DiversionRow, len(rows))
	for i, r := range rows {
		out[i] = measures.DiversionRow{Month: r.Month, Town: r.Town, Source: care.Source(r.Source), Encounters: r.Encounters,
			EDDiverted: r.ED, ArrestDiverted: r.Arrest, Both: r.Both}
	}
	return out, nil
}

// ReferralRows returns the referrals made in [from, to) as the referral measure reads
// them, with their organization's name and their status reasons opened.
// The referrals purged past their retention (retention.go) are read from what was kept
// of them, their reasons bound to their new ids.
func (c *CareStore) ReferralRows(ctx context.Context, from, to time.Time) ([]measures.ReferralRow, error) {
	// Needs, organizations, statuses and reasons repeat: one string each, not one per row.
	pool := map[string]string{}
	var out careBlocks[measures.ReferralRow]
	n, err := c.countRows(ctx, `referrals WHERE created_at >= $1 AND created_at < $2`, formatTime(from), formatTime(to))
	if err != nil {
		return nil, err
	}
	out.reserve(n)
	for _, t := range []struct{ table, kind string }{{"referrals", "referral"}, {"purged_referrals", "purged_referral"}} {
		if err := c.referralRows(ctx, t.table, t.kind, from, to, pool, &out); err != nil {
			return nil, err
		}
	}
	return out.all(), nil
}

func (c *CareStore) referralRows(ctx context.Context, table, kind string, from, to time.Time, pool map[string]string, out *careBlocks[measures.ReferralRow]) error {
	rows, err := c.db.QueryContext(ctx, `SELECT r.id, r.need, r.organization_id, COALESCE(o.name, ''), r.level_of_care, r.status,
		r.outcome, r.status_reason, r.created_at, r.requested_at, r.accepted_at, r.closed_at, r.updated_at
		FROM `+table+` r LEFT JOIN organizations o ON o.id = r.organization_id
		WHERE r.created_at >= $1 AND r.created_at < $2`, formatTime(from), formatTime(to))
	if err != nil {
		return fmt.Errorf("store: referral rows: %w", err)
	}
	defer rows.Close()
	intern := func(b []byte) string {
		if s, ok := pool[string(b)]; ok {
			return s
		}
		s := string(b)
		pool[s] = s
		return s
	}
	var need, org, orgName, level, status, outcome, reason, created, requested, accepted, closed, updated sql.RawBytes
	for rows.Next() {
		r := out.next()
		if err := rows.Scan(&r.ID, &need, &org, &orgName, &level, &status, &outcome, &reason,
			&created, &requested, &accepted, &closed, &updated); err != nil {
			return fmt.Errorf("store: referral rows: %w", err)
		}
		r.Need, r.OrganizationID, r.OrganizationName, r.LevelOfCare = intern(need), intern(org), intern(orgName), intern(level)
		r.Status, r.Outcome = care.Status(intern(status)), care.Outcome(intern(outcome))
		// Reasons are sealed (bound to the referral): opened here, then grouped by text.
		text, err := c.openReason(string(reason), kind, r.ID, "status_reason")
		if err != nil {
			return err
		}
		r.Reason = intern([]byte(text))
		r.CreatedAt, r.RequestedAt, r.AcceptedAt = careTime(created), careTime(requested), careTime(accepted)
		r.ClosedAt, r.UpdatedAt = careTime(closed), careTime(updated)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: referral rows: %w", err)
	}
	return nil
}

// MeasureInteractionsPerShift answers the interactions-per-shift measure for the shifts
// started in [from, to), of one user when given.
func (c *CareStore) MeasureInteractionsPerShift(ctx context.Context, from, to time.Time, userID string) (measures.ShiftReport, error) {
	shifts, err := c.ShiftCounts(ctx, from, to, userID)
	if err != nil {
		return measures.ShiftReport{}, err
	}
	return measures.InteractionsPerShift(from, to, shifts, c.zone), nil
}

// MeasureDiversions answers the diversions measure for the encounters in [from, to),
// by the program's months.
func (c *CareStore) MeasureDiversions(ctx context.Context, from, to time.Time) (measures.DiversionReport, error) {
	months := measures.Months(from, to, c.zone)
	rows, err := c.DiversionRows(ctx, months)
	if err != nil {
		return measures.DiversionReport{}, err
	}
	return measures.Diversions(from, to, months, rows), nil
}

// MeasureReferrals answers the referral-completion measure for the referrals made in
// [from, to), as of asOf (zero: now) for what is stalled.
func (c *CareStore) MeasureReferrals(ctx context.Context, from, to, asOf time.Time) (measures.ReferralReport, error) {
	rows, err := c.ReferralRows(ctx, from, to)
	if err != nil {
		return measures.ReferralReport{}, err
	}
	return measures.Referrals(from, to, careNow(asOf), rows), nil
}
