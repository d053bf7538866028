package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

// ActivityLoad is a stretch of generated program activity (the demo generator's year)
// written at once by LoadActivity. Ids are set by the caller; the users the shifts,
// encounters and follow-ups name exist already.
type ActivityLoad struct {
	People     []care.Person
	Shifts     []care.Shift
	Encounters []care.Encounter // with their Responders
	FollowUps  []care.FollowUp  // with their Attempts
	Referrals  []care.Referral  // with their History (moves after the request)
	Gaps       []directory.ServiceGap
}

// LoadActivity writes generated activity in one transaction with multi-row inserts:
// recording 200,000 encounters one by one through CreateEncounter would take an hour,
// and the demo's year only needs to be what those writes would have left. So it keeps
// what they keep: notes and reasons sealed, and each encounter's followed_up_at by
// care/measures' own rule over the loaded contacts. It then refreshes the planner's
// statistics, as a database that grew to this size over a year would have them.
func (c *CareStore) LoadActivity(ctx context.Context, a ActivityLoad) error {
	followed := loadFollowedUp(a)
	tx, err := c.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: load activity: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, a no-op
	// Rows go in statements of a few dozen rows each, prepared once per table and
	// shape: one statement of thousands of rows costs more to prepare and bind (per
	// parameter name, in the SQLite driver) than it saves.
	ins := func(table string, cols []string, n int, row func(i int) ([]any, error)) error {
		per := max(1, 480/len(cols))
		stmts := map[int]*sqlx.Stmt{}
		defer func() {
			for _, st := range stmts {
				st.Close()
			}
		}()
		args := make([]any, 0, per*len(cols))
		for start := 0; start < n; start += per {
			end := min(n, start+per)
			st := stmts[end-start]
			if st == nil {
				var err error
				if st, err = tx.PreparexContext(ctx, loadInsertSQL(table, cols, end-start)); err != nil {
					return fmt.Errorf("store: load %s: %w", table, err)
				}
				stmts[end-start] = st
			}
			args = args[:0]
			for i := start; i < end; i++ {
				vals, err := row(i)
				if err != nil {
					return err
				}
				args = append(args, vals...)
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return fmt.Errorf("store: load %s: %w", table, err)
			}
		}
		return nil
	}
	if err := ins("people", []string{"id", "display_name", "search_name", "phone", "preferred_language", "created_by", "created_at", "updated_at"},
		len(a.People), func(i int) ([]any, error) {
			p := a.People[i]
			return []any{p.ID, p.DisplayName, strings.ToLower(p.DisplayName), p.Phone, p.PreferredLanguage, p.CreatedBy,
				formatTime(p.CreatedAt), formatTime(p.CreatedAt)}, nil
		}); err != nil {
		return err
	}
	if err := ins("shifts", []string{"id", "user_id", "started_at", "ended_at"}, len(a.Shifts), func(i int) ([]any, error) {
		s := a.Shifts[i]
		end := ""
		if !s.EndedAt.IsZero() {
			end = formatTime(s.EndedAt)
		}
		return []any{s.ID, s.UserID, formatTime(s.StartedAt), end}, nil
	}); err != nil {
		return err
	}
	if err := ins("encounters", []string{"id", "person_id", "occurred_at", "source", "latitude", "longitude", "location_precision",
		"town", "police_department", "presenting_needs", "assessed_level_of_care", "disposition", "ed_diverted", "arrest_diverted",
		"notes", "no_follow_up_reason", "followed_up_at", "shift_id", "recorded_by", "created_at"}, len(a.Encounters), func(i int) ([]any, error) {
		e := &a.Encounters[i]
		notes, err := c.sealNote(e.Notes, "encounter", e.ID, "notes")
		if err != nil {
			return nil, err
		}
		var lat, lon any
		if e.Lat != nil && e.Lon != nil {
			lat, lon = *e.Lat, *e.Lon
		}
		f := ""
		if !followed[i].IsZero() {
			f = formatTime(followed[i])
		}
		created := e.CreatedAt
		if created.IsZero() {
			created = e.OccurredAt
		}
		return []any{e.ID, nullable(e.PersonID), formatTime(e.OccurredAt), string(e.Source), lat, lon, string(e.LocationPrecision),
			e.Town, e.PoliceDepartment, strings.Join(e.PresentingNeeds, " "), e.AssessedLevelOfCare, string(e.Disposition),
			e.EDDiverted, e.ArrestDiverted, notes, e.NoFollowUpReason, f, nullable(e.ShiftID), e.RecordedBy, formatTime(created)}, nil
	}); err != nil {
		return err
	}
	// Responders without a shift of their own: the recorder's work counts through the
	// encounter's shift, and the generator's clinicians keep no shifts.
	var rs [][2]string
	for _, e := range a.Encounters {
		for _, u := range e.Responders {
			rs = append(rs, [2]string{e.ID, u})
		}
	}
	if err := ins("encounter_responders", []string{"encounter_id", "user_id", "shift_id"}, len(rs), func(i int) ([]any, error) {
		return []any{rs[i][0], rs[i][1], nil}, nil
	}); err != nil {
		return err
	}
	return c.loadFollowUpsAndReferrals(ctx, tx, a, ins)
}

// loadInsertSQL is an insert of rows rows of the columns.
func loadInsertSQL(table string, cols []string, rows int) string {
	var q strings.Builder
	fmt.Fprintf(&q, "INSERT INTO %s (%s) VALUES ", table, strings.Join(cols, ", "))
	for i := range rows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteByte('(')
		for k := range cols {
			if k > 0 {
				q.WriteString(", ")
			}
			fmt.Fprintf(&q, "$%d", i*len(cols)+k+1)
		}
		q.WriteByte(')')
	}
	return q.String()
}
