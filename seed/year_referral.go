package seed

import (
	"fmt"
	"time"

	"handoff/care"
	"handoff/directory"
)

// yearReferral makes a referral from the encounter, logged by the peer, and moves it
// along the days after as GenerateActivity's referrals move: most complete, some stall,
// some are declined or fail.
func (y *year) yearReferral(e *care.Encounter, s care.Shift) error {
	r := y.r
	need := "crisis"
	if len(e.PresentingNeeds) > 0 {
		need = e.PresentingNeeds[r.IntN(len(e.PresentingNeeds))]
	}
	ts := y.targets[need]
	if len(ts) == 0 {
		ts, need = y.targets["crisis"], "crisis"
	}
	t := ts[r.IntN(len(ts))]
	at := e.OccurredAt.Add(time.Duration(10+r.IntN(40)) * time.Minute)
	peer := s.UserID
	ref := care.Referral{ID: directory.NewID(), PersonID: e.PersonID, EncounterID: e.ID, ServiceID: t.id, OrganizationID: t.org,
		Need: need, LevelOfCare: e.AssessedLevelOfCare, Mode: care.ModeLogged, Status: care.StatusRequested, ShiftID: s.ID,
		CreatedBy: peer, CreatedAt: at, RequestedAt: at,
		History: []care.Move{{To: care.StatusRequested, By: peer, At: at, Version: 1}}}
	if y.notes && r.IntN(2) == 0 {
		ref.Note = pickOne(r, referralNotes)
	}
	type step struct {
		to      care.Status
		reason  string
		outcome care.Outcome
	}
	var path []step
	switch x := r.IntN(100); {
	case x < 50:
		path = []step{{care.StatusAccepted, "", ""}, {care.StatusInProgress, "", ""}, {care.StatusCompleted, "", care.OutcomeGotHelp}}
	case x < 58:
		path = []step{{care.StatusAccepted, "", ""}, {care.StatusFailed, "Referred to another program", care.OutcomeReferredElsewhere}}
	case x < 70:
		path = []step{{care.StatusRejected, pickOne(r, []string{"No beds available", "Not eligible for this program", "Outside our service area"}),
			pickOne(r, []care.Outcome{care.OutcomeNoCapacity, care.OutcomeNotEligible})}}
	case x < 80:
		path = []step{{care.StatusAccepted, "", ""}, {care.StatusFailed, "Could not reach the person after three tries", care.OutcomeCouldNotContact}}
	case x < 86:
		path = []step{{care.StatusCancelled, "Person no longer interested", care.OutcomeNoLongerInterested}}
	case x < 92:
		path = []step{{care.StatusAccepted, "", ""}, {care.StatusOnHold, "Waiting for ID documents", ""}}
	default:
		// Stalls: nobody answers it.
	}
	when := at
	for _, st := range path {
		when = when.Add(time.Duration(2+r.IntN(70)) * time.Hour)
		if !when.Before(y.opt.To) {
			break
		}
		ref.Version = len(ref.History)
		if err := care.Transition(&ref, st.to, st.reason, st.outcome, peer, when); err != nil {
			return fmt.Errorf("seed: generated move: %w", err)
		}
		y.sum.Moves++
	}
	ref.Version = len(ref.History)
	ref.UpdatedAt = ref.History[len(ref.History)-1].At
	y.load.Referrals = append(y.load.Referrals, ref)
	y.sum.Referrals++
	return nil
}
