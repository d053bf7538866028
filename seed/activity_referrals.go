package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"handoff/care"
	"handoff/store"
)

// referral makes a referral from the encounter and moves it along the days after: most
// complete, some stall, some are declined or fail.
func (g *activity) referral(ctx context.Context, peer string, e *care.Encounter, person int) error {
	r := g.r
	t, at := g.referralTo(e)
	ref := care.Referral{PersonID: e.PersonID, EncounterID: e.ID, ServiceID: t.id, Need: t.need, Mode: care.ModeLogged,
		CreatedBy: peer, CreatedAt: at}
	if person >= 0 && r.IntN(2) == 0 {
		if err := g.consent(ctx, peer, person, at.Add(-5*time.Minute)); err != nil {
			return err
		}
		ref.Mode = care.ModeLive
	}
	if g.notes && r.IntN(2) == 0 {
		ref.Note = pickOne(r, referralNotes)
	}
	care.NormalizeReferral(&ref)
	if err := care.ValidateReferral(&ref); err != nil {
		return fmt.Errorf("seed: demo referral is invalid: %w", err)
	}
	if err := g.c.CreateReferral(ctx, &ref); err != nil {
		return fmt.Errorf("seed: referral: %w", err)
	}
	g.sum.Referrals++
	// A live referral is answered by the agency through its link; a logged one is kept
	// up to date by the peer who made it.
	agency := peer
	if ref.Mode == care.ModeLive {
		agency = care.LinkActor
	}
	return g.moveAlong(at, peer, agency, func(s step, when time.Time) error {
		if _, err := g.c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: s.to, Reason: s.reason, Outcome: s.outcome, By: s.by, At: when}); err != nil {
			return fmt.Errorf("seed: move referral: %w", err)
		}
		return nil
	})
}

// referralTo picks the service a referral from e goes to, for one of its needs (crisis
// when no service meets that need), and when it is made: 10 to 50 minutes after the call.
func (g *activity) referralTo(e *care.Encounter) (target, time.Time) {
	r := g.r
	need := "crisis"
	if len(e.PresentingNeeds) > 0 {
		need = e.PresentingNeeds[r.IntN(len(e.PresentingNeeds))]
	}
	ts := g.targets[need]
	if len(ts) == 0 {
		ts = g.targets["crisis"]
	}
	t := ts[r.IntN(len(ts))]
	return t, e.OccurredAt.Add(time.Duration(10+r.IntN(40)) * time.Minute)
}

// step is one move of a referral: to what status, with what reason and outcome, by whom.
type step struct {
	to      care.Status
	reason  string
	outcome care.Outcome
	by      string
}

// moveAlong draws what becomes of a referral made at at and makes its moves with move,
// each two hours to three days after the one before, until the period ends: most
// complete, some stall, some are declined or fail. The agency (the referral's peer for
// a logged one) answers; the peer cancels.
func (g *activity) moveAlong(at time.Time, peer, agency string, move func(s step, when time.Time) error) error {
	r := g.r
	var path []step
	switch x := r.IntN(100); {
	case x < 50:
		path = []step{{care.StatusAccepted, "", "", agency}, {care.StatusInProgress, "", "", agency}, {care.StatusCompleted, "", care.OutcomeGotHelp, agency}}
	case x < 58:
		path = []step{{care.StatusAccepted, "", "", agency}, {care.StatusFailed, "Referred to another program", care.OutcomeReferredElsewhere, agency}}
	case x < 70:
		path = []step{{care.StatusRejected, pickOne(r, []string{"No beds available", "Not eligible for this program", "Outside our service area"}),
			pickOne(r, []care.Outcome{care.OutcomeNoCapacity, care.OutcomeNotEligible}), agency}}
	case x < 80:
		path = []step{{care.StatusAccepted, "", "", agency}, {care.StatusFailed, "Could not reach the person after three tries", care.OutcomeCouldNotContact, agency}}
	case x < 86:
		path = []step{{care.StatusCancelled, "Person no longer interested", care.OutcomeNoLongerInterested, peer}}
	case x < 92:
		path = []step{{care.StatusAccepted, "", "", agency}, {care.StatusOnHold, "Waiting for ID documents", "", agency}}
	default:
		// Stalls: nobody answers it.
	}
	when := at
	for _, s := range path {
		when = when.Add(time.Duration(2+r.IntN(70)) * time.Hour)
		if !when.Before(g.opt.To) {
			break
		}
		if err := move(s, when); err != nil {
			return err
		}
		g.sum.Moves++
	}
	return nil
}

// consent records a verbal consent for any treating provider, witnessed by a clinician
// or another peer, the first time a person's details are shared.
func (g *activity) consent(ctx context.Context, peer string, person int, at time.Time) error {
	if g.people[person].consent {
		return nil
	}
	witnesses := append(slices.Clone(g.opt.Clinicians), g.opt.Peers...)
	witness := witnesses[g.r.IntN(len(witnesses))]
	k := care.Consent{PersonID: g.people[person].id, Discloser: "Co-responder program (demo)", AnyTreatingProvider: true,
		Information: "Name, phone, presenting needs and the referral", Purpose: "Referral and care coordination",
		GivenAt: at, ExpiresAt: at.AddDate(1, 0, 0), Method: care.MethodVerbal, WitnessedBy: witness, RecordedBy: peer}
	care.NormalizeConsent(&k, at)
	if err := care.ValidateConsent(&k, at); err != nil {
		return fmt.Errorf("seed: demo consent is invalid: %w", err)
	}
	if err := g.c.CreateConsent(ctx, &k); err != nil {
		return fmt.Errorf("seed: consent: %w", err)
	}
	g.people[person].consent = true
	g.sum.Consents++
	return nil
}

// referralNotes are the notes of referrals; like all the demo's notes, general, with no
// detail that could be anyone's.
var referralNotes = []string{
	"Prefers afternoons; Spanish speaker.",
	"Has no phone; reach through the shelter.",
	"Warm handoff by phone with the intake worker.",
}
