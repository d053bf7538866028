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
// of their own (identical points aside).
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
	// Neighbours within d of each item, found once through a grid of cells at least d
	// wide (only the 3×3 cells around an item can hold them) and kept as flat lists.
	cellLat, cellLon := clusterCellDeg(points, max(d, 1e-3))
	key := func(row, col float64) int64 { return int64(row)<<32 | int64(uint32(int32(col))) }
	grid := map[int64][]int32{}
	for i, it := range items {
		if it.finite && d > 0 {
			k := key(math.Floor(it.p[1]/cellLat), math.Floor(it.p[0]/cellLon))
			grid[k] = append(grid[k], int32(i))
		}
	}
	type neighbour struct {
		j    int32
		dist float32
	}
	start := make([]int32, len(items)+1)
	var nbrs []neighbour
	density := make([]int, len(items))
	for i, it := range items {
		start[i] = int32(len(nbrs))
		density[i] = it.w
		if !it.finite || d == 0 {
			continue
		}
		row, col := math.Floor(it.p[1]/cellLat), math.Floor(it.p[0]/cellLon)
		for dr := -1.0; dr <= 1; dr++ {
			for dc := -1.0; dc <= 1; dc++ {
				k := key(row+dr, col+dc)
				for _, j := range grid[k] {
					if int(j) == i || math.Abs(items[j].p[1]-it.p[1]) > cellLat {
						continue
					}
					if dist := DistanceKm(it.p, items[j].p) * 1000; dist <= d {
						nbrs = append(nbrs, neighbour{j, float32(dist)})
						density[i] += items[j].w
					}
				}
			}
		}
	}
	start[len(items)] = int32(len(nbrs))
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(density[b], density[a]), cmp.Compare(items[b].w, items[a].w),
			comparePoints(items[a].p, items[b].p))
	})

	group := make([]int32, len(items)) // 0: ungrouped, else group+1
	next := int32(0)
	type cand struct {
		j    int
		dist float64
	}
	var cands []cand
	var members []int
	for _, s := range order {
		if group[s] != 0 {
			continue
		}
		next++
		group[s] = next
		if !items[s].finite || d == 0 {
			continue
		}
		cands = cands[:0]
		for _, nb := range nbrs[start[s]:start[s+1]] {
			if group[nb.j] == 0 {
				cands = append(cands, cand{int(nb.j), float64(nb.dist)})
			}
		}
		slices.SortFunc(cands, func(a, b cand) int {
			return cmp.Or(cmp.Compare(items[b.j].w, items[a.j].w), cmp.Compare(a.dist, b.dist),
				comparePoints(items[a.j].p, items[b.j].p))
		})
		members = append(members[:0], s)
		for _, c := range cands {
			if withinAll(items[c.j].p, members, items, d) {
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
}

// distinctPoints collapses identical points: it returns the distinct points with their
// summed weights and, for each input point, the index of its item. Non-finite points
// stay items of their own.
func distinctPoints(points []orb.Point, weights []int) ([]groupItem, []int32) {
	of := make([]int32, len(points))
	seen := make(map[orb.Point]int32, len(points))
	var items []groupItem
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
			items = append(items, groupItem{p: p, finite: true})
		}
		items[k].w += w
		of[i] = k
	}
	return items, of
}

// withinAll reports whether p is within d metres of every member.
func withinAll(p orb.Point, members []int, items []groupItem, d float64) bool {
	for _, m := range members {
		if DistanceKm(p, items[m].p)*1000 > d {
			return false
		}
	}
	return true
}

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
