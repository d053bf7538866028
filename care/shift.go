package care

import (
	"errors"
	"time"
)

// Shift is a peer's working period. Encounters, follow-up attempts and referrals a user
// makes between StartedAt and EndedAt belong to the shift; an open shift has a zero
// EndedAt. A user has at most one open shift.
type Shift struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	StartedAt time.Time `json:"started_at"`
	EndedAt   time.Time `json:"ended_at,omitzero"`
	// Counts, filled when shifts are listed.
	Encounters   int `json:"encounters"`
	Attempts     int `json:"follow_up_attempts"`
	Referrals    int `json:"referrals"`
	Interactions int `json:"interactions"`
}

// ErrShiftOpen means the user already has an open shift.
var ErrShiftOpen = errors.New("a shift is already open: end it first")

// ErrNoOpenShift means the user has no open shift to end.
var ErrNoOpenShift = errors.New("no open shift")

// MaxShift is the longest a shift may run; a shift left open for days is a forgotten
// "end", and counting a week of work into it would distort the measures.
const MaxShift = 24 * time.Hour

// Open reports whether the shift has not ended.
func (s Shift) Open() bool { return s.EndedAt.IsZero() }

// ShiftLeadIn is how long before an open shift's start an interaction recorded during
// it still counts in it: a peer who starts the shift as the phone rings, or whose
// phone's clock is a minute behind the server's, records the call at a time just before
// the start. Fifteen minutes is more than a clock's drift (ClockSkew is ten) and less
// than a call; a shift that has ended takes nothing before its start.
const ShiftLeadIn = 15 * time.Minute

// Takes reports whether an interaction at time at, recorded now, counts in the shift:
// the shift covers at, or the shift is still open and at is at most ShiftLeadIn
// before its start.
func (s Shift) Takes(at time.Time) bool {
	return s.Covers(at) || s.Open() && at.Before(s.StartedAt) && !at.Before(s.StartedAt.Add(-ShiftLeadIn))
}

// Covers reports whether time at falls within the shift.
func (s Shift) Covers(at time.Time) bool {
	return !at.Before(s.StartedAt) && (s.EndedAt.IsZero() || !at.After(s.EndedAt))
}

// End closes the shift at time at, which must not be before its start.
func (s *Shift) End(at time.Time) error {
	if !s.Open() {
		return ErrNoOpenShift
	}
	if at.Before(s.StartedAt) {
		return errors.New("care: a shift cannot end before it starts")
	}
	s.EndedAt = at
	return nil
}

// Count fills Interactions: encounters and follow-up attempts, the program's
// "interactions during each shift, including follow-up contacts". Referrals are made
// within those interactions and are counted apart.
func (s *Shift) Count() { s.Interactions = s.Encounters + s.Attempts }
