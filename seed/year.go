package seed

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"handoff/care"
	"handoff/directory"
	"handoff/geo"
	"handoff/store"
)

// YearOptions shapes a generated year of a given size.
type YearOptions struct {
	ActivityOptions
	// Encounters is how many encounters the year holds (at least one).
	Encounters int
}

// PeersFor is how many peers carry n encounters a year at about six a shift, on the
// demo's weekly patterns (some 230 shifts a peer a year).
func PeersFor(n int) int { return max(1, int(math.Ceil(float64(n)/1400))) }

// GenerateYear writes a year of program activity of the size asked for, as the measures
// see a large program: peers on weekly shift patterns; encounters spread over their
// shifts, with the people met (many once, regulars often); 911 calls placed in the
// program's towns, one in four from an address that calls again (a few very often, most
// a handful of times; some beside a shelter, where anyone may call); walk-ins placed by
// ZIP and other contacts by town; follow-ups worked on the assignee's next shifts
// (reached, missed, flagged); referrals that complete, stall, are declined or fail;
// diversions from the ED and from arrest; and searches that found nothing (service gaps). The same seed tells the same story (ids
// differ). Unlike GenerateActivity it builds the year in memory and writes it with
// store.LoadActivity: the store's one-by-one writes would take an hour at 200,000.
// A store that already has encounters is left alone.
func GenerateYear(ctx context.Context, st *store.Store, sealer *care.Sealer, opt YearOptions) (ActivitySummary, error) {
	if opt.Encounters < 1 {
		return ActivitySummary{}, errors.New("seed: a generated year needs at least one encounter")
	}
	g, err := start(ctx, st, sealer, opt.ActivityOptions, "a generated year")
	if g == nil || err != nil {
		return ActivitySummary{}, err
	}
	y := &year{activity: g, n: opt.Encounters, located: map[string]care.Encounter{}}
	if err := y.build(ctx); err != nil {
		return ActivitySummary{}, err
	}
	if err := g.c.LoadActivity(ctx, y.load); err != nil {
		return ActivitySummary{}, fmt.Errorf("seed: %w", err)
	}
	return y.sum, nil
}

// year is the in-memory year GenerateYear builds.
type year struct {
	*activity
	n       int
	load    store.ActivityLoad
	byPeer  map[string][]int // indexes into load.Shifts, by start
	located map[string]care.Encounter
}

// build makes the shifts, then the encounters in time order with what follows them.
func (y *year) build(ctx context.Context) error {
	y.shifts()
	if len(y.load.Shifts) == 0 {
		return errors.New("seed: the period holds no shifts")
	}
	y.places()
	type slot struct {
		shift int
		at    time.Time
	}
	slots := make([]slot, y.n)
	for i := range slots {
		k := y.r.IntN(len(y.load.Shifts))
		s := y.load.Shifts[k]
		from := s.StartedAt.Add(15 * time.Minute)
		slots[i] = slot{k, from.Add(time.Duration(y.r.Int64N(int64(s.EndedAt.Sub(from)))))}
	}
	slices.SortStableFunc(slots, func(a, b slot) int { return a.at.Compare(b.at) })
	for _, s := range slots {
		if err := y.yearEncounter(ctx, s.shift, s.at); err != nil {
			return err
		}
	}
	y.gaps()
	return nil
}

// shifts lays out every peer's shifts over the period on the demo's weekly patterns.
func (y *year) shifts() {
	y.byPeer = map[string][]int{}
	for s := range y.shiftTimes() {
		y.byPeer[s.peer] = append(y.byPeer[s.peer], len(y.load.Shifts))
		y.load.Shifts = append(y.load.Shifts, care.Shift{ID: directory.NewID(), UserID: s.peer, StartedAt: s.start, EndedAt: s.end})
	}
	y.sum.Shifts = len(y.load.Shifts)
}

// places picks the addresses that call again: one per 150 encounters, in the program's
// towns: beside the shelter (from newActivity) and homes. They take the place of
// newActivity's six.
func (y *year) places() {
	n := max(6, y.n/150)
	var homes []hotSpot
	for _, h := range y.hot {
		if h.institution {
			homes = append(homes, h) // the spot beside the shelter, when there is one
		}
	}
	for len(homes) < n {
		t := y.towns[y.r.IntN(len(y.towns))]
		homes = append(homes, hotSpot{t.RandomPoint(y.r), t.Name, false})
	}
	y.hot, y.residents = homes, make([][]int, len(homes))
}

// spot picks the address a repeat call comes from: a few very often, most a handful of
// times (index by a power of a uniform draw).
func (y *year) spot() int {
	return min(len(y.hot)-1, int(float64(len(y.hot))*math.Pow(y.r.Float64(), 2.5)))
}

// nextShift is the first shift of the peer that starts at or after t (-1: none).
func (y *year) nextShift(peer string, t time.Time) int {
	ks := y.byPeer[peer]
	i := sort.Search(len(ks), func(i int) bool { return !y.load.Shifts[ks[i]].StartedAt.Before(t) })
	if i == len(ks) {
		return -1
	}
	return ks[i]
}

// locate is care.Locate with its answers kept by address: walk-ins and town-placed
// contacts repeat a few strings.
func (y *year) locate(ctx context.Context, e *care.Encounter) error {
	if e.Lat != nil || (e.Address == "" && e.Town == "") {
		return care.Locate(ctx, e, geo.Embedded(), nil)
	}
	key := e.Address + "\x00" + e.Town
	got, ok := y.located[key]
	if !ok {
		got = care.Encounter{Address: e.Address, Town: e.Town}
		if err := care.Locate(ctx, &got, geo.Embedded(), nil); err != nil {
			return fmt.Errorf("seed: locate %q: %w", strings.TrimSpace(e.Address+" "+e.Town), err)
		}
		y.located[key] = got
	}
	e.Lat, e.Lon, e.Town, e.LocationPrecision, e.Address = got.Lat, got.Lon, got.Town, got.LocationPrecision, ""
	return nil
}
