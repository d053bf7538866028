package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// cellIndex finds Group's neighbours: the finite items bucketed in a grid of cells at
// least the limit wide, so that only the 3×3 cells around an item can hold its
// neighbours. The items are copied in cell order into one array, and each cell knows
// its eight neighbours, so that a search walks contiguous memory with no lookup per
// item: on a year of calls, Group's cost was mostly hash lookups and cache misses.
type cellIndex struct {
	cellOf []int32     // item → its cell, -1 when not bucketed
	start  []int32     // cell → its first slot in sorted; start[len] = len(sorted)
	nbr    [][9]int32  // cell → the 3×3 cells around it (itself included), -1 for none
	sorted []groupItem // the bucketed items, cell by cell
	index  []int32     // slot in sorted → item
}

// newCellIndex buckets the finite items (the distinct points of points) when the limit
// d is positive; otherwise no item has neighbours.
func newCellIndex(items []groupItem, points []orb.Point, d float64) *cellIndex {
	g := &cellIndex{cellOf: make([]int32, len(items))}
	if d <= 0 {
		for i := range g.cellOf {
			g.cellOf[i] = -1
		}
		return g
	}
	cellLat, cellLon := clusterCellDeg(points, max(d, 1e-3))
	// Cells are found by sorting the items' cell keys, not by hashing: one sort of a
	// year's points is cheaper than as many map operations.
	key := func(row, col int64) int64 { return row<<32 | int64(uint32(int32(col))) }
	type keyed struct {
		k int64
		i int32
	}
	ks := make([]keyed, 0, len(items))
	for i, it := range items {
		g.cellOf[i] = -1
		if it.finite {
			ks = append(ks, keyed{key(int64(math.Floor(it.p[1]/cellLat)), int64(math.Floor(it.p[0]/cellLon))), int32(i)})
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Compare(a.k, b.k) })
	var cells []int64
	g.sorted = make([]groupItem, len(ks))
	g.index = make([]int32, len(ks))
	for s, x := range ks {
		if len(cells) == 0 || cells[len(cells)-1] != x.k {
			cells = append(cells, x.k)
			g.start = append(g.start, int32(s))
		}
		g.cellOf[x.i] = int32(len(cells) - 1)
		g.sorted[s], g.index[s] = items[x.i], x.i
	}
	g.start = append(g.start, int32(len(ks)))
	g.nbr = make([][9]int32, len(cells))
	for c, k := range cells {
		row, col := k>>32, int64(int32(uint32(k)))
		n := 0
		for dr := int64(-1); dr <= 1; dr++ {
			for dc := int64(-1); dc <= 1; dc++ {
				g.nbr[c][n] = -1
				if o, ok := slices.BinarySearch(cells, key(row+dr, col+dc)); ok {
					g.nbr[c][n] = int32(o)
				}
				n++
			}
		}
	}
	return g
}

// near calls f with every other item within d of item i and its distance.
func (g *cellIndex) near(items []groupItem, i int, d float64, f func(j int, dist float64)) {
	c := g.cellOf[i]
	if c < 0 {
		return
	}
	a := &items[i]
	for _, o := range g.nbr[c] {
		if o < 0 {
			continue
		}
		for s := g.start[o]; s < g.start[o+1]; s++ {
			j := int(g.index[s])
			if j == i {
				continue
			}
			if dist, ok := within(a, &g.sorted[s], d); ok {
				f(j, dist)
			}
		}
	}
}

// densities is each item's weight plus the weights of the items within d of it.
func (g *cellIndex) densities(items []groupItem, d float64) []int {
	density := make([]int, len(items))
	for i, it := range items {
		density[i] = it.w
	}
	for c := range g.nbr {
		for s := g.start[c]; s < g.start[c+1]; s++ {
			a, i := &g.sorted[s], g.index[s]
			sum := 0
			for _, o := range g.nbr[c] {
				if o < 0 {
					continue
				}
				for t := g.start[o]; t < g.start[o+1]; t++ {
					if t != s && closeEnough(a, &g.sorted[t], d) {
						sum += g.sorted[t].w
					}
				}
			}
			density[i] += sum
		}
	}
	return density
}

// closeEnough is within without the distance: the flat-earth test on squares settles
// all but the pairs within 1% of d, as within does, without a square root.
func closeEnough(a, b *groupItem, d float64) bool {
	dy := (a.p[1] - b.p[1]) * metresPerDegree
	if dy > 1.01*d || dy < -1.01*d {
		return false
	}
	if d <= flatMaxM && a.cosLat > polarCos && b.cosLat > polarCos {
		dx := (a.p[0] - b.p[0]) * metresPerDegree * (a.cosLat + b.cosLat) / 2
		sq := dx*dx + dy*dy
		switch {
		case sq > 1.0201*d*d: // (1.01 d)²
			return false
		case sq < 0.9801*d*d: // (0.99 d)²
			return true
		}
	}
	return DistanceKm(a.p, b.p)*1000 <= d
}
