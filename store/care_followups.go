package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

type followUpRow struct {
	ID          string `db:"id"`
	PersonID    string `db:"person_id"`
	EncounterID string `db:"encounter_id"`
	AssigneeID  string `db:"assignee_id"`
	DueAt       string `db:"due_at"`
	Status      string `db:"status"`
	CreatedBy   string `db:"created_by"`
	CreatedAt   string `db:"created_at"`
	ClosedAt    string `db:"closed_at"`
	Version     int    `db:"version"`
}

const followUpCols = `f.id, f.person_id, COALESCE(f.encounter_id, '') AS encounter_id, f.assignee_id, f.due_at, f.status,
	f.created_by, f.created_at, f.closed_at, f.version`

type attemptRow struct {
	ID         string `db:"id"`
	FollowUpID string `db:"follow_up_id"`
	At         string `db:"at"`
	Channel    string `db:"channel"`
	Outcome    string `db:"outcome"`
	Note       string `db:"note"`
	By         string `db:"by_user"`
	ShiftID    string `db:"shift_id"`
}

// CreateFollowUp schedules a follow-up (validated by the caller), minting its id, under
// the person's surviving record. The assignee must be a user.
func (c *CareStore) CreateFollowUp(ctx context.Context, f *care.FollowUp) error {
	f.CreatedAt = careNow(f.CreatedAt)
	if f.Status == "" {
		f.Status = care.FollowUpOpen
	}
	return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		if f.PersonID, err = careCanonicalPerson(ctx, tx, "person_id", f.PersonID); err != nil {
			return err
		}
		var one int
		if err := tx.GetContext(ctx, &one, `SELECT 1 FROM users WHERE id = $1`, f.AssigneeID); errors.Is(err, sql.ErrNoRows) {
			return directory.FieldErrors{{Field: "assignee_id", Message: "no user with this id"}}
		} else if err != nil {
			return fmt.Errorf("store: find assignee: %w", err)
		}
		if err := insertFollowUp(ctx, tx, f); err != nil {
			return err
		}
		return c.auditWrite(ctx, tx, "create", "follow_up", f.ID)
	})
}

func insertFollowUp(ctx context.Context, tx *sqlx.Tx, f *care.FollowUp) error {
	if f.ID == "" {
		f.ID = directory.NewID()
	}
	f.Version = 1
	if f.Attempts == nil {
		f.Attempts = []care.Attempt{}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO follow_ups (id, person_id, encounter_id, assignee_id, due_at, status, created_by, created_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)`,
		f.ID, f.PersonID, nullable(f.EncounterID), f.AssigneeID, formatTime(f.DueAt), string(f.Status), f.CreatedBy, formatTime(f.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: create follow-up: %w", err)
	}
	return nil
}

// FollowUp loads a follow-up with its attempts.
func (c *CareStore) FollowUp(ctx context.Context, id string) (care.FollowUp, error) {
	return c.loadFollowUp(ctx, c.db, id)
}

func (c *CareStore) loadFollowUp(ctx context.Context, q careQueryer, id string) (care.FollowUp, error) {
	var r followUpRow
	err := q.GetContext(ctx, &r, `SELECT `+followUpCols+` FROM follow_ups f WHERE f.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return care.FollowUp{}, ErrNotFound
	}
	if err != nil {
		return care.FollowUp{}, fmt.Errorf("store: load follow-up: %w", err)
	}
	out, err := c.followUps(ctx, q, []followUpRow{r})
	if err != nil {
		return care.FollowUp{}, err
	}
	return out[0], nil
}

// FollowUpFilter narrows a list of follow-ups. Due picks today's, the overdue or the
// upcoming ones relative to Now in the view's zone, leaving out those done; Statuses
// filters by status (flagged, for coordinators). PersonID includes records merged into
// the person. WithPeople fills in each follow-up's Person (see FollowUps): set it only
// for readers who may read people.
type FollowUpFilter struct {
	AssigneeID string
	PersonID   string
	Due        care.Due
	Now        time.Time
	Statuses   []care.FollowUpStatus
	WithPeople bool
}

// FollowUps returns one page of matching follow-ups with their attempts, soonest due
// first, and the number of matches. With f.WithPeople each carries its person's name and
// contact (the survivor's, for a record merged into another), read in one more query for
// the whole page. An unknown Due is a field error.
func (c *CareStore) FollowUps(ctx context.Context, f FollowUpFilter, p Page) ([]care.FollowUp, int, error) {
	rows, total, err := c.followUpPage(ctx, f, p)
	if err != nil {
		return nil, 0, err
	}
	out, err := c.followUps(ctx, c.db, rows)
	if err != nil {
		return nil, 0, err
	}
	if f.WithPeople {
		if err := followUpPeople(ctx, c.db, out); err != nil {
			return nil, 0, err
		}
	}
	return out, total, nil
}

// FollowUpBriefs is FollowUps for handing follow-ups out: the same matches in the same
// order, each with its number of attempts and nothing else of them (no notes are opened)
// and no person (f.WithPeople is ignored).
func (c *CareStore) FollowUpBriefs(ctx context.Context, f FollowUpFilter, p Page) ([]care.FollowUpBrief, int, error) {
	rows, total, err := c.followUpPage(ctx, f, p)
	if err != nil {
		return nil, 0, err
	}
	out, err := c.followUpBriefs(ctx, rows)
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// followUpPage reads the page of rows of FollowUps and FollowUpBriefs, and the number of
// matches.
func (c *CareStore) followUpPage(ctx context.Context, f FollowUpFilter, p Page) ([]followUpRow, int, error) {
	from, to, ok := care.DueWindow(f.Due, careNow(f.Now), c.zone)
	if !ok {
		return nil, 0, directory.FieldErrors{{Field: "due", Message: "must be today, overdue or upcoming"}}
	}
	var w conds
	w.eq("f.assignee_id", f.AssigneeID)
	if f.PersonID != "" {
		w.plain(carePersonSet("f.person_id", w.arg(f.PersonID)))
	}
	if f.Due != care.DueAll {
		w.plain("f.status <> 'done'")
	}
	if !from.IsZero() {
		w.add("f.due_at >= $%d", formatTime(from))
	}
	if !to.IsZero() {
		w.add("f.due_at < $%d", formatTime(to))
	}
	condIn(&w, "f.status", f.Statuses)
	where, args := w.where()
	order := "f.due_at, f.id"
	if f.PersonID != "" {
		order = "f.due_at DESC, f.id" // a person's history reads newest first
	}
	return selectPage[followUpRow](ctx, c.db, listQuery{what: "follow-ups", from: "follow_ups f", cols: followUpCols,
		where: where, args: args, order: order}, p)
}

// followUpBriefs turns rows into briefs, counting their attempts in one more query.
func (c *CareStore) followUpBriefs(ctx context.Context, rows []followUpRow) ([]care.FollowUpBrief, error) {
	out := make([]care.FollowUpBrief, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := make(map[string]int, len(rows))
	ids := make([]string, len(rows))
	for i, r := range rows {
		out[i] = care.FollowUpBrief{ID: r.ID, AssigneeID: r.AssigneeID, DueAt: optTime(r.DueAt),
			Status: care.FollowUpStatus(r.Status), Version: r.Version}
		idx[r.ID], ids[i] = i, r.ID
	}
	var counts []struct {
		ID string `db:"follow_up_id"`
		N  int    `db:"n"`
	}
	if err := c.db.SelectContext(ctx, &counts, `SELECT follow_up_id, count(*) AS n FROM follow_up_attempts
		WHERE follow_up_id IN (`+careInList(1, len(ids))+`) GROUP BY follow_up_id`, careAnys(ids)...); err != nil {
		return nil, fmt.Errorf("store: follow-up attempts: %w", err)
	}
	for _, n := range counts {
		out[idx[n.ID]].Attempts = n.N
	}
	return out, nil
}

// followUpPeople fills in the Person of each follow-up, in one query for all of them. A
// record merged into another shows the survivor (merges are one level deep: see
// MergePeople), with the survivor's id; a person that cannot be found leaves Person nil.
func followUpPeople(ctx context.Context, q careQueryer, fs []care.FollowUp) error {
	var ids []string
	seen := map[string]bool{}
	for _, f := range fs {
		if f.PersonID != "" && !seen[f.PersonID] {
			seen[f.PersonID] = true
			ids = append(ids, f.PersonID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		RecordID          string `db:"record_id"`
		ID                string `db:"id"`
		DisplayName       string `db:"display_name"`
		Phone             string `db:"phone"`
		PreferredLanguage string `db:"preferred_language"`
	}
	if err := q.SelectContext(ctx, &rows, `SELECT p.id AS record_id, COALESCE(s.id, p.id) AS id,
		COALESCE(s.display_name, p.display_name) AS display_name, COALESCE(s.phone, p.phone) AS phone,
		COALESCE(s.preferred_language, p.preferred_language) AS preferred_language
		FROM people p LEFT JOIN people s ON p.merged_into <> '' AND s.id = p.merged_into
		WHERE p.id IN (`+careInList(1, len(ids))+`)`, careAnys(ids)...); err != nil {
		return fmt.Errorf("store: follow-up people: %w", err)
	}
	byID := make(map[string]care.PersonBrief, len(rows))
	for _, r := range rows {
		byID[r.RecordID] = care.PersonBrief{ID: r.ID, DisplayName: r.DisplayName, Phone: r.Phone, PreferredLanguage: r.PreferredLanguage}
	}
	for i := range fs {
		if b, ok := byID[fs[i].PersonID]; ok {
			fs[i].Person = &b
		}
	}
	return nil
}

// followUps turns rows into follow-ups with their attempts, in one more query.
func (c *CareStore) followUps(ctx context.Context, q careQueryer, rows []followUpRow) ([]care.FollowUp, error) {
	out := make([]care.FollowUp, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	idx := map[string]int{}
	ids := make([]string, len(rows))
	for i, r := range rows {
		out[i] = care.FollowUp{ID: r.ID, PersonID: r.PersonID, EncounterID: r.EncounterID, AssigneeID: r.AssigneeID,
			DueAt: optTime(r.DueAt), Status: care.FollowUpStatus(r.Status), CreatedBy: r.CreatedBy, CreatedAt: optTime(r.CreatedAt),
			ClosedAt: optTime(r.ClosedAt), Version: r.Version, Attempts: []care.Attempt{}}
		idx[r.ID], ids[i] = i, r.ID
	}
	var as []attemptRow
	if err := q.SelectContext(ctx, &as, `SELECT id, follow_up_id, at, channel, outcome, note, by_user, COALESCE(shift_id, '') AS shift_id
		FROM follow_up_attempts WHERE follow_up_id IN (`+careInList(1, len(ids))+`) ORDER BY follow_up_id, at, id`, careAnys(ids)...); err != nil {
		return nil, fmt.Errorf("store: follow-up attempts: %w", err)
	}
	for _, a := range as {
		note, err := c.openNote(a.Note, "follow_up_attempt", a.ID, "note")
		if err != nil {
			return nil, err
		}
		f := &out[idx[a.FollowUpID]]
		f.Attempts = append(f.Attempts, care.Attempt{ID: a.ID, FollowUpID: a.FollowUpID, At: optTime(a.At),
			Channel: care.Channel(a.Channel), Outcome: care.AttemptOutcome(a.Outcome), Note: note, By: a.By, ShiftID: a.ShiftID})
	}
	return out, nil
}

// AddAttempt logs an attempt (normalized and validated by the caller) on a follow-up and
// applies the rules (care.FollowUp.AddAttempt): reached closes it, the third failed
// attempt flags it. The attempt goes in the shift its maker was on; its note is sealed.
// It returns the follow-up as it now is. Errors: ErrNotFound, care.ErrFollowUpDone,
// ErrConflict (only if concurrent attempts kept winning).
func (c *CareStore) AddAttempt(ctx context.Context, followUpID string, a *care.Attempt) (care.FollowUp, error) {
	if a.ID == "" {
		a.ID = directory.NewID()
	}
	a.At = careNow(a.At)
	a.FollowUpID = followUpID
	note, err := c.sealNote(a.Note, "follow_up_attempt", a.ID, "note")
	if err != nil {
		return care.FollowUp{}, err
	}
	var out care.FollowUp
	// As with referral moves, the rules never depend on earlier notes; the follow-up is
	// read back with them afterwards.
	blind := c.WithoutNotes()
	err = careRetry(moveRetries, func() error {
		return c.st.inTx(ctx, func(tx *sqlx.Tx) error {
			f, err := blind.loadFollowUp(ctx, tx, followUpID)
			if err != nil {
				return err
			}
			shift, err := careShiftAt(ctx, tx, a.By, a.At)
			if err != nil {
				return err
			}
			if s, ok := shift.(string); ok {
				a.ShiftID = s
			}
			if err := f.AddAttempt(*a); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE follow_ups SET status = $3, closed_at = $4, version = version + 1 WHERE id = $1 AND version = $2`,
				f.ID, f.Version, string(f.Status), optFormat(f.ClosedAt))
			if err != nil {
				return fmt.Errorf("store: update follow-up: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return ErrConflict
			}
			f.Version++
			if _, err := tx.ExecContext(ctx, `INSERT INTO follow_up_attempts (id, follow_up_id, person_id, at, channel, outcome, note, by_user, shift_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				a.ID, followUpID, f.PersonID, formatTime(a.At), string(a.Channel), string(a.Outcome), note, a.By, shift); err != nil {
				return fmt.Errorf("store: log attempt: %w", err)
			}
			if err := markFollowedUp(ctx, tx, f.PersonID, "", "", a.At); err != nil {
				return err
			}
			if err := c.keepIdempotencyKey(ctx, tx, "follow_up", followUpID, a.ID); err != nil {
				return err
			}
			// The row names the follow-up the attempt was made on, where its history is read.
			if err := c.auditWrite(ctx, tx, "create", "follow_up_attempt", followUpID); err != nil {
				return err
			}
			out = f
			return nil
		})
	})
	if err == nil && c.notes {
		if full, rerr := c.FollowUp(ctx, followUpID); rerr == nil {
			out = full
		}
	}
	return out, err
}

// ReassignFollowUp gives a follow-up to another user, if it is still at version (0:
// whatever it is). The assignee must be an active account of a role that makes
// follow-ups (care.CheckAssignee), checked in the same transaction so that an account
// disabled meanwhile is not handed work; otherwise a field error names assignee_id. A
// done follow-up is not reassigned (care.ErrFollowUpDone).
func (c *CareStore) ReassignFollowUp(ctx context.Context, id, assigneeID string, version int) (care.FollowUp, error) {
	var out care.FollowUp
	err := c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		f, err := c.loadFollowUp(ctx, tx, id)
		if err != nil {
			return err
		}
		if version != 0 && version != f.Version {
			return ErrConflict
		}
		handed := f.AssigneeID != assigneeID
		if err := f.Reassign(assigneeID); err != nil {
			return err
		}
		var u struct {
			Role     string `db:"role"`
			Disabled bool   `db:"disabled"`
		}
		if err := tx.GetContext(ctx, &u, `SELECT role, disabled FROM users WHERE id = $1`, assigneeID); errors.Is(err, sql.ErrNoRows) {
			return directory.FieldErrors{{Field: "assignee_id", Message: "no user with this id"}}
		} else if err != nil {
			return fmt.Errorf("store: find assignee: %w", err)
		}
		if err := care.CheckAssignee(u.Role, u.Disabled); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE follow_ups SET assignee_id = $3, version = version + 1 WHERE id = $1 AND version = $2`,
			id, f.Version, assigneeID)
		if err != nil {
			return fmt.Errorf("store: reassign follow-up: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrConflict
		}
		f.Version++
		out = f
		if handed {
			if err := queueFollowUpHanded(ctx, tx, id, assigneeID); err != nil {
				return err
			}
		}
		return c.auditWrite(ctx, tx, "reassign", "follow_up", id)
	})
	if err == nil {
		c.st.wakeOutbox()
	}
	return out, err
}
