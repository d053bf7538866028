package measures

import (
	"math"
	"strings"

	"github.com/paulmach/orb"

	"handoff/geo"
)

// How the repeat-location measure turns calls into places: calls at one street address
// are one item, calls with a point are grouped with a bound on the place's diameter
// (geo.Group), a place is the mean point of its calls, and a place near an institution
// is marked, since its count is inflated by where people are taken.

// groupCalls groups the indexes of the calls placed exactly into places: the calls of
// one street address (AddressKey) are one item at the mean of their points, the other
// calls one item each at their point, and items are grouped by geo.Group with the
// diameter bound, weighted by their calls. An address whose calls have no point is a
// place of its own. Groups are in order of their first call, each in call order, and
// share one backing array (a year has tens of thousands of places).
func groupCalls(calls []Call, diameterM float64) [][]int {
	itemOf := make([]int32, len(calls)) // -1: not placed exactly
	byKey := map[string]int32{}
	n := len(calls)
	weight, points := make([]int, 0, n), make([]int32, 0, n)
	sumLat, sumLon := make([]float64, 0, n), make([]float64, 0, n)
	for i, c := range calls {
		if !c.exact() {
			itemOf[i] = -1
			continue
		}
		k, ok := byKey[c.AddressKey]
		if !ok || c.AddressKey == "" {
			k = int32(len(weight))
			weight, sumLat, sumLon, points = append(weight, 0), append(sumLat, 0), append(sumLon, 0), append(points, 0)
			if c.AddressKey != "" {
				byKey[c.AddressKey] = k
			}
		}
		itemOf[i] = k
		weight[k]++
		if c.hasPoint() {
			sumLat[k] += c.Lat
			sumLon[k] += c.Lon
			points[k]++
		}
	}
	// The items with a point are grouped; each without is a group of its own.
	pts, ws := make([]orb.Point, 0, len(weight)), make([]int, 0, len(weight))
	at := make([]int32, len(weight)) // item → index in pts, or -1
	for k := range weight {
		at[k] = -1
		if points[k] > 0 {
			m := float64(points[k])
			at[k] = int32(len(pts))
			pts = append(pts, orb.Point{sumLon[k] / m, sumLat[k] / m})
			ws = append(ws, weight[k])
		}
	}
	labels := geo.Group(pts, ws, diameterM)
	// Number groups by their first call, then lay them out in one array.
	byLabel := make([]int32, len(pts))   // geo.Group's label → group, -1 for none yet
	byItem := make([]int32, len(weight)) // an item without point → group, -1 for none yet
	for i := range byLabel {
		byLabel[i] = -1
	}
	for i := range byItem {
		byItem[i] = -1
	}
	groupOf := make([]int32, len(calls))
	var sizes []int
	for i, k := range itemOf {
		if k < 0 {
			groupOf[i] = -1
			continue
		}
		slot := &byItem[k]
		if at[k] >= 0 {
			slot = &byLabel[labels[at[k]]]
		}
		if *slot < 0 {
			*slot = int32(len(sizes))
			sizes = append(sizes, 0)
		}
		groupOf[i] = *slot
		sizes[*slot]++
	}
	flat := make([]int, 0, len(calls))
	groups := make([][]int, len(sizes))
	for g, n := range sizes {
		groups[g] = flat[len(flat) : len(flat) : len(flat)+n]
		flat = flat[:len(flat)+n]
	}
	for i, g := range groupOf {
		if g >= 0 {
			groups[g] = append(groups[g], i)
		}
	}
	return groups
}

// ShownAddress is how a place's street address is shown: normalised to its building
// (geo.NormalizeAddress: no unit, standard suffixes and directions, upper case).
func ShownAddress(street string) string { return geo.NormalizeAddress(street) }

// notPlaced counts the calls not placed exactly.
func notPlaced(calls []Call) NotPlaced {
	np := NotPlaced{Towns: []TownCalls{}}
	towns := map[string]int{}
	for _, c := range calls {
		if c.exact() {
			continue
		}
		np.Calls++
		switch c.Inexact {
		case InexactZIP:
			np.ZIP++
		case InexactTown:
			np.Town++
		default:
			np.Unknown++
		}
		towns[c.Town]++
	}
	for _, t := range countKeys(towns) {
		np.Towns = append(np.Towns, TownCalls{Town: t, Calls: towns[t]})
	}
	return np
}

// place summarizes the calls of one group (indexes g into calls) as a Place: its point
// is the mean of the calls that have one.
func place(calls []Call, g []int, institutions []Institution) Place {
	p := Place{Calls: len(g)}
	people := map[string]bool{}
	towns := map[string]int{}
	addresses, keys := map[string]int{}, map[string]int{}
	for k, i := range g {
		c := calls[i]
		if c.PersonID != "" {
			people[c.PersonID] = true
		}
		if c.Town != "" {
			towns[c.Town]++
		}
		if c.Address != "" {
			addresses[c.Address]++
		}
		if c.AddressKey != "" {
			keys[c.AddressKey]++
		}
		if k == 0 || c.At.Before(p.FirstCall) {
			p.FirstCall = c.At
		}
		if k == 0 || c.At.After(p.LastCall) {
			p.LastCall = c.At
		}
		if c.FollowedUp {
			p.FollowedUp++
		}
	}
	p.People = len(people)
	if ts := countKeys(towns); len(ts) > 0 {
		p.Town = ts[0]
	}
	if as := countKeys(addresses); len(as) > 0 {
		p.Address = as[0]
	}
	if ks := countKeys(keys); len(ks) > 0 {
		p.AddressKey = ks[0]
	}
	p.Lat, p.Lon, _ = centre(calls, g)
	if inst := nearestInstitution(calls, g, institutions, InstitutionWithinM); inst != nil {
		p.Institutional, p.Institution = true, inst.Kind
	}
	return p
}

// centre is the point of a group (indexes g into calls): the mean of the calls that have
// one, rounded to PlaceDecimals; not ok when none has.
func centre(calls []Call, g []int) (lat, lon float64, ok bool) {
	var sumLat, sumLon float64
	points := 0
	for _, i := range g {
		if c := &calls[i]; c.hasPoint() {
			sumLat += c.Lat
			sumLon += c.Lon
			points++
		}
	}
	if points == 0 {
		return 0, 0, false
	}
	// Three decimals (about 100 m) name a block, not a door: a place may be someone's
	// home. Rounding also makes the centre the same however the sum was ordered.
	return round(sumLat/float64(points), PlaceDecimals), round(sumLon/float64(points), PlaceDecimals), true
}

// Institution is a directory location whose calls say little about repeat need: people
// in crisis are brought to, or call from, shelters, hospitals and police stations. Kind
// is InstitutionKind's answer; Name is the listing's (public, not a person's).
type Institution struct {
	Point orb.Point
	Kind  string
	Name  string
}

// The kinds of institution.
const (
	KindHospital = "hospital"
	KindShelter  = "shelter"
	KindPolice   = "police"
	KindJail     = "jail"
)

// InstitutionRule is how institutions are recognised and places marked, for the API
// document and the metric dictionary.
const InstitutionRule = "A directory location is an institution when the name of a service there, of its organization or of the location " +
	"contains shelter (shelter); hospital, emergency department or emergency room (hospital); police (police); jail or house of correction (jail); " +
	"or when a service there offers the inpatient level of care (hospital). A place is institutional when any of its calls lies within 75 m " +
	"(InstitutionWithinM) of such a location; institution names the kind of the nearest one. Its calls are counted as any others."

// InstitutionKeywords mark a directory listing (by its service's, organization's or
// location's name) as an institution, with the kind each keyword gives.
var InstitutionKeywords = []string{"shelter", "hospital", "police", "emergency department", "emergency room", "jail", "house of correction"}

var keywordKind = map[string]string{"shelter": KindShelter, "hospital": KindHospital, "police": KindPolice,
	"emergency department": KindHospital, "emergency room": KindHospital, "jail": KindJail, "house of correction": KindJail}

// InstitutionLevels are the levels of care whose sites count as institutions too:
// inpatient units are hospitals whatever they are called.
var InstitutionLevels = []string{"inpatient"}

// InstitutionKind names the kind of institution the names describe (the first keyword
// found, in InstitutionKeywords' order), hospital when inpatient is true and no keyword
// is found, and "" when it is no institution.
func InstitutionKind(inpatient bool, names ...string) string {
	for _, k := range InstitutionKeywords {
		for _, n := range names {
			if strings.Contains(strings.ToLower(n), k) {
				return keywordKind[k]
			}
		}
	}
	if inpatient {
		return KindHospital
	}
	return ""
}

// nearestInstitution returns the institution nearest to any call of the place within
// withinM metres, or nil. A cheap latitude test skips most pairs before the
// great-circle distance.
func nearestInstitution(calls []Call, g []int, institutions []Institution, withinM float64) *Institution {
	dLat := withinM / 111_000 * 1.01
	var best *Institution
	bestD := math.Inf(1)
	for k := range institutions {
		inst := &institutions[k]
		for _, i := range g {
			c := calls[i]
			if !c.hasPoint() || math.Abs(c.Lat-inst.Point[1]) > dLat {
				continue
			}
			if d := geo.DistanceKm(orb.Point{c.Lon, c.Lat}, inst.Point) * 1000; d <= withinM && d < bestD {
				best, bestD = inst, d
			}
		}
	}
	return best
}
