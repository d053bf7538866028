package care

import (
	"errors"
	"testing"
	"time"

	"handoff/directory"
)

// TestOutcomeFitsStatus: an outcome that means the person did not get help never ends a
// referral as completed; got-help never ends one as rejected, failed or cancelled; a
// completion without an outcome records got-help; the agency's outcome picks the end
// (rejected before acceptance, failed after). That the completion rate counts only the
// referrals that helped is care/measures' TestCompletionRateCountsHelped.
func TestOutcomeFitsStatus(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	notHelped := []Outcome{OutcomeNoCapacity, OutcomeNotEligible, OutcomeCouldNotContact, OutcomeNoLongerInterested, OutcomeReferredElsewhere}
	refusedOutcome := func(err error) bool {
		var fe directory.FieldErrors
		return errors.As(err, &fe) && len(fe) == 1 && fe[0].Field == "outcome"
	}
	for _, from := range []Status{StatusAccepted, StatusInProgress, StatusOnHold} {
		for _, o := range notHelped {
			ref := &Referral{Status: from, Version: 2}
			if err := Transition(ref, StatusCompleted, "", o, "u", at); !refusedOutcome(err) || ref.Status != from {
				t.Errorf("%s → completed with %s: %v, status %s; want refused naming outcome", from, o, err, ref.Status)
			}
			if got := EndFor(o, from); got != StatusFailed {
				t.Errorf("EndFor(%s, %s) = %s, want failed", o, from, got)
			}
			ref = &Referral{Status: from, Version: 2}
			if err := Transition(ref, EndFor(o, from), "No room tonight", o, "u", at); err != nil || ref.Outcome != o {
				t.Errorf("%s → failed with %s: %v", from, o, err)
			}
		}
		for _, to := range []Status{StatusFailed, StatusCancelled} {
			ref := &Referral{Status: from, Version: 2}
			if err := Transition(ref, to, "why", OutcomeGotHelp, "u", at); !refusedOutcome(err) {
				t.Errorf("%s → %s with got-help: %v, want refused", from, to, err)
			}
			// An earlier move's got-help is not carried into a failure either.
			ref = &Referral{Status: from, Outcome: OutcomeGotHelp, Version: 2}
			if err := Transition(ref, to, "why", "", "u", at); !refusedOutcome(err) {
				t.Errorf("%s → %s keeping got-help: %v, want refused", from, to, err)
			}
		}
		ref := &Referral{Status: from, Outcome: OutcomeCouldNotContact, Version: 2}
		if err := Transition(ref, StatusCompleted, "", "", "u", at); err != nil || ref.Outcome != OutcomeGotHelp || ref.History[0].Outcome != OutcomeGotHelp {
			t.Errorf("%s → completed without an outcome: %v, outcome %q; want got-help", from, err, ref.Outcome)
		}
	}
	for _, o := range notHelped {
		if got := EndFor(o, StatusRequested); got != StatusRejected {
			t.Errorf("EndFor(%s, requested) = %s, want rejected", o, got)
		}
		ref := &Referral{Status: StatusRequested, Version: 1}
		if err := Transition(ref, StatusRejected, "Full", o, "u", at); err != nil {
			t.Errorf("requested → rejected with %s: %v", o, err)
		}
	}
	if got := EndFor(OutcomeGotHelp, StatusAccepted); got != StatusCompleted {
		t.Errorf("EndFor(got-help) = %s", got)
	}
	ref := &Referral{Status: StatusRequested, Version: 1}
	if err := Transition(ref, StatusRejected, "why", OutcomeGotHelp, "u", at); !refusedOutcome(err) {
		t.Errorf("requested → rejected with got-help: %v", err)
	}
	// Open referrals may carry an interim outcome; a void one whatever it had.
	for _, c := range []struct {
		s Status
		o Outcome
	}{{StatusOnHold, OutcomeCouldNotContact}, {StatusInProgress, OutcomeGotHelp}, {StatusEnteredInError, OutcomeNoCapacity}} {
		if err := CheckOutcome(c.s, c.o); err != nil {
			t.Errorf("CheckOutcome(%s, %s): %v", c.s, c.o, err)
		}
	}

}
