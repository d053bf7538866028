package geo

import (
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// interiorPoint finds a point inside mp for towns whose area centroid falls
// outside them. orb has no point-on-surface operation, so this is the JTS
// InteriorPoint idea: cut the largest polygon with a horizontal line and take
// the middle of the widest stretch that is inside. The line through the
// centroid's latitude (preferY) is tried first so the point stays near the
// centroid; other latitudes are fallbacks for lines that only graze the shape.
func interiorPoint(mp orb.MultiPolygon, preferY float64) orb.Point {
	if len(mp) == 0 || len(mp[0]) == 0 || len(mp[0][0]) == 0 {
		return orb.Point{}
	}
	largest := mp[0]
	largestArea := -1.0
	for _, p := range mp {
		if a := planar.Area(p); a > largestArea {
			largest, largestArea = p, a
		}
	}

	b := largest.Bound()
	ys := []float64{preferY}
	for _, f := range []float64{0.5, 0.25, 0.75, 0.1, 0.9, 0.4, 0.6} {
		ys = append(ys, b.Min[1]+f*(b.Max[1]-b.Min[1]))
	}
	for _, y := range ys {
		if y <= b.Min[1] || y >= b.Max[1] {
			continue
		}
		if p, ok := widestSpanMidpoint(largest, y); ok && planar.MultiPolygonContains(mp, p) {
			return p
		}
	}
	// A vertex is on the boundary, which orb counts as inside.
	return largest[0][0]
}

// widestSpanMidpoint intersects every ring of p with the line at latitude y.
// The half-open test (one end strictly above y, the other not) counts a
// vertex lying exactly on the line once, so crossings pair up and, by the
// even-odd rule, alternate between entering and leaving the polygon.
func widestSpanMidpoint(p orb.Polygon, y float64) (orb.Point, bool) {
	var xs []float64
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if (a[1] > y) != (b[1] > y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
	}
	slices.Sort(xs)
	best, bestW := -1, 0.0
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > bestW {
			best, bestW = i, w
		}
	}
	if best < 0 {
		return orb.Point{}, false
	}
	return orb.Point{(xs[best] + xs[best+1]) / 2, y}, true
}
