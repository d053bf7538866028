package seed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"handoff/care"
	"handoff/directory"
	"handoff/geo"
	"handoff/store"
)

// ActivityOptions shapes the demo activity.
type ActivityOptions struct {
	// Peers are the user ids of the peers whose shifts are generated (at least one).
	Peers []string
	// Clinicians are user ids of clinicians who co-respond to 911 calls and witness
	// verbal consent; optional (peers witness for each other without them).
	Clinicians []string
	// From and To bound the activity; To defaults to now, From to a year before To.
	From, To time.Time
	// Seed makes the activity reproducible (the same seed, the same story; ids differ).
	Seed uint64
	// Zone is the program's time zone (care.DefaultZone when nil).
	Zone *time.Location
}

// ActivitySummary counts what GenerateActivity wrote.
type ActivitySummary struct {
	People, Shifts, Encounters, FollowUps, Attempts, Consents, Referrals, Moves int
}

// GenerateActivity writes a plausible stretch of program activity (a year by default)
// into a store that holds the demo directory, through the store's own care functions, so
// that the measures and lists have something to show: peers on weekly shift patterns, a
// few addresses that call again and again (one beside a shelter), people met more than
// once, follow-ups the next working day that are reached, missed and flagged, and
// referrals to demo services that complete, stall, are declined or fail. Direct calls
// to peers grow over the year, as the program hopes.
//
// Everyone is fictional: people are initials, phones are 555-01xx numbers. Notes are
// written only when sealer is given. A store that already has encounters is left alone,
// so that demo activity never mixes into real work.
func GenerateActivity(ctx context.Context, st *store.Store, sealer *care.Sealer, opt ActivityOptions) (ActivitySummary, error) {
	if len(opt.Peers) == 0 {
		return ActivitySummary{}, errors.New("seed: demo activity needs at least one peer")
	}
	if opt.Zone == nil {
		opt.Zone = care.DefaultZone()
	}
	if opt.To.IsZero() {
		opt.To = time.Now()
	}
	if opt.From.IsZero() {
		opt.From = opt.To.AddDate(-1, 0, 0)
	}
	c := st.Care(sealer).WithZone(opt.Zone)
	if _, n, err := c.Encounters(ctx, store.EncounterFilter{}, store.Page{Number: 1, PerPage: 1}); err != nil {
		return ActivitySummary{}, fmt.Errorf("seed: %w", err)
	} else if n > 0 {
		return ActivitySummary{}, nil
	}
	g, err := newActivity(c, sealer != nil, opt)
	if err != nil {
		return ActivitySummary{}, err
	}
	if err := g.run(ctx); err != nil {
		return g.sum, err
	}
	return g.sum, nil
}

// activity is the generator's state as it walks through the days.
type activity struct {
	c      *store.CareStore
	notes  bool
	opt    ActivityOptions
	r      *rand.Rand
	sum    ActivitySummary
	people []demoPerson
	hot    []hotSpot
	// residents are, per hot spot, the people who call from it (none for the shelter,
	// where anyone may be).
	residents [][]int
	towns     []geo.Town
	targets   map[string][]target // need → services to refer to
	pending   []care.FollowUp     // follow-ups not yet done, oldest first
}

type demoPerson struct {
	id      string
	consent bool // has a consent on record that covers any treating provider
}

// hotSpot is an address that calls again and again.
type hotSpot struct {
	p           orb.Point
	town        string
	institution bool // beside a shelter: many different people
}

// target is a service a referral can go to.
type target struct {
	id, need string
}

func newActivity(c *store.CareStore, notes bool, opt ActivityOptions) (*activity, error) {
	g := &activity{c: c, notes: notes, opt: opt, r: rand.New(rand.NewPCG(opt.Seed, 0xac71)), targets: map[string][]target{}}
	gz := geo.Default()
	for _, name := range []string{"Holyoke", "Springfield", "Springfield", "Chicopee", "West Springfield", "Westfield"} {
		t, ok := gz.Town(name)
		if !ok {
			return nil, fmt.Errorf("seed: unknown town %s", name)
		}
		g.towns = append(g.towns, t)
	}
	var shelter *orb.Point
	for _, s := range Services() {
		if s.Organization == nil || s.Status != "active" {
			continue
		}
		for _, a := range s.Attributes {
			if a.TaxonomyTerm != nil && a.TaxonomyTerm.Taxonomy == directory.TaxonomyNeed {
				g.targets[a.TaxonomyTerm.Code] = append(g.targets[a.TaxonomyTerm.Code], target{s.ID, a.TaxonomyTerm.Code})
			}
		}
		if shelter == nil && strings.Contains(s.Name, "Shelter") {
			for _, sal := range s.ServiceAtLocations {
				if l := sal.Location; l != nil && l.Latitude != nil && l.Longitude != nil {
					shelter = &orb.Point{*l.Longitude, *l.Latitude}
				}
			}
		}
	}
	if len(g.targets["crisis"]) == 0 {
		return nil, errors.New("seed: the demo directory has no crisis services to refer to")
	}
	// Six addresses call again and again; the first is beside a shelter (so the measure
	// flags it as institutional), the rest are homes in the program's towns.
	if shelter != nil {
		p := offset(*shelter, 20, 15)
		town := ""
		if t, ok := gz.TownAt(p); ok {
			town = t.Name
		}
		g.hot = append(g.hot, hotSpot{p, town, true})
	}
	for len(g.hot) < 6 {
		t := g.towns[len(g.hot)%len(g.towns)]
		g.hot = append(g.hot, hotSpot{t.RandomPoint(g.r), t.Name, false})
	}
	g.residents = make([][]int, len(g.hot))
	return g, nil
}

// offset moves a point north and east by metres.
func offset(p orb.Point, north, east float64) orb.Point {
	const perDeg = 111_320.0
	return orb.Point{p[0] + east/(perDeg*0.74), p[1] + north/perDeg}
}

// shiftPattern is a peer's week: which weekdays, and from when to when.
type shiftPattern struct {
	days  []time.Weekday
	start int // hour
}

var patterns = []shiftPattern{
	{[]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, 8},
	{[]time.Weekday{time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}, 14},
	{[]time.Weekday{time.Sunday, time.Monday, time.Wednesday, time.Friday}, 10},
	{[]time.Weekday{time.Thursday, time.Friday, time.Saturday, time.Sunday}, 16},
}

const shiftHours = 8

func (g *activity) run(ctx context.Context) error {
	z := g.opt.Zone
	f := g.opt.From.In(z)
	for day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, z); day.Before(g.opt.To); day = day.AddDate(0, 0, 1) {
		for i, peer := range g.opt.Peers {
			p := patterns[i%len(patterns)]
			if !slices.Contains(p.days, day.Weekday()) || g.r.IntN(25) == 0 { // a day off now and then
				continue
			}
			start := day.Add(time.Duration(p.start)*time.Hour + time.Duration(g.r.IntN(20))*time.Minute)
			end := start.Add(shiftHours * time.Hour)
			if start.Before(g.opt.From) || !end.Before(g.opt.To) {
				continue
			}
			if err := g.shift(ctx, peer, start, end); err != nil {
				return err
			}
		}
	}
	return nil
}

// shift works one shift: first the follow-ups due, then the calls of the day.
func (g *activity) shift(ctx context.Context, peer string, start, end time.Time) error {
	if _, err := g.c.StartShift(ctx, peer, start); err != nil {
		return fmt.Errorf("seed: start shift: %w", err)
	}
	g.sum.Shifts++
	at := start.Add(15 * time.Minute)
	if err := g.followUps(ctx, peer, &at, end); err != nil {
		return err
	}
	n := 1 + g.r.IntN(5)
	times := make([]time.Time, n)
	for i := range times {
		times[i] = at.Add(time.Duration(g.r.Int64N(int64(end.Sub(at)))))
	}
	slices.SortFunc(times, time.Time.Compare)
	for _, t := range times {
		if err := g.encounter(ctx, peer, t); err != nil {
			return err
		}
	}
	if _, err := g.c.EndShift(ctx, peer, end); err != nil {
		return fmt.Errorf("seed: end shift: %w", err)
	}
	return nil
}

// followUps makes the attempts on the peer's follow-ups that are due by now: most reach
// the person the first time, some take three tries, some are flagged and left for a
// coordinator.
func (g *activity) followUps(ctx context.Context, peer string, at *time.Time, end time.Time) error {
	keep := g.pending[:0]
	for _, f := range g.pending {
		if f.AssigneeID != peer || f.DueAt.After(*at) || !at.Before(end) {
			keep = append(keep, f)
			continue
		}
		outcome := []care.AttemptOutcome{care.AttemptReached, care.AttemptReached, care.AttemptReached, care.AttemptReached,
			care.AttemptReached, care.AttemptReached, care.AttemptNoAnswer, care.AttemptNoAnswer, care.AttemptLeftMessage,
			care.AttemptLeftMessage, care.AttemptWrongNumber, care.AttemptDeclined}[g.r.IntN(12)]
		a := care.Attempt{At: *at, Channel: []care.Channel{care.ChannelPhone, care.ChannelPhone, care.ChannelPhone, care.ChannelText, care.ChannelInPerson}[g.r.IntN(5)],
			Outcome: outcome, By: peer}
		if g.notes && outcome == care.AttemptReached {
			a.Note = pickOne(g.r, attemptNotes)
		}
		got, err := g.c.AddAttempt(ctx, f.ID, &a)
		if err != nil {
			return fmt.Errorf("seed: follow-up attempt: %w", err)
		}
		g.sum.Attempts++
		*at = at.Add(time.Duration(10+g.r.IntN(20)) * time.Minute)
		// Flagged follow-ups go to a coordinator; a peer tries once more only sometimes.
		if got.Status == care.FollowUpOpen || (got.Status == care.FollowUpFlagged && g.r.IntN(3) == 0 && len(got.Attempts) < 4) {
			got.DueAt = at.AddDate(0, 0, 1)
			keep = append(keep, got)
		}
	}
	g.pending = keep
	return nil
}

// encounter records one contact and what follows from it: the follow-up the store
// schedules, and sometimes a referral with its later moves.
func (g *activity) encounter(ctx context.Context, peer string, at time.Time) error {
	r := g.r
	year := float64(at.Sub(g.opt.From)) / float64(g.opt.To.Sub(g.opt.From)) // 0 → 1 over the period
	e := care.Encounter{OccurredAt: at, RecordedBy: peer, Responders: []string{peer}}
	switch x := r.Float64(); {
	case x < 0.08+0.12*year: // direct calls to peers grow from 8% to 20%
		e.Source = care.SourceDirectToPeer
	case x < 0.30:
		e.Source = care.SourceWalkIn
	case x < 0.35:
		e.Source = care.SourceFollowUp
	default:
		e.Source = care.SourceCoResponse
	}
	// One 911 call in six comes from an address that calls again and again: a home, where
	// the same one or two people call, or the spot beside the shelter, where anyone may.
	spot := -1
	if e.Source == care.SourceCoResponse && r.IntN(6) == 0 {
		spot = r.IntN(len(g.hot))
	}
	var person int
	var err error
	if spot >= 0 && !g.hot[spot].institution {
		person, err = g.resident(ctx, spot)
	} else {
		person, err = g.person(ctx, e.Source)
	}
	if err != nil {
		return err
	}
	if person >= 0 {
		e.PersonID = g.people[person].id
	}
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
	care.NormalizeEncounter(&e)
	if err := care.Locate(ctx, &e, nil, nil); err != nil {
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
	if e.Disposition == care.DispositionReferred || r.IntN(6) == 0 {
		return g.referral(ctx, peer, &e, person)
	}
	return nil
}

// person picks who the encounter is with: someone new, someone met before, or no one
// (anonymous), by index into g.people (-1 for anonymous).
func (g *activity) person(ctx context.Context, src care.Source) (int, error) {
	r := g.r
	switch x := r.IntN(100); {
	case x < 20 && src != care.SourceFollowUp:
		return -1, nil
	case x < 55 || len(g.people) < 10:
		if src == care.SourceFollowUp && len(g.people) > 0 {
			return r.IntN(len(g.people)), nil
		}
		return g.newPerson(ctx)
	default:
		// Regulars: the first people met come back most.
		n := len(g.people)
		return min(n-1, int(float64(n)*r.Float64()*r.Float64())), nil
	}
}

func (g *activity) newPerson(ctx context.Context) (int, error) {
	r := g.r
	p := care.Person{DisplayName: initials(r), PreferredLanguage: pickOne(r, []string{"en", "en", "en", "es", "es", "pt", "vi"})}
	if r.IntN(3) > 0 {
		p.Phone = fmt.Sprintf("(413) 555-01%02d", r.IntN(100))
	}
	care.NormalizePerson(&p)
	if err := g.c.CreatePerson(ctx, &p); err != nil {
		return -1, fmt.Errorf("seed: person: %w", err)
	}
	g.people = append(g.people, demoPerson{id: p.ID})
	g.sum.People++
	return len(g.people) - 1, nil
}

// resident picks who calls from a home that calls again and again: its one resident, or
// now and then a second one.
func (g *activity) resident(ctx context.Context, spot int) (int, error) {
	rs := g.residents[spot]
	if len(rs) == 0 || (len(rs) == 1 && g.r.IntN(8) == 0) {
		p, err := g.newPerson(ctx)
		if err != nil {
			return -1, err
		}
		g.residents[spot] = append(rs, p)
		return p, nil
	}
	return rs[g.r.IntN(len(rs))], nil
}

// referral makes a referral from the encounter and moves it along the days after: most
// complete, some stall, some are declined or fail.
func (g *activity) referral(ctx context.Context, peer string, e *care.Encounter, person int) error {
	r := g.r
	need := "crisis"
	if len(e.PresentingNeeds) > 0 {
		need = e.PresentingNeeds[r.IntN(len(e.PresentingNeeds))]
	}
	ts := g.targets[need]
	if len(ts) == 0 {
		ts, need = g.targets["crisis"], "crisis"
	}
	t := ts[r.IntN(len(ts))]
	at := e.OccurredAt.Add(time.Duration(10+r.IntN(40)) * time.Minute)
	ref := care.Referral{PersonID: e.PersonID, EncounterID: e.ID, ServiceID: t.id, Need: need, Mode: care.ModeLogged,
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

	type step struct {
		to      care.Status
		reason  string
		outcome care.Outcome
		by      string
	}
	// A live referral is answered by the agency through its link; a logged one is kept
	// up to date by the peer who made it.
	agency := peer
	if ref.Mode == care.ModeLive {
		agency = care.LinkActor
	}
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
		if _, err := g.c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: s.to, Reason: s.reason, Outcome: s.outcome, By: s.by, At: when}); err != nil {
			return fmt.Errorf("seed: move referral: %w", err)
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

func pickOne[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// The demo's notes: general, with no detail that could be anyone's.
var (
	encounterNotes = []string{
		"Calmer after talking on the porch; agreed to a call tomorrow.",
		"Worried about losing housing; talked through options.",
		"Asked for help finding a detox bed.",
		"Family present and supportive.",
		"Not ready for services tonight; left a resource list.",
	}
	attemptNotes = []string{
		"Doing better; kept the appointment.",
		"Wants help with the housing application.",
		"Went to the Living Room last night.",
	}
	referralNotes = []string{
		"Prefers afternoons; Spanish speaker.",
		"Has no phone; reach through the shelter.",
		"Warm handoff by phone with the intake worker.",
	}
)
