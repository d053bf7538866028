package seed

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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
	// Gaps are the service gaps written (a generated year's only).
	Gaps int
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
	g, err := start(ctx, st, sealer, opt, "demo activity")
	if g == nil || err != nil {
		return ActivitySummary{}, err
	}
	if err := g.run(ctx); err != nil {
		return g.sum, err
	}
	return g.sum, nil
}

// start is where both generators begin: it checks the options (what names the activity
// in the error), fills in their defaults and makes the generator. It returns nil when
// the store already has encounters: generated activity never mixes into real work.
func start(ctx context.Context, st *store.Store, sealer *care.Sealer, opt ActivityOptions, what string) (*activity, error) {
	if len(opt.Peers) == 0 {
		return nil, fmt.Errorf("seed: %s needs at least one peer", what)
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
		return nil, fmt.Errorf("seed: %w", err)
	} else if n > 0 {
		return nil, nil
	}
	return newActivity(c, sealer != nil, opt)
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
	id, need, org string
}

func newActivity(c *store.CareStore, notes bool, opt ActivityOptions) (*activity, error) {
	g := &activity{c: c, notes: notes, opt: opt, r: rand.New(rand.NewPCG(opt.Seed, 0xac71)), targets: map[string][]target{}}
	gz := geo.Embedded()
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
				g.targets[a.TaxonomyTerm.Code] = append(g.targets[a.TaxonomyTerm.Code], target{s.ID, a.TaxonomyTerm.Code, s.Organization.ID})
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

func pickOne[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }
