package care

import (
	"errors"
	"time"
)

// FollowUpWindow is how soon after a call a contact (a follow-up attempt, a referral, a
// follow-up visit) must come to count as following it up: the rule behind an
// encounter's FollowedUpAt and the measures' followed-up counts.
const FollowUpWindow = 7 * 24 * time.Hour

// FollowUpStatus is where a follow-up stands.
type FollowUpStatus string

// The follow-up statuses.
const (
	FollowUpOpen    FollowUpStatus = "open"
	FollowUpDone    FollowUpStatus = "done"
	FollowUpFlagged FollowUpStatus = "flagged" // for a coordinator: repeated attempts failed
)

// FollowUpStatuses lists the statuses.
func FollowUpStatuses() []FollowUpStatus {
	return []FollowUpStatus{FollowUpOpen, FollowUpDone, FollowUpFlagged}
}

// Channel is how a follow-up attempt reached out.
type Channel string

// The attempt channels.
const (
	ChannelPhone    Channel = "phone"
	ChannelText     Channel = "text"
	ChannelInPerson Channel = "in_person"
	ChannelVideo    Channel = "video"
)

// Channels lists the channels.
func Channels() []Channel { return []Channel{ChannelPhone, ChannelText, ChannelInPerson, ChannelVideo} }

// AttemptOutcome is what came of a follow-up attempt.
type AttemptOutcome string

// The attempt outcomes.
const (
	AttemptReached     AttemptOutcome = "reached"
	AttemptNoAnswer    AttemptOutcome = "no_answer"
	AttemptLeftMessage AttemptOutcome = "left_message"
	AttemptWrongNumber AttemptOutcome = "wrong_number"
	AttemptDeclined    AttemptOutcome = "declined"
)

// AttemptOutcomes lists the outcomes.
func AttemptOutcomes() []AttemptOutcome {
	return []AttemptOutcome{AttemptReached, AttemptNoAnswer, AttemptLeftMessage, AttemptWrongNumber, AttemptDeclined}
}

// Failed reports whether the attempt did not reach the person. A person who answered and
// declined was reached: their no is respected, not retried.
func (o AttemptOutcome) Failed() bool {
	return o == AttemptNoAnswer || o == AttemptLeftMessage || o == AttemptWrongNumber
}

// Closes reports whether the attempt ends the follow-up: the person was reached (or
// reached and declined).
func (o AttemptOutcome) Closes() bool { return o == AttemptReached || o == AttemptDeclined }

// FlagAfter is how many failed attempts flag a follow-up for a coordinator.
const FlagAfter = 3

// FollowUp is a contact due with a person, usually the day after an encounter.
type FollowUp struct {
	ID          string         `json:"id"`
	PersonID    string         `json:"person_id"`
	EncounterID string         `json:"encounter_id,omitempty"`
	AssigneeID  string         `json:"assignee_id"`
	DueAt       time.Time      `json:"due_at"`
	Status      FollowUpStatus `json:"status"`
	Attempts    []Attempt      `json:"attempts"`
	CreatedBy   string         `json:"created_by,omitempty"`
	CreatedAt   time.Time      `json:"created_at,omitzero"`
	ClosedAt    time.Time      `json:"closed_at,omitzero"`
	// Version counts changes, for optimistic concurrency.
	Version int `json:"version"`
	// Person is who the follow-up is with, as a list shows them beside it: filled only in
	// lists asked for it (store.FollowUpFilter.WithPeople), for readers who may read
	// people; nil otherwise.
	Person *PersonBrief `json:"person,omitempty"`
}

// FollowUpBrief is a follow-up as a coordinator hands it to a colleague: when it is due,
// whose it is, its status and how many attempts it has had, and its version for the
// If-Match of the change. No person (not even their id) and no notes: assigning needs neither, so the
// dashboard's lists neither read nor carry them.
type FollowUpBrief struct {
	ID         string         `json:"id"`
	AssigneeID string         `json:"assignee_id"`
	DueAt      time.Time      `json:"due_at"`
	Status     FollowUpStatus `json:"status"`
	Attempts   int            `json:"attempts"`
	Version    int            `json:"version"`
}

// Attempt is one try at a follow-up. The shift it was made in is filled by the store.
type Attempt struct {
	ID         string         `json:"id"`
	FollowUpID string         `json:"follow_up_id"`
	At         time.Time      `json:"at"`
	Channel    Channel        `json:"channel"`
	Outcome    AttemptOutcome `json:"outcome"`
	// Note is sealed at rest.
	Note    string `json:"note,omitempty"`
	By      string `json:"by,omitempty"`
	ShiftID string `json:"shift_id,omitempty"`
}

// ErrFollowUpDone means an attempt was logged on a follow-up that is already done:
// schedule a new follow-up instead.
var ErrFollowUpDone = errors.New("the follow-up is done: schedule a new one")

// DefaultDue is when the follow-up of an encounter at time at is due by default: the
// start of the next day in the program's time zone, so that it is on the peer's list for
// the whole of that day and overdue only once the day has passed.
func DefaultDue(at time.Time, zone *time.Location) time.Time {
	if zone == nil {
		zone = time.UTC
	}
	l := at.In(zone)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, zone)
}

// FollowUpFor schedules the follow-up of an encounter: due the next day, assigned to the
// user who recorded it.
func FollowUpFor(e *Encounter, zone *time.Location) FollowUp {
	return FollowUp{PersonID: e.PersonID, EncounterID: e.ID, AssigneeID: e.RecordedBy,
		DueAt: DefaultDue(e.OccurredAt, zone), Status: FollowUpOpen, CreatedBy: e.RecordedBy}
}

// ValidateFollowUp checks a new follow-up and returns every bad field as
// directory.FieldErrors, or nil.
func ValidateFollowUp(f *FollowUp) error {
	var c checker
	c.id("id", f.ID, false)
	c.id("person_id", f.PersonID, true)
	c.id("encounter_id", f.EncounterID, false)
	c.id("assignee_id", f.AssigneeID, true)
	if f.DueAt.IsZero() {
		c.add("due_at", "is required")
	}
	c.oneOf("status", string(f.Status), strs(FollowUpStatuses()), true)
	return c.err()
}

// NormalizeAttempt lower-cases the codes and trims the note.
func NormalizeAttempt(a *Attempt) {
	a.Channel = Channel(lower(string(a.Channel)))
	a.Outcome = AttemptOutcome(lower(string(a.Outcome)))
	a.Note = clean(a.Note)
}

// ValidateAttempt checks an attempt at time now and returns every bad field as
// directory.FieldErrors, or nil.
func ValidateAttempt(a *Attempt, now time.Time) error {
	var c checker
	c.oneOf("channel", string(a.Channel), strs(Channels()), true)
	c.oneOf("outcome", string(a.Outcome), strs(AttemptOutcomes()), true)
	if a.At.IsZero() {
		c.add("at", "is required")
	} else if !now.IsZero() && a.At.After(now.Add(ClockSkew)) {
		c.add("at", "is in the future")
	}
	c.text("note", a.Note, MaxNotes, false)
	return c.err()
}

// FailedAttempts counts the attempts that did not reach the person.
func (f *FollowUp) FailedAttempts() int {
	n := 0
	for _, a := range f.Attempts {
		if a.Outcome.Failed() {
			n++
		}
	}
	return n
}

// AddAttempt records an attempt and applies the rules: reaching the person closes the
// follow-up; the third failed attempt flags it for a coordinator (it stays on the
// assignee's list, and a later reached attempt still closes it). An attempt on a done
// follow-up is refused with ErrFollowUpDone.
func (f *FollowUp) AddAttempt(a Attempt) error {
	if f.Status == FollowUpDone {
		return ErrFollowUpDone
	}
	if err := ValidateAttempt(&a, time.Time{}); err != nil {
		return err
	}
	a.FollowUpID = f.ID
	f.Attempts = append(f.Attempts, a)
	switch {
	case a.Outcome.Closes():
		f.Status, f.ClosedAt = FollowUpDone, a.At
	case f.FailedAttempts() >= FlagAfter:
		f.Status = FollowUpFlagged
	}
	return nil
}

// Due selects follow-ups by when they are due, relative to today in the program's zone.
type Due string

// The due windows of the follow-up list.
const (
	DueToday    Due = "today"
	DueOverdue  Due = "overdue"
	DueUpcoming Due = "upcoming"
	DueAll      Due = ""
)

// DueWindow returns the range of due_at that a window selects at time now: [from, to),
// either end zero when open. Today is the calendar day of now in the zone.
func DueWindow(d Due, now time.Time, zone *time.Location) (from, to time.Time, ok bool) {
	if zone == nil {
		zone = time.UTC
	}
	l := now.In(zone)
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, zone)
	tomorrow := time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, zone)
	switch d {
	case DueToday:
		return today, tomorrow, true
	case DueOverdue:
		return time.Time{}, today, true
	case DueUpcoming:
		return tomorrow, time.Time{}, true
	case DueAll:
		return time.Time{}, time.Time{}, true
	}
	return time.Time{}, time.Time{}, false
}
