package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care/measures"
	"handoff/directory"
)

// loadInsert writes n rows of the columns into the table, as LoadActivity does.
type loadInsert func(table string, cols []string, n int, row func(i int) ([]any, error)) error

// loadFollowUpsAndReferrals is the rest of LoadActivity: follow-ups with their attempts,
// referrals with their history, then the planner's statistics and the commit.
func (c *CareStore) loadFollowUpsAndReferrals(ctx context.Context, tx *sqlx.Tx, a ActivityLoad, ins loadInsert) error {
	if err := ins("follow_ups", []string{"id", "person_id", "encounter_id", "assignee_id", "due_at", "status", "created_by",
		"created_at", "closed_at", "version"}, len(a.FollowUps), func(i int) ([]any, error) {
		f := a.FollowUps[i]
		return []any{f.ID, f.PersonID, nullable(f.EncounterID), f.AssigneeID, formatTime(f.DueAt), string(f.Status), f.CreatedBy,
			formatTime(f.CreatedAt), optFormat(f.ClosedAt), 1 + len(f.Attempts)}, nil
	}); err != nil {
		return err
	}
	type attempt struct {
		fu, person string
		i          int
	}
	var as []attempt
	for _, f := range a.FollowUps {
		for i := range f.Attempts {
			as = append(as, attempt{f.ID, f.PersonID, i})
		}
	}
	byID := make(map[string]int, len(a.FollowUps))
	for i, f := range a.FollowUps {
		byID[f.ID] = i
	}
	if err := ins("follow_up_attempts", []string{"id", "follow_up_id", "person_id", "at", "channel", "outcome", "note", "by_user", "shift_id"},
		len(as), func(i int) ([]any, error) {
			at := a.FollowUps[byID[as[i].fu]].Attempts[as[i].i]
			note, err := c.sealNote(at.Note, "follow_up_attempt", at.ID, "note")
			if err != nil {
				return nil, err
			}
			return []any{at.ID, as[i].fu, as[i].person, formatTime(at.At), string(at.Channel), string(at.Outcome), note, at.By,
				nullable(at.ShiftID)}, nil
		}); err != nil {
		return err
	}
	if err := ins("referrals", []string{"id", "person_id", "encounter_id", "service_id", "organization_id", "need", "level_of_care",
		"mode", "status", "outcome", "status_reason", "note", "shift_id", "created_by", "created_at", "requested_at", "accepted_at",
		"closed_at", "updated_at", "version"}, len(a.Referrals), func(i int) ([]any, error) {
		r := &a.Referrals[i]
		note, err := c.sealNote(r.Note, "referral", r.ID, "note")
		if err != nil {
			return nil, err
		}
		reason, err := c.sealNote(r.StatusReason, "referral", r.ID, "status_reason")
		if err != nil {
			return nil, err
		}
		updated := r.CreatedAt
		if n := len(r.History); n > 0 {
			updated = r.History[n-1].At
		}
		return []any{r.ID, nullable(r.PersonID), nullable(r.EncounterID), r.ServiceID, r.OrganizationID, r.Need, r.LevelOfCare,
			string(r.Mode), string(r.Status), string(r.Outcome), reason, note, nullable(r.ShiftID), r.CreatedBy,
			formatTime(r.CreatedAt), optFormat(r.RequestedAt), optFormat(r.AcceptedAt), optFormat(r.ClosedAt),
			formatTime(updated), max(1, len(r.History))}, nil
	}); err != nil {
		return err
	}
	type move struct{ ref, k int }
	var ms []move
	for i, r := range a.Referrals {
		for k := range r.History {
			ms = append(ms, move{i, k})
		}
	}
	if err := ins("referral_transitions", []string{"referral_id", "version", "from_status", "to_status", "reason", "outcome", "by_user", "at"},
		len(ms), func(i int) ([]any, error) {
			id := a.Referrals[ms[i].ref].ID
			m := a.Referrals[ms[i].ref].History[ms[i].k]
			reason, err := c.sealNote(m.Reason, "referral_transition", moveSealID(id, m.Version), "reason")
			if err != nil {
				return nil, err
			}
			return []any{id, m.Version, string(m.From), string(m.To), reason, string(m.Outcome), m.By, formatTime(m.At)}, nil
		}); err != nil {
		return err
	}
	if err := ins("service_gaps", []string{"id", "day", "reason", "needs", "filters", "town", "words"}, len(a.Gaps),
		func(i int) ([]any, error) {
			g := a.Gaps[i]
			return []any{directory.NewID(), g.Day, g.Reason, strings.Join(g.Needs, ","), strings.Join(g.Filters, ","), g.Town,
				strings.Join(g.Words, ",")}, nil
		}); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: load activity: %w", err)
	}
	// PostgreSQL's index-only scans need the visibility map that VACUUM writes (as
	// autovacuum would, some time after a load this size); SQLite needs only statistics.
	stats := "ANALYZE"
	if c.st.Dialect() == Postgres {
		stats = "VACUUM ANALYZE"
	}
	if _, err := c.db.ExecContext(ctx, stats); err != nil {
		return fmt.Errorf("store: load activity: analyze: %w", err)
	}
	if c.st.Dialect() == SQLite {
		// Move the load from the write-ahead log into the database file: until then
		// every read looks its pages up in a log of hundreds of megabytes (the
		// interactions-per-shift measure took 2.5 s instead of 0.8 s).
		if _, err := c.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
			return fmt.Errorf("store: load activity: checkpoint: %w", err)
		}
	}
	return nil
}

// loadFollowedUp is each loaded encounter's followed_up_at, by the rule the store's
// writes keep: attempts and follow-up visits follow their person's calls, referrals
// also the encounter they were made from.
func loadFollowedUp(a ActivityLoad) []time.Time {
	calls := make([]measures.Call, len(a.Encounters))
	var contacts []measures.Contact
	for i, e := range a.Encounters {
		calls[i] = measures.Call{EncounterID: e.ID, PersonID: e.PersonID, At: e.OccurredAt}
		if e.Source == "follow_up" && e.PersonID != "" {
			contacts = append(contacts, measures.Contact{PersonID: e.PersonID, At: e.OccurredAt})
		}
	}
	for _, f := range a.FollowUps {
		for _, at := range f.Attempts {
			contacts = append(contacts, measures.Contact{PersonID: f.PersonID, At: at.At})
		}
	}
	for _, r := range a.Referrals {
		contacts = append(contacts, measures.Contact{PersonID: r.PersonID, EncounterID: r.EncounterID, At: r.CreatedAt})
	}
	out := measures.FollowedUpAt(calls, contacts)
	for i, e := range a.Encounters {
		if e.Source == "follow_up" {
			out[i] = time.Time{} // a follow-up visit is not itself followed up
		}
	}
	return out
}
