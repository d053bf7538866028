package geo

import (
	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// DistanceKm is the great-circle distance in kilometres between two lon/lat points.
//
// It is orb's haversine distance (sphere of radius 6,378,137 m) rather than
// orb's cheaper equirectangular geo.Distance, because the same function
// serves both the few-metre comparisons of Cluster and the long
// "how far is this service" distances, and haversine is accurate at both.
// The sphere is within about 0.5% of the ellipsoid, which is plenty here.
func DistanceKm(a, b orb.Point) float64 {
	return orbgeo.DistanceHaversine(a, b) / 1000
}
