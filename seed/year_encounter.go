package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/paulmach/orb"

	"handoff/care"
	"handoff/directory"
)

// yearEncounter makes one encounter of the year in shift k at time at, with its person,
// place, follow-up and referral.
func (y *year) yearEncounter(ctx context.Context, k int, at time.Time) error {
	r := y.r
	s := y.load.Shifts[k]
	peer := s.UserID
	frac := float64(at.Sub(y.opt.From)) / float64(y.opt.To.Sub(y.opt.From))
	e := care.Encounter{ID: directory.NewID(), OccurredAt: at, CreatedAt: at, RecordedBy: peer, Responders: []string{peer}, ShiftID: s.ID}
	switch x := r.Float64(); {
	case x < 0.08+0.12*frac: // direct calls to peers grow from 8% to 20%
		e.Source = care.SourceDirectToPeer
	case x < 0.30:
		e.Source = care.SourceWalkIn
	case x < 0.35:
		e.Source = care.SourceFollowUp
	default:
		e.Source = care.SourceCoResponse
	}
	spot := -1
	if e.Source == care.SourceCoResponse && r.IntN(4) == 0 {
		spot = y.spot()
	}
	person := -1
	if spot >= 0 && !y.homes[spot].institution {
		person = y.resident(spot, peer, at)
	} else {
		person = y.someone(e.Source, peer, at)
	}
	if person >= 0 {
		e.PersonID = y.people[person].id
	}
	switch e.Source {
	case care.SourceCoResponse:
		var p orb.Point
		var town string
		if spot >= 0 {
			h := y.homes[spot]
			p, town = offset(h.p, r.NormFloat64()*6, r.NormFloat64()*6), h.town // a phone's fix wanders a few metres
		} else {
			t := y.towns[r.IntN(len(y.towns))]
			p, town = t.RandomPoint(r), t.Name
		}
		lat, lon := p[1], p[0]
		e.Lat, e.Lon = &lat, &lon
		e.PoliceDepartment = town + " Police Department"
		if len(y.opt.Clinicians) > 0 {
			e.Responders = append(e.Responders, y.opt.Clinicians[r.IntN(len(y.opt.Clinicians))])
		}
	case care.SourceWalkIn:
		e.Address = "01104" // the walk-in crisis site on Liberty Street
	default:
		e.Town = y.towns[r.IntN(len(y.towns))].Name
	}
	e.PresentingNeeds = needsFor(r)
	e.AssessedLevelOfCare = pickOne(r, []string{"community_support", "peer_recovery_support", "outpatient", "living_room",
		"living_room", "crisis_stabilization", "mobile_crisis", "withdrawal_management"})
	switch x := r.IntN(100); {
	case x < 45:
		e.Disposition = care.DispositionResolved
	case x < 80:
		e.Disposition = care.DispositionReferred
	case x < 91:
		e.Disposition = care.DispositionEDTransport
	case x < 95:
		e.Disposition = care.DispositionArrest
	default:
		e.Disposition = care.DispositionOther
	}
	if e.Source == care.SourceCoResponse || e.Source == care.SourceDirectToPeer {
		e.EDDiverted = e.Disposition != care.DispositionEDTransport && r.IntN(100) < 40
		e.ArrestDiverted = e.Disposition != care.DispositionArrest && r.IntN(100) < 12
	}
	if e.Disposition == care.DispositionEDTransport && e.PersonID != "" {
		e.NoFollowUpReason = "Transported to the emergency department; the hospital follows up."
	}
	if y.notes && r.IntN(3) == 0 {
		e.Notes = pickOne(r, encounterNotes)
	}
	care.NormalizeEncounter(&e)
	if err := y.locate(ctx, &e); err != nil {
		return err
	}
	if err := care.ValidateEncounter(&e, time.Time{}); err != nil {
		return fmt.Errorf("seed: generated encounter is invalid: %w", err)
	}
	y.load.Encounters = append(y.load.Encounters, e)
	y.sum.Encounters++
	if care.NeedsFollowUp(&e) {
		if err := y.followUp(&e); err != nil {
			return err
		}
	}
	if e.Disposition == care.DispositionReferred || r.IntN(6) == 0 {
		return y.yearReferral(&e, s)
	}
	return nil
}

// someone is who an encounter is with: someone new, someone met before, or no one.
func (y *year) someone(src care.Source, peer string, at time.Time) int {
	r := y.r
	switch x := r.IntN(100); {
	case x < 20 && src != care.SourceFollowUp:
		return -1
	case x < 55 || len(y.people) < 10:
		if src == care.SourceFollowUp && len(y.people) > 0 {
			return r.IntN(len(y.people))
		}
		return y.newYearPerson(peer, at)
	default:
		n := len(y.people) // regulars: the first people met come back most
		return min(n-1, int(float64(n)*r.Float64()*r.Float64()))
	}
}

// resident is who calls from a home that calls again: its one resident, or now and then
// a second one.
func (y *year) resident(spot int, peer string, at time.Time) int {
	rs := y.residents[spot]
	if len(rs) == 0 || (len(rs) == 1 && y.r.IntN(8) == 0) {
		p := y.newYearPerson(peer, at)
		y.residents[spot] = append(rs, p)
		return p
	}
	return rs[y.r.IntN(len(rs))]
}

func (y *year) newYearPerson(peer string, at time.Time) int {
	r := y.r
	p := care.Person{ID: directory.NewID(), DisplayName: initials(r), CreatedBy: peer, CreatedAt: at,
		PreferredLanguage: pickOne(r, []string{"en", "en", "en", "es", "es", "pt", "vi"})}
	if r.IntN(3) > 0 {
		p.Phone = fmt.Sprintf("(413) 555-01%02d", r.IntN(100))
	}
	care.NormalizePerson(&p)
	y.load.People = append(y.load.People, p)
	y.people = append(y.people, demoPerson{id: p.ID})
	y.sum.People++
	return len(y.people) - 1
}

// followUp schedules the encounter's follow-up and works it on the assignee's next
// shifts: most reach the person the first time, some take three tries and are flagged,
// some are still open when the period ends.
func (y *year) followUp(e *care.Encounter) error {
	f := care.FollowUpFor(e, y.opt.Zone)
	f.ID, f.CreatedAt = directory.NewID(), e.OccurredAt
	due := f.DueAt
	for try := 0; try < 4 && f.Status != care.FollowUpDone; try++ {
		if f.Status == care.FollowUpFlagged && y.r.IntN(3) > 0 {
			break // flagged: left for a coordinator
		}
		k := y.nextShift(f.AssigneeID, due)
		if k < 0 {
			break
		}
		s := y.load.Shifts[k]
		at := s.StartedAt.Add(time.Duration(15+y.r.IntN(60)) * time.Minute)
		outcome := []care.AttemptOutcome{care.AttemptReached, care.AttemptReached, care.AttemptReached, care.AttemptReached,
			care.AttemptReached, care.AttemptReached, care.AttemptNoAnswer, care.AttemptNoAnswer, care.AttemptLeftMessage,
			care.AttemptLeftMessage, care.AttemptWrongNumber, care.AttemptDeclined}[y.r.IntN(12)]
		a := care.Attempt{ID: directory.NewID(), At: at, Outcome: outcome, By: s.UserID, ShiftID: s.ID,
			Channel: []care.Channel{care.ChannelPhone, care.ChannelPhone, care.ChannelPhone, care.ChannelText, care.ChannelInPerson}[y.r.IntN(5)]}
		if y.notes && outcome == care.AttemptReached {
			a.Note = pickOne(y.r, attemptNotes)
		}
		if err := f.AddAttempt(a); err != nil {
			return fmt.Errorf("seed: generated attempt: %w", err)
		}
		y.sum.Attempts++
		due = s.EndedAt
	}
	y.load.FollowUps = append(y.load.FollowUps, f)
	y.sum.FollowUps++
	return nil
}
