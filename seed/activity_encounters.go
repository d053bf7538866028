package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"

	"handoff/care"
	"handoff/geo"
)

// encounter records one contact and what follows from it: the follow-up the store
// schedules, and sometimes a referral with its later moves.
func (g *activity) encounter(ctx context.Context, peer string, at time.Time) error {
	e := care.Encounter{OccurredAt: at, RecordedBy: peer, Responders: []string{peer}}
	// One 911 call in six comes from one of the six addresses that call again and again.
	person, err := g.draw(&e, 6, func() int { return g.r.IntN(len(g.hot)) }, func() (int, error) { return g.createPerson(ctx) })
	if err != nil {
		return err
	}
	care.NormalizeEncounter(&e)
	if err := care.Locate(ctx, &e, geo.Embedded(), nil); err != nil {
		return fmt.Errorf("seed: locate encounter: %w", err)
	}
	if err := care.ValidateEncounter(&e, time.Time{}); err != nil {
		return fmt.Errorf("seed: demo encounter is invalid: %w", err)
	}
	fu, err := g.c.CreateEncounter(ctx, &e)
	if err != nil {
		return fmt.Errorf("seed: encounter: %w", err)
	}
	g.sum.Encounters++
	if fu != nil {
		g.sum.FollowUps++
		g.pending = append(g.pending, *fu)
	}
	if e.Disposition == care.DispositionReferred || g.r.IntN(6) == 0 {
		return g.referral(ctx, peer, &e, person)
	}
	return nil
}

// draw tells the story of the encounter at e.OccurredAt that e.RecordedBy records, as
// both generators tell it: where the contact came from (direct calls to peers grow from
// 8% to 20% over the period), who it is with, where it took place, the needs, the level
// of care, how it ended, the diversions, and now and then a note. One 911 call in odds
// comes from an address that calls again and again, the one of g.hot that spot picks: a
// home, where the same one or two people call, or the spot beside the shelter, where
// anyone may. add keeps a person met for the first time and returns their index in
// g.people. draw returns the index of the person the encounter is with (-1: anonymous).
func (g *activity) draw(e *care.Encounter, odds int, spot func() int, add func() (int, error)) (int, error) {
	r := g.r
	frac := float64(e.OccurredAt.Sub(g.opt.From)) / float64(g.opt.To.Sub(g.opt.From)) // 0 → 1 over the period
	switch x := r.Float64(); {
	case x < 0.08+0.12*frac:
		e.Source = care.SourceDirectToPeer
	case x < 0.30:
		e.Source = care.SourceWalkIn
	case x < 0.35:
		e.Source = care.SourceFollowUp
	default:
		e.Source = care.SourceCoResponse
	}
	k := -1
	if e.Source == care.SourceCoResponse && r.IntN(odds) == 0 {
		k = spot()
	}
	var person int
	var err error
	if k >= 0 && !g.hot[k].institution {
		person, err = g.resident(k, add)
	} else {
		person, err = g.person(e.Source, add)
	}
	if err != nil {
		return -1, err
	}
	if person >= 0 {
		e.PersonID = g.people[person].id
	}
	g.place(e, k)
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
	if g.notes && r.IntN(3) == 0 {
		e.Notes = pickOne(r, encounterNotes)
	}
	return person, nil
}

// place says where the contact took place: a 911 call at its point (near the address
// g.hot[spot] that calls again, or anywhere in a town) with a clinician beside the peer
// when there are clinicians, a walk-in at the crisis site, anything else by its town.
func (g *activity) place(e *care.Encounter, spot int) {
	r := g.r
	switch e.Source {
	case care.SourceCoResponse:
		var p orb.Point
		var town string
		if spot >= 0 {
			h := g.hot[spot]
			p, town = offset(h.p, r.NormFloat64()*6, r.NormFloat64()*6), h.town // a phone's fix wanders a few metres
		} else {
			t := g.towns[r.IntN(len(g.towns))]
			p, town = t.RandomPoint(r), t.Name
		}
		lat, lon := p[1], p[0]
		e.Lat, e.Lon = &lat, &lon
		e.PoliceDepartment = town + " Police Department"
		if len(g.opt.Clinicians) > 0 {
			e.Responders = append(e.Responders, g.opt.Clinicians[r.IntN(len(g.opt.Clinicians))])
		}
	case care.SourceWalkIn:
		e.Address = "01104" // the walk-in crisis site on Liberty Street
	default:
		e.Town = g.towns[r.IntN(len(g.towns))].Name
	}
}

// person picks who the encounter is with: someone new (add), someone met before, or no
// one (anonymous), by index into g.people (-1 for anonymous).
func (g *activity) person(src care.Source, add func() (int, error)) (int, error) {
	r := g.r
	switch x := r.IntN(100); {
	case x < 20 && src != care.SourceFollowUp:
		return -1, nil
	case x < 55 || len(g.people) < 10:
		if src == care.SourceFollowUp && len(g.people) > 0 {
			return r.IntN(len(g.people)), nil
		}
		return add()
	default:
		// Regulars: the first people met come back most.
		n := len(g.people)
		return min(n-1, int(float64(n)*r.Float64()*r.Float64())), nil
	}
}

// resident picks who calls from the home g.hot[spot]: its one resident (add makes them),
// or now and then a second one.
func (g *activity) resident(spot int, add func() (int, error)) (int, error) {
	rs := g.residents[spot]
	if len(rs) == 0 || (len(rs) == 1 && g.r.IntN(8) == 0) {
		p, err := add()
		if err != nil {
			return -1, err
		}
		g.residents[spot] = append(rs, p)
		return p, nil
	}
	return rs[g.r.IntN(len(rs))], nil
}

// createPerson writes a person met for the first time through the store.
func (g *activity) createPerson(ctx context.Context) (int, error) {
	p := newPerson(g.r)
	care.NormalizePerson(&p)
	if err := g.c.CreatePerson(ctx, &p); err != nil {
		return -1, fmt.Errorf("seed: person: %w", err)
	}
	return g.met(p.ID), nil
}

// newPerson draws a person met for the first time: initials or a first name, a
// language, and most often a phone.
func newPerson(r *rand.Rand) care.Person {
	p := care.Person{DisplayName: initials(r), PreferredLanguage: pickOne(r, []string{"en", "en", "en", "es", "es", "pt", "vi"})}
	if r.IntN(3) > 0 {
		p.Phone = fmt.Sprintf("(413) 555-01%02d", r.IntN(100))
	}
	return p
}

// met counts the person kept under id as met and returns their index in g.people.
func (g *activity) met(id string) int {
	g.people = append(g.people, demoPerson{id: id})
	g.sum.People++
	return len(g.people) - 1
}

func needsFor(r *rand.Rand) []string {
	needs := []string{pickOne(r, []string{"crisis", "crisis", "crisis", "treatment", "housing", "housing", "food", "health"})}
	if r.IntN(3) == 0 {
		needs = append(needs, pickOne(r, []string{"housing", "food", "benefits", "transportation", "legal", "employment"}))
	}
	return needs
}

func initials(r *rand.Rand) string {
	const letters = "ABCDEFGHIJKLMNOPRSTVWY"
	if r.IntN(3) == 0 {
		return pickOne(r, []string{"Ana", "Luis", "Marisol", "Jay", "Dee", "Tomás", "Keisha", "Rob", "Lin", "Sam"}) + " " + string(letters[r.IntN(len(letters))]) + "."
	}
	return string(letters[r.IntN(len(letters))]) + ". " + string(letters[r.IntN(len(letters))]) + "."
}

// encounterNotes are the notes of encounters; like all the demo's notes, general, with
// no detail that could be anyone's.
var encounterNotes = []string{
	"Calmer after talking on the porch; agreed to a call tomorrow.",
	"Worried about losing housing; talked through options.",
	"Asked for help finding a detox bed.",
	"Family present and supportive.",
	"Not ready for services tonight; left a resource list.",
}
