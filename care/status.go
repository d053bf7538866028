package care

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"handoff/directory"
)

// Status is a referral's state, the closed-loop referral Task.status of HL7's Gravity
// SDOH Clinical Care implementation guide.
type Status string

// The referral statuses.
const (
	StatusDraft          Status = "draft"
	StatusRequested      Status = "requested"
	StatusAccepted       Status = "accepted"
	StatusRejected       Status = "rejected"
	StatusCancelled      Status = "cancelled"
	StatusInProgress     Status = "in-progress"
	StatusOnHold         Status = "on-hold"
	StatusCompleted      Status = "completed"
	StatusFailed         Status = "failed"
	StatusEnteredInError Status = "entered-in-error"
)

// Statuses lists every status, in the order a referral usually meets them.
func Statuses() []Status {
	return []Status{StatusDraft, StatusRequested, StatusAccepted, StatusRejected, StatusCancelled,
		StatusInProgress, StatusOnHold, StatusCompleted, StatusFailed, StatusEnteredInError}
}

// transitions is the state machine as DESIGN.md gives it: from each status, the statuses
// a referral may move to. Every status may also move to entered-in-error (see Allowed),
// which is how a referral recorded by mistake leaves the figures.
var transitions = map[Status][]Status{
	StatusDraft:      {StatusRequested},
	StatusRequested:  {StatusAccepted, StatusRejected, StatusCancelled},
	StatusAccepted:   {StatusInProgress, StatusOnHold, StatusCancelled, StatusCompleted, StatusFailed},
	StatusInProgress: {StatusOnHold, StatusCompleted, StatusFailed, StatusCancelled},
	StatusOnHold:     {StatusInProgress, StatusCompleted, StatusFailed, StatusCancelled},
	StatusRejected:   {},
	StatusCancelled:  {},
	StatusCompleted:  {},
	StatusFailed:     {},
	// entered-in-error is final: the record is void.
	StatusEnteredInError: {},
}

// needsReason are the statuses a move to which must say why.
var needsReason = map[Status]bool{StatusRejected: true, StatusCancelled: true, StatusOnHold: true, StatusFailed: true}

// Valid reports whether s is a status.
func (s Status) Valid() bool {
	_, ok := transitions[s]
	return ok
}

// Closed reports whether the referral's loop is closed: it ended, one way or another.
// entered-in-error is not closed; it never happened.
func (s Status) Closed() bool {
	switch s {
	case StatusCompleted, StatusFailed, StatusRejected, StatusCancelled:
		return true
	}
	return false
}

// Open reports whether the referral still waits on someone: it may still move to a
// status other than entered-in-error.
func (s Status) Open() bool { return len(transitions[s]) > 0 }

// NeedsReason reports whether a move to s must give a reason.
func (s Status) NeedsReason() bool { return needsReason[s] }

// Allowed returns the statuses a referral in status from may move to, entered-in-error
// last; nil for an unknown status.
func Allowed(from Status) []Status {
	next, ok := transitions[from]
	if !ok {
		return nil
	}
	out := slices.Clone(next)
	if from != StatusEnteredInError {
		out = append(out, StatusEnteredInError)
	}
	return out
}

// CanMove reports whether the state machine allows from → to.
func CanMove(from, to Status) bool { return slices.Contains(Allowed(from), to) }

// Outcome records what happened for the person, whatever the status says.
type Outcome string

// The outcome codes.
const (
	OutcomeGotHelp            Outcome = "got-help"
	OutcomeCouldNotContact    Outcome = "could-not-contact"
	OutcomeNotEligible        Outcome = "not-eligible"
	OutcomeNoCapacity         Outcome = "no-capacity"
	OutcomeNoLongerInterested Outcome = "no-longer-interested"
	OutcomeReferredElsewhere  Outcome = "referred-elsewhere"
)

// Outcomes lists every outcome code.
func Outcomes() []Outcome {
	return []Outcome{OutcomeGotHelp, OutcomeCouldNotContact, OutcomeNotEligible, OutcomeNoCapacity,
		OutcomeNoLongerInterested, OutcomeReferredElsewhere}
}

// Valid reports whether o is an outcome code; the empty outcome is valid (none yet).
func (o Outcome) Valid() bool { return o == "" || slices.Contains(Outcomes(), o) }

// Move is one transition of a referral, kept for ever: who moved it, when, from what to
// what, why, and with what outcome. Version is the referral's version after the move; the
// first move (From empty) is the referral's creation.
type Move struct {
	From    Status    `json:"from,omitempty"`
	To      Status    `json:"to"`
	Reason  string    `json:"reason,omitempty"`
	Outcome Outcome   `json:"outcome,omitempty"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
	Version int       `json:"version"`
}

// ErrIllegalTransition is what a *TransitionError matches with errors.Is.
var ErrIllegalTransition = errors.New("the referral cannot move to that status")

// TransitionError is a move the state machine forbids. It carries the statuses that
// are allowed from where the referral is, for the 409 answer to list.
type TransitionError struct {
	From, To Status
	Allowed  []Status
}

// Error says which move was refused and what is allowed instead.
func (e *TransitionError) Error() string {
	next := "none: the referral is final"
	if len(e.Allowed) > 0 {
		next = strings.Join(strs(e.Allowed), ", ")
	}
	return fmt.Sprintf("a %s referral cannot move to %s (allowed: %s)", e.From, e.To, next)
}

// Is makes errors.Is(err, ErrIllegalTransition) true.
func (e *TransitionError) Is(target error) bool { return target == ErrIllegalTransition }

// CheckTransition decides whether a referral in status from may move to with the reason
// and outcome, without changing anything. A bad request (an unknown status or outcome, a
// missing reason) is directory.FieldErrors (400); a move the machine forbids is a
// *TransitionError (409).
func CheckTransition(from, to Status, reason string, outcome Outcome) error {
	var c checker
	if !to.Valid() {
		c.oneOf("to", string(to), strs(Statuses()), true)
	}
	if !outcome.Valid() {
		c.oneOf("outcome", string(outcome), strs(Outcomes()), false)
	}
	c.text("reason", reason, MaxReason, false)
	if err := c.err(); err != nil {
		return err
	}
	if !CanMove(from, to) {
		return &TransitionError{From: from, To: to, Allowed: Allowed(from)}
	}
	if to.NeedsReason() && strings.TrimSpace(reason) == "" {
		return directory.FieldErrors{{Field: "reason", Message: fmt.Sprintf("is required when moving to %s", to)}}
	}
	return nil
}

// Transition moves the referral to status to, if the state machine allows it, and
// appends the move to its history. The outcome, when given, replaces the referral's; a
// completion without one records got-help; the outcome the referral is left with must
// fit its status (CheckOutcome), or the move is refused with a field error.
// ref.Version is not changed here: the store bumps it when it writes the move, so that
// two concurrent moves from the same version cannot both win.
func Transition(r *Referral, to Status, reason string, outcome Outcome, who string, at time.Time) error {
	reason = strings.TrimSpace(reason)
	if err := CheckTransition(r.Status, to, reason, outcome); err != nil {
		return err
	}
	// A completion says the person got help (see outcomeEnds); and the referral's
	// outcome after the move must fit its status, whichever move set it.
	if to == StatusCompleted && outcome == "" {
		outcome = OutcomeGotHelp
	}
	after := r.Outcome
	if outcome != "" {
		after = outcome
	}
	if err := CheckOutcome(to, after); err != nil {
		return err
	}
	t := Move{From: r.Status, To: to, Reason: reason, Outcome: outcome, By: who, At: at, Version: r.Version + 1}
	r.History = append(r.History, t)
	r.Status = to
	if outcome != "" {
		r.Outcome = outcome
	}
	r.StatusReason = reason
	r.UpdatedAt = at
	switch {
	case to == StatusRequested && r.RequestedAt.IsZero():
		r.RequestedAt = at
	case to == StatusAccepted && r.AcceptedAt.IsZero():
		r.AcceptedAt = at
	}
	if to.Closed() {
		r.ClosedAt = at
	}
	return nil
}

// ShowsAgencyPerson reports whether a referral in status s may show its receiving agency
// the person and the note (consent permitting): not while it is a draft (not yet sent),
// nor once it was cancelled or entered in error (withdrawn or void).
func (s Status) ShowsAgencyPerson() bool {
	switch s {
	case StatusDraft, StatusCancelled, StatusEnteredInError:
		return false
	}
	return true
}

// AgencySees reports whether the receiving agency sees a referral in status s at all: a
// draft is the program's until it is requested.
func (s Status) AgencySees() bool { return s != StatusDraft }

// RevokesLink reports whether a move to s ends the referral's agency link: a cancelled
// or voided referral is no longer the agency's to open.
func (s Status) RevokesLink() bool { return s == StatusCancelled || s == StatusEnteredInError }

// LinkReissuable reports whether a referral in status s may be given a fresh agency link:
// only while its loop is open and it is sent (not a draft, not closed, not void).
func (s Status) LinkReissuable() bool {
	return s != StatusDraft && s != StatusEnteredInError && !s.Closed()
}

// ReasonForAgency is the reason of move m as the referral's receiving agency may read
// it. The program's reasons are free text about the person: the agency reads them only
// while a consent covers it (shared), its own reasons always, and the reason a referral
// was entered in error never (it is about a record that should not exist).
func ReasonForAgency(m Move, shared, byAgency bool) string {
	if m.To == StatusEnteredInError {
		return ""
	}
	if shared || byAgency {
		return m.Reason
	}
	return ""
}

// ErrLinkNotReissuable refuses a fresh agency link to a referral that is not sent, or
// whose loop is closed, or that is void (see Status.LinkReissuable).
var ErrLinkNotReissuable = errors.New("only a sent, open referral can be given a new agency link; a draft, closed, cancelled or voided one cannot")
