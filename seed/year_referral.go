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
	t, at := y.referralTo(e)
	peer := s.UserID
	ref := care.Referral{ID: directory.NewID(), PersonID: e.PersonID, EncounterID: e.ID, ServiceID: t.id, OrganizationID: t.org,
		Need: t.need, LevelOfCare: e.AssessedLevelOfCare, Mode: care.ModeLogged, Status: care.StatusRequested, ShiftID: s.ID,
		CreatedBy: peer, CreatedAt: at, RequestedAt: at,
		History: []care.Move{{To: care.StatusRequested, By: peer, At: at, Version: 1}}}
	if y.notes && y.r.IntN(2) == 0 {
		ref.Note = pickOne(y.r, referralNotes)
	}
	err := y.moveAlong(at, peer, peer, func(st step, when time.Time) error {
		ref.Version = len(ref.History)
		if err := care.Transition(&ref, st.to, st.reason, st.outcome, st.by, when); err != nil {
			return fmt.Errorf("seed: generated move: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	ref.Version = len(ref.History)
	ref.UpdatedAt = ref.History[len(ref.History)-1].At
	y.load.Referrals = append(y.load.Referrals, ref)
	y.sum.Referrals++
	return nil
}
