package seed

import (
	"context"
	"fmt"
	"time"

	"handoff/care"
	"handoff/directory"
)

// yearEncounter makes one encounter of the year in shift k at time at, with its person,
// place, follow-up and referral.
func (y *year) yearEncounter(ctx context.Context, k int, at time.Time) error {
	s := y.load.Shifts[k]
	peer := s.UserID
	e := care.Encounter{ID: directory.NewID(), OccurredAt: at, CreatedAt: at, RecordedBy: peer, Responders: []string{peer}, ShiftID: s.ID}
	// One 911 call in four comes from an address that calls again.
	if _, err := y.draw(&e, 4, y.spot, func() (int, error) { return y.keepPerson(peer, at), nil }); err != nil {
		return err
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
	if e.Disposition == care.DispositionReferred || y.r.IntN(6) == 0 {
		return y.yearReferral(&e, s)
	}
	return nil
}

// keepPerson keeps a person met for the first time, by the peer at at, for the load.
func (y *year) keepPerson(peer string, at time.Time) int {
	p := newPerson(y.r)
	p.ID, p.CreatedBy, p.CreatedAt = directory.NewID(), peer, at
	care.NormalizePerson(&p)
	y.load.People = append(y.load.People, p)
	return y.met(p.ID)
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
		a := care.Attempt{ID: directory.NewID(), At: at, By: s.UserID, ShiftID: s.ID}
		y.attempt(&a)
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
