package care

import (
	"fmt"

	"handoff/directory"
)

// What an outcome means for how the referral ends (issue 11, finding 16). An outcome
// says what happened for the person; only one says they got the help they were sent
// for, and only that one may end a referral as completed. The rule table:
//
//	outcome                   ends the referral as (not yet accepted → accepted)
//	got-help                  completed            (only once accepted)
//	no-capacity               rejected             → failed
//	not-eligible              rejected             → failed
//	could-not-contact         rejected             → failed
//	no-longer-interested      rejected             → failed
//	referred-elsewhere        rejected             → failed
//
// Before it accepts, an agency can only decline (rejected); after, a referral that did
// not help ends as failed. The program may also cancel a referral with any outcome but
// got-help. CheckOutcome enforces the table on every closed referral: the store refuses
// a move that would leave completed with another outcome, or rejected, failed or
// cancelled with got-help, and a completion that gives no outcome records got-help.
var outcomeEnds = map[Outcome][]Status{
	OutcomeGotHelp:            {StatusCompleted},
	OutcomeNoCapacity:         {StatusRejected, StatusFailed, StatusCancelled},
	OutcomeNotEligible:        {StatusRejected, StatusFailed, StatusCancelled},
	OutcomeCouldNotContact:    {StatusRejected, StatusFailed, StatusCancelled},
	OutcomeNoLongerInterested: {StatusRejected, StatusFailed, StatusCancelled},
	OutcomeReferredElsewhere:  {StatusRejected, StatusFailed, StatusCancelled},
}

// EndFor is the status a referral in status from ends with when its agency reports
// outcome o: completed for got-help, otherwise rejected while it is not yet accepted
// (requested) and failed once it is. The caller still asks the state machine
// (CheckTransition), which refuses got-help before acceptance.
func EndFor(o Outcome, from Status) Status {
	switch {
	case o == OutcomeGotHelp:
		return StatusCompleted
	case from == StatusRequested || from == StatusDraft:
		return StatusRejected
	}
	return StatusFailed
}

// CheckOutcome decides whether a referral may stand in status s with outcome o, by the
// table above: a closed referral's outcome must be one its status may end with. Open
// referrals may carry an interim outcome (on hold after failing to reach someone), and
// a referral entered in error carries whatever it had. It returns a field error naming
// outcome (400), or nil.
func CheckOutcome(s Status, o Outcome) error {
	if o == "" || !s.Closed() {
		return nil
	}
	for _, end := range outcomeEnds[o] {
		if end == s {
			return nil
		}
	}
	msg := fmt.Sprintf("%s cannot end a referral as %s", o, s)
	switch {
	case s == StatusCompleted:
		msg = fmt.Sprintf("a completed referral's outcome is %s: %s means the person did not get help here, so the referral is %s or %s",
			OutcomeGotHelp, o, StatusRejected, StatusFailed)
	case o == OutcomeGotHelp:
		msg = fmt.Sprintf("%s ends a referral as %s, not %s: give what happened instead", OutcomeGotHelp, StatusCompleted, s)
	}
	return directory.FieldErrors{{Field: "outcome", Message: msg}}
}

// Helped reports whether a referral in status s with outcome o counts as done in the
// completion rate: completed with got-help. A completed referral with no outcome was
// recorded before completions recorded one, and completed then meant delivered; a
// completed one whose outcome says otherwise (allowed before this rule) does not count.
func Helped(s Status, o Outcome) bool {
	return s == StatusCompleted && (o == OutcomeGotHelp || o == "")
}
