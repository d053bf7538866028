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
	if len(opt.Peers) == 0 {
		return ActivitySummary{}, errors.New("seed: a generated year needs at least one peer")
	}
	if opt.Encounters < 1 {
		return ActivitySummary{}, errors.New("seed: a generated year needs at least one encounter")
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
	g, err := newActivity(c, sealer != nil, opt.ActivityOptions)
	if err != nil {
		return ActivitySummary{}, err
	}
	y := &year{activity: g, n: opt.Encounters, located: map[string]care.Encounter{}}
	if err := y.build(ctx); err != nil {
		return ActivitySummary{}, err
	}
	if err := c.LoadActivity(ctx, y.load); err != nil {
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
	homes   []hotSpot        // addresses that call again
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
	z := y.opt.Zone
	f := y.opt.From.In(z)
	for day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, z); day.Before(y.opt.To); day = day.AddDate(0, 0, 1) {
		for i, peer := range y.opt.Peers {
			p := patterns[i%len(patterns)]
			if !slices.Contains(p.days, day.Weekday()) || y.r.IntN(25) == 0 {
				continue
			}
			start := day.Add(time.Duration(p.start)*time.Hour + time.Duration(y.r.IntN(20))*time.Minute)
			end := start.Add(shiftHours * time.Hour)
			if start.Before(y.opt.From) || !end.Before(y.opt.To) {
				continue
			}
			y.byPeer[peer] = append(y.byPeer[peer], len(y.load.Shifts))
			y.load.Shifts = append(y.load.Shifts, care.Shift{ID: directory.NewID(), UserID: peer, StartedAt: start, EndedAt: end})
		}
	}
	y.sum.Shifts = len(y.load.Shifts)
}

// places picks the addresses that call again: one per 150 encounters, in the program's
// towns, beside the shelters (from newActivity) and homes.
func (y *year) places() {
	n := max(6, y.n/150)
	for _, h := range y.hot {
		if h.institution {
			y.homes = append(y.homes, h) // the spot beside the shelter, when there is one
		}
	}
	for len(y.homes) < n {
		t := y.towns[y.r.IntN(len(y.towns))]
		y.homes = append(y.homes, hotSpot{t.RandomPoint(y.r), t.Name, false})
	}
	y.residents = make([][]int, len(y.homes))
}

// spot picks the address a repeat call comes from: a few very often, most a handful of
// times (index by a power of a uniform draw).
func (y *year) spot() int {
	return min(len(y.homes)-1, int(float64(len(y.homes))*math.Pow(y.r.Float64(), 2.5)))
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
