package search

import (
	"math"
	"strconv"
	"time"

	"handoff/directory"
)

// Ranking weights. The blend is multiplicative so that no one factor can bury a result
// the others favour: a perfect text match two towns away still shows, and a nearby
// listing that only half matches does not outrank one that fully does.
const (
	// proximityFloor is what distance can take away at most: a far listing keeps 35% of
	// its relevance, so a radius search still ranks by what was asked.
	proximityFloor = 0.35
	// minDistanceHalf is the distance at which proximity counts half, for small radii; a
	// larger radius stretches it to a third of the radius.
	minDistanceHalf = 2.0
	liftOpen        = 0.15 // open now
	liftRoom        = 0.10 // a bed or slot free
	penaltyFull     = 0.05 // no capacity
	liftFresh       = 0.05 // confirmed in the last half year
	penaltyStale    = 0.10 // not confirmed for longer than the stale time
	penaltyInactive = 0.5  // inactive listings, when asked for, sink
	freshDays       = 183
	// areaDistanceKm is where a service found through its service area (a hotline, a
	// mobile team) ranks, as if it were this far away: it serves the person, but a place
	// near them that also matches is usually what a peer is looking for.
	areaDistanceKm = 5.0
)

// score is a candidate's rank under the query's sort order; rel is its relevance from 0
// to 1 (relevance.go).
func (rk *ranker) score(rel float64, e *entry, p place, open bool) float64 {
	if rk.q.Sort == SortDistance {
		return 1/(1+p.distance) + tieBreak(e)
	}
	prox := 1.0
	if rk.geo != nil && rk.geo.hasPoint {
		d := p.distance
		if p.byArea {
			d = areaDistanceKm
		}
		half := math.Max(minDistanceHalf, rk.geo.radiusKm/3)
		prox = proximityFloor + (1-proximityFloor)/(1+d/half)
	}
	lift := 1.0
	if open {
		lift += liftOpen
	}
	if rk.hasRoom(e) {
		lift += liftRoom
	} else if e.capStatus == capFull && !rk.capExpired(e) {
		lift -= penaltyFull
	}
	if e.assured > 0 {
		age := rk.today - int64(e.assured)
		if age <= freshDays {
			lift += liftFresh
		} else if age > rk.staleDays {
			lift -= penaltyStale
		}
	}
	if !e.active {
		lift *= penaltyInactive
	}
	// Rounded so that equal listings tie exactly; the tie then breaks on the id.
	return math.Round(rel*prox*lift*1e6)/1e6 + tieBreak(e)
}

// tieBreak orders equal scores by document key: a fraction below the rounding step,
// larger for smaller keys.
func tieBreak(e *entry) float64 {
	return (1 - float64(e.keyOrder)/(1<<32)) * 1e-7
}

// keyPrefix reads the first eight hex digits of the key's UUID as a number.
func keyPrefix(key string) uint32 {
	if i := len(key) - 36; i > 0 {
		key = key[i:] // "area:<uuid>": the uuid orders
	}
	if len(key) < 8 {
		return 0
	}
	v, err := strconv.ParseUint(key[:8], 16, 32)
	if err != nil {
		return 0
	}
	return uint32(v)
}

// clock returns the request's instant in a zone, prepared once per zone.
func (rk *ranker) clock(loc *time.Location) directory.Clock {
	for i := range rk.clocks {
		if rk.clocks[i].Location() == loc {
			return rk.clocks[i]
		}
	}
	c := directory.NewClock(rk.q.At, loc)
	rk.clocks = append(rk.clocks, c)
	return c
}
