package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

type shiftRow struct {
	ID         string `db:"id"`
	UserID     string `db:"user_id"`
	StartedAt  string `db:"started_at"`
	EndedAt    string `db:"ended_at"`
	Encounters int    `db:"encounters"`
	Attempts   int    `db:"attempts"`
	Referrals  int    `db:"referrals"`
}

func (r shiftRow) shift() care.Shift {
	s := care.Shift{ID: r.ID, UserID: r.UserID, StartedAt: optTime(r.StartedAt), EndedAt: optTime(r.EndedAt),
		Encounters: r.Encounters, Attempts: r.Attempts, Referrals: r.Referrals}
	s.Count()
	return s
}

const (
	// shiftCountedCols are a shift's columns with its counts: the encounters the user
	// recorded or answered during the shift (each once: see encounter_responders), the
	// follow-up attempts and the referrals made during it. Correlated counts use the
	// shift_id indexes, so a page costs a few index probes per shift.
	shiftCountedCols = `s.id, s.user_id, s.started_at, s.ended_at,
	(SELECT count(*) FROM encounters e WHERE e.shift_id = s.id)
	  + (SELECT count(*) FROM encounter_responders er WHERE er.shift_id = s.id) AS encounters,
	(SELECT count(*) FROM follow_up_attempts a WHERE a.shift_id = s.id) AS attempts,
	(SELECT count(*) FROM referrals r WHERE r.shift_id = s.id) AS referrals`
	// shiftCounted selects shifts with their counts (shiftCountedCols).
	shiftCounted = `SELECT ` + shiftCountedCols + `
	FROM shifts s`
)

// StartShift opens a shift for the user at time at. A user has one open shift at a
// time (care.ErrShiftOpen); a shift left open longer than care.MaxShift is taken to have
// been forgotten and is ended at its start plus care.MaxShift first.
func (c *CareStore) StartShift(ctx context.Context, userID string, at time.Time) (care.Shift, error) {
	at = careNow(at)
	s := care.Shift{ID: directory.NewID(), UserID: userID, StartedAt: at}
	err := c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		open, err := openShift(ctx, tx, userID)
		switch {
		case errors.Is(err, care.ErrNoOpenShift):
		case err != nil:
			return err
		case at.Sub(open.StartedAt) < care.MaxShift:
			return care.ErrShiftOpen
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE shifts SET ended_at = $2 WHERE id = $1`,
				open.ID, formatTime(open.StartedAt.Add(care.MaxShift))); err != nil {
				return fmt.Errorf("store: end forgotten shift: %w", err)
			}
		}
		var one int
		if err := tx.GetContext(ctx, &one, `SELECT 1 FROM users WHERE id = $1`, userID); errors.Is(err, sql.ErrNoRows) {
			return directory.FieldErrors{{Field: "user_id", Message: "no user with this id"}}
		} else if err != nil {
			return fmt.Errorf("store: find user: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO shifts (id, user_id, started_at) VALUES ($1, $2, $3)`,
			s.ID, userID, formatTime(at)); err != nil {
			// The unique index on open shifts settles a race between two starts.
			if strings.Contains(strings.ToLower(err.Error()), "unique") {
				return care.ErrShiftOpen
			}
			return fmt.Errorf("store: start shift: %w", err)
		}
		return c.auditWrite(ctx, tx, "start", "shift", s.ID)
	})
	return s, err
}

// EndShift ends the user's open shift at time at (at most care.MaxShift after its start)
// and returns it with its counts.
func (c *CareStore) EndShift(ctx context.Context, userID string, at time.Time) (care.Shift, error) {
	at = careNow(at)
	var id string
	err := c.st.inTx(ctx, func(tx *sqlx.Tx) error {
		open, err := openShift(ctx, tx, userID)
		if err != nil {
			return err
		}
		if err := open.End(at); err != nil {
			return directory.FieldErrors{{Field: "at", Message: "is before the shift started"}}
		}
		// A shift ended more than MaxShift after its start was forgotten: it is taken to
		// have lasted MaxShift, which also bounds where the measures look for its work.
		if limit := open.StartedAt.Add(care.MaxShift); at.After(limit) {
			at = limit
		}
		id = open.ID
		if _, err := tx.ExecContext(ctx, `UPDATE shifts SET ended_at = $2 WHERE id = $1`, open.ID, formatTime(at)); err != nil {
			return fmt.Errorf("store: end shift: %w", err)
		}
		return c.auditWrite(ctx, tx, "end", "shift", open.ID)
	})
	if err != nil {
		return care.Shift{}, err
	}
	return c.Shift(ctx, id)
}

// OpenShift returns the user's open shift with its counts so far, or care.ErrNoOpenShift.
func (c *CareStore) OpenShift(ctx context.Context, userID string) (care.Shift, error) {
	s, err := openShift(ctx, c.db, userID)
	if err != nil {
		return s, err
	}
	return c.Shift(ctx, s.ID)
}

func openShift(ctx context.Context, q careQueryer, userID string) (care.Shift, error) {
	var r shiftRow
	err := q.GetContext(ctx, &r, `SELECT id, user_id, started_at, ended_at FROM shifts WHERE user_id = $1 AND ended_at = ''`, userID)
	if errors.Is(err, sql.ErrNoRows) {
		return care.Shift{}, care.ErrNoOpenShift
	}
	if err != nil {
		return care.Shift{}, fmt.Errorf("store: find open shift: %w", err)
	}
	return r.shift(), nil
}

// Shift loads a shift with its counts.
func (c *CareStore) Shift(ctx context.Context, id string) (care.Shift, error) {
	var r shiftRow
	err := c.db.GetContext(ctx, &r, shiftCounted+` WHERE s.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return care.Shift{}, ErrNotFound
	}
	if err != nil {
		return care.Shift{}, fmt.Errorf("store: load shift: %w", err)
	}
	return r.shift(), nil
}

// ShiftFilter narrows a list of shifts by user and by start: From inclusive, To
// exclusive; zero fields do not filter.
type ShiftFilter struct {
	UserID   string
	From, To time.Time
}

func (f ShiftFilter) where() (string, []any) {
	var c conds
	c.eq("s.user_id", f.UserID)
	if !f.From.IsZero() {
		c.add("s.started_at >= $%d", formatTime(f.From))
	}
	if !f.To.IsZero() {
		c.add("s.started_at < $%d", formatTime(f.To))
	}
	return c.where()
}

// Shifts returns one page of matching shifts with their counts, latest first, and the
// number of matches.
func (c *CareStore) Shifts(ctx context.Context, f ShiftFilter, p Page) ([]care.Shift, int, error) {
	where, args := f.where()
	rows, total, err := selectPage[shiftRow](ctx, c.db, listQuery{what: "shifts", from: "shifts s", cols: shiftCountedCols,
		where: where, args: args, order: "s.started_at DESC, s.id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]care.Shift, len(rows))
	for i, r := range rows {
		out[i] = r.shift()
	}
	return out, total, nil
}
