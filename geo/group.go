package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Group partitions points into groups no wider than diameterM metres: any two points of
// a group are within diameterM of each other (great-circle, DistanceKm), however many
// points lie in between. It replaces Cluster's single linkage for the repeat-location
// measure, where a chain of single calls along a street must not become one "place".
//
// weights, when given (one per point, each at least 1), say how much a point counts
// when choosing seeds; nil counts every point once. Identical points always share a
// group and count as one point of their summed weight.
//
// The rule, a greedy complete-linkage grouping with a diameter bound ("leader"
// clustering that checks every member, not only the leader):
//
//  1. each distinct point's density is the weight of the points within diameterM of it;
//  2. points are taken as seeds from the densest down (ties: heavier, then south to
//     north, then west to east), skipping those already grouped;
//  3. a seed's group takes the ungrouped points within diameterM of the seed, heaviest
//     then nearest first, each only when it is within diameterM of every point taken.
//
// So the busiest spot anchors its place, the fixes of one building (all within
// diameterM of each other) are one group, and no group is wider than diameterM. The
// grouping depends only on the set of points and weights, not on their order; groups
// are numbered 0, 1, 2, … in order of their first member in the input. Points with NaN
// or infinite coordinates, and every point when diameterM is not positive, are groups
// of their own (identical points aside); as in Cluster, groups do not span the ±180°
// meridian.
//
// Points are bucketed in a grid of cells at least diameterM wide, so only the 3×3
// neighbouring cells are searched; the cost is about linear in the number of points
// when places are small, and grows with the square of the distinct points of one place.
func Group(points []orb.Point, weights []int, diameterM float64) []int {
	n := len(points)
	if n == 0 {
		return []int{}
	}
	d := diameterM
	if !(d > 0) { // also NaN
		d = 0
	}
	items, of := distinctPoints(points, weights)
	g := newCellIndex(items, points, d)
	near := func(i int, f func(j int, dist float64)) { g.near(items, i, d, f) }
	// Densities need every item's neighbours, but only summed; the lists are found
	// again for the seeds, which are few where points are dense.
	density := g.densities(items, d)
	// An item with no neighbour is a group of its own whatever the order, so only the
	// others are sorted into seeds (densest first), as records that compare without
	// indirection.
	group := make([]int32, len(items)) // 0: ungrouped, else group+1
	next := int32(0)
	type seed struct {
		density, w int
		lat, lon   float64
		i          int
	}
	order := make([]seed, 0, len(items))
	for i, it := range items {
		if density[i] == it.w {
			next++
			group[i] = next
			continue
		}
		order = append(order, seed{density[i], it.w, it.p[1], it.p[0], i})
	}
	slices.SortFunc(order, func(a, b seed) int {
		// Not cmp.Or: it would compare every field of every pair, and most pairs
		// differ in density.
		if c := cmp.Compare(b.density, a.density); c != 0 {
			return c
		}
		if c := cmp.Compare(b.w, a.w); c != 0 {
			return c
		}
		return cmp.Or(cmp.Compare(a.lat, b.lat), cmp.Compare(a.lon, b.lon))
	})
	type cand struct {
		j    int
		dist float64
	}
	var cands []cand
	var members []int
	for _, sd := range order {
		s := sd.i
		if group[s] != 0 {
			continue
		}
		next++
		group[s] = next
		if !items[s].finite || d == 0 {
			continue
		}
		cands = cands[:0]
		near(s, func(j int, dist float64) {
			if group[j] == 0 {
				cands = append(cands, cand{j, dist})
			}
		})
		slices.SortFunc(cands, func(a, b cand) int {
			return cmp.Or(cmp.Compare(items[b.j].w, items[a.j].w), cmp.Compare(a.dist, b.dist),
				comparePoints(items[a.j].p, items[b.j].p))
		})
		members = append(members[:0], s)
		for _, c := range cands {
			if withinAll(&items[c.j], members, items, d) {
				members = append(members, c.j)
				group[c.j] = next
			}
		}
	}

	// Number groups by their first member in the input.
	out := make([]int, n)
	label := make([]int32, next+1) // by group; 0 = unnumbered, else number+1
	count := int32(0)
	for i := range out {
		g := group[of[i]]
		if label[g] == 0 {
			count++
			label[g] = count
		}
		out[i] = int(label[g] - 1)
	}
	return out
}

// groupItem is one distinct point with the weight of the points at it.
type groupItem struct {
	p      orb.Point
	w      int
	finite bool
	cosLat float64 // of p's latitude, for within
}

// distinctPoints collapses identical points: it returns the distinct points with their
// summed weights and, for each input point, the index of its item. Non-finite points
// stay items of their own.
func distinctPoints(points []orb.Point, weights []int) ([]groupItem, []int32) {
	of := make([]int32, len(points))
	seen := make(map[orb.Point]int32, len(points))
	items := make([]groupItem, 0, len(points))
	for i, p := range points {
		w := 1
		if weights != nil && weights[i] > 1 {
			w = weights[i]
		}
		if !finite(p) {
			of[i] = int32(len(items))
			items = append(items, groupItem{p: p, w: w})
			continue
		}
		k, ok := seen[p]
		if !ok {
			k = int32(len(items))
			seen[p] = k
			items = append(items, groupItem{p: p, finite: true, cosLat: math.Cos(p[1] * math.Pi / 180)})
		}
		items[k].w += w
		of[i] = k
	}
	return items, of
}

// withinAll reports whether item a is within d metres of every member.
func withinAll(a *groupItem, members []int, items []groupItem, d float64) bool {
	for _, m := range members {
		if _, ok := within(a, &items[m], d); !ok {
			return false
		}
	}
	return true
}

// metresPerDegree is a degree of latitude on DistanceKm's sphere.
const metresPerDegree = orb.EarthRadius * math.Pi / 180

// within reports whether items a and b are within d metres (great-circle, as
// DistanceKm), and their distance when they are. The trigonometry is the cost, so a
// flat-earth distance (a degree of longitude shortened by the mean of the two
// latitudes' cosines), within a fraction of a percent of the great circle at these
// distances, settles every pair but those within 1% of d, which get the exact
// distance; near the poles, and for limits over flatMaxM, every pair does.
func within(a, b *groupItem, d float64) (float64, bool) {
	dy := (a.p[1] - b.p[1]) * metresPerDegree
	if dy > 1.01*d || dy < -1.01*d {
		return 0, false
	}
	if d <= flatMaxM && a.cosLat > polarCos && b.cosLat > polarCos {
		dx := (a.p[0] - b.p[0]) * metresPerDegree * (a.cosLat + b.cosLat) / 2
		flat := math.Sqrt(dx*dx + dy*dy)
		switch {
		case flat > 1.01*d:
			return 0, false
		case flat < 0.99*d:
			return flat, true
		}
	}
	exact := DistanceKm(a.p, b.p) * 1000
	return exact, exact <= d
}

// flatMaxM is the largest limit the flat-earth shortcut serves: over 10 km the
// curvature is no longer negligible against the 1% margin.
const flatMaxM = 10_000

// polarCos is cos(80°): beyond it the flat-earth shortcut is not taken.
var polarCos = math.Cos(80 * math.Pi / 180)

// comparePoints orders points south to north, then west to east.
func comparePoints(a, b orb.Point) int {
	return cmp.Or(cmp.Compare(a[1], b[1]), cmp.Compare(a[0], b[0]))
}

// Diameter is the largest distance in metres between two of the points (0 for fewer
// than two); for tests and for reporting how wide a group is.
func Diameter(points []orb.Point) float64 {
	out := 0.0
	for i := range points {
		for j := i + 1; j < len(points); j++ {
			out = max(out, DistanceKm(points[i], points[j])*1000)
		}
	}
	return out
}
