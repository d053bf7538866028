package directory

import (
	"sort"

	"github.com/paulmach/orb"

	"handoff/geo"
)

// NearestWithin keeps the services-at-location whose location lies within km of centre
// (by geo.DistanceKm, as search measures), nearest first and then by id. One without
// an embedded location or without coordinates is left out: it has no distance.
func NearestWithin(sals []ServiceAtLocation, centre orb.Point, km float64) []ServiceAtLocation {
	type hit struct {
		sal ServiceAtLocation
		d   float64
	}
	var hits []hit
	for _, x := range sals {
		l := x.Location
		if l == nil || l.Latitude == nil || l.Longitude == nil {
			continue
		}
		if d := geo.DistanceKm(centre, orb.Point{*l.Longitude, *l.Latitude}); d <= km {
			hits = append(hits, hit{x, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].d != hits[j].d {
			return hits[i].d < hits[j].d
		}
		return hits[i].sal.ID < hits[j].sal.ID
	})
	out := make([]ServiceAtLocation, len(hits))
	for i, h := range hits {
		out[i] = h.sal
	}
	return out
}
