package measures

import (
	"math"

	"github.com/paulmach/orb"

	"handoff/geo"
)

// How the repeat-location measure turns calls into places: calls cluster by distance
// (geo.Cluster, single linkage), a place is the mean point of its calls, and a place
// near an institution is marked, since its count is inflated by where people are taken.

// clusterCalls groups the calls' indexes into places with geo.Cluster.
func clusterCalls(calls []Call, radiusM float64) [][]int {
	pts := make([]orb.Point, len(calls))
	for i, c := range calls {
		pts[i] = orb.Point{c.Lon, c.Lat}
	}
	var groups [][]int
	for i, g := range geo.Cluster(pts, radiusM) {
		for g >= len(groups) {
			groups = append(groups, nil)
		}
		groups[g] = append(groups[g], i)
	}
	return groups
}

// place summarizes the calls of one group (indexes g into calls) as a Place.
func place(calls []Call, g []int, institutions []orb.Point, radiusM float64) Place {
	p := Place{Calls: len(g)}
	people := map[string]bool{}
	towns := map[string]int{}
	var sumLat, sumLon float64
	for k, i := range g {
		c := calls[i]
		sumLat += c.Lat
		sumLon += c.Lon
		if c.PersonID != "" {
			people[c.PersonID] = true
		}
		if c.Town != "" {
			towns[c.Town]++
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
	// Three decimals (about 100 m) name a block, not a door: a place may be someone's
	// home. Rounding also makes the centre the same however the sum was ordered.
	p.Lat = round(sumLat/float64(len(g)), PlaceDecimals)
	p.Lon = round(sumLon/float64(len(g)), PlaceDecimals)
	p.Institutional = nearInstitution(calls, g, institutions, radiusM)
	return p
}

// nearInstitution reports whether an institution lies within radiusM of any call of the
// place. A cheap latitude test skips most pairs before the great-circle distance.
func nearInstitution(calls []Call, g []int, institutions []orb.Point, radiusM float64) bool {
	dLat := radiusM / 111_000 * 1.01
	for _, inst := range institutions {
		for _, i := range g {
			c := calls[i]
			if math.Abs(c.Lat-inst[1]) > dLat {
				continue
			}
			if geo.DistanceKm(orb.Point{c.Lon, c.Lat}, inst)*1000 <= radiusM {
				return true
			}
		}
	}
	return false
}

// InstitutionKeywords mark a directory listing (by its service's or organization's
// name) as an institution whose address distorts repeat-call counts: people in crisis
// are brought to, or call from, shelters, hospitals and police stations.
var InstitutionKeywords = []string{"shelter", "hospital", "police", "emergency department", "emergency room", "jail", "house of correction"}

// InstitutionLevels are the levels of care whose sites count as institutions too:
// inpatient units are hospitals whatever they are called.
var InstitutionLevels = []string{"inpatient"}
