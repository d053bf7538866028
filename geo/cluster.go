package geo

import (
	"cmp"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// Cluster groups points so that points within radiusM metres of each other
// (transitively, single linkage) share a cluster. It exists for the "repeat
// 911 calls from the same location" measure, where one address geocodes to
// slightly different points on different calls.
//
// The rule: two points are linked when DistanceKm(a, b)*1000 <= radiusM;
// clusters are the connected components of that relation, so a chain of
// points each within radiusM of the next is one cluster however long it is.
// Identical points always share a cluster, even with radiusM <= 0. Points
// with NaN or infinite coordinates are never linked to anything. Links are
// not made across the ±180° meridian.
//
// The result has one entry per input index: its cluster number. Clusters are
// numbered 0, 1, 2, ... in order of their first member in the input, so the
// grouping depends only on the set of points and the numbering only on
// their order.
//
// Points are bucketed in a grid whose cells are at least radiusM on a side,
// so only the 3×3 neighbouring cells are compared, and components are joined
// with union-find: about linear time (200,000 points in well under a
// second). Many points at one exact location are collapsed first, so a
// single address with thousands of calls does not make a cell quadratic.
func Cluster(points []orb.Point, radiusM float64) []int {
	n := len(points)
	uf := newUnionFind(n)

	cellLat, cellLon := clusterCellDeg(points, radiusM)
	type entry struct {
		row, col int64 // grid cell: latitude row, longitude column
		p        orb.Point
		idx      int32
	}
	entries := make([]entry, 0, n)
	for i, p := range points {
		if !finite(p) {
			continue
		}
		entries = append(entries, entry{
			row: int64(math.Floor(p[1] / cellLat)),
			col: int64(math.Floor(p[0] / cellLon)),
			p:   p,
			idx: int32(i),
		})
	}
	// Sorting by cell, then coordinates, puts each cell's points together,
	// duplicates next to each other, and cells in row-major order for the
	// neighbour sweep below.
	slices.SortFunc(entries, func(a, b entry) int {
		switch {
		case a.row != b.row:
			return cmp.Compare(a.row, b.row)
		case a.col != b.col:
			return cmp.Compare(a.col, b.col)
		case a.p[0] != b.p[0]:
			return cmp.Compare(a.p[0], b.p[0])
		case a.p[1] != b.p[1]:
			return cmp.Compare(a.p[1], b.p[1])
		}
		return cmp.Compare(a.idx, b.idx)
	})

	// Collapse duplicates to one representative each, and record each
	// cell's span of representatives.
	type cell struct {
		row, col int64
		lo, hi   int // reps[lo:hi]
	}
	reps := make([]int32, 0, len(entries))
	var cells []cell
	for i, e := range entries {
		if i > 0 && e.p == entries[i-1].p {
			uf.union(int(reps[len(reps)-1]), int(e.idx))
			continue
		}
		if len(cells) == 0 || cells[len(cells)-1].row != e.row || cells[len(cells)-1].col != e.col {
			cells = append(cells, cell{row: e.row, col: e.col, lo: len(reps)})
		}
		reps = append(reps, e.idx)
		cells[len(cells)-1].hi = len(reps)
	}

	if radiusM > 0 { // also false for NaN
		// The trigonometry is the cost, so it is skipped for pairs that are
		// already joined (most pairs in a dense cluster) or whose latitude
		// difference alone rules them out.
		link := func(a, b int32) {
			pa, pb := points[a], points[b]
			if math.Abs(pa[1]-pb[1]) > cellLat {
				return
			}
			ra, rb := uf.find(int(a)), uf.find(int(b))
			if ra != rb && DistanceKm(pa, pb)*1000 <= radiusM {
				uf.union(ra, rb)
			}
		}
		cross := func(s, t cell) {
			for i := s.lo; i < s.hi; i++ {
				for j := t.lo; j < t.hi; j++ {
					link(reps[i], reps[j])
				}
			}
		}
		// Each unordered pair of neighbouring cells is visited once: a cell
		// with itself, with its right neighbour, and with the three cells in
		// the row above. Cells are in row-major order, so the row-above
		// cells are found by a pointer that only moves forward.
		up := 0
		for i, c := range cells {
			for a := c.lo; a < c.hi; a++ {
				for b := a + 1; b < c.hi; b++ {
					link(reps[a], reps[b])
				}
			}
			if i+1 < len(cells) && cells[i+1].row == c.row && cells[i+1].col == c.col+1 {
				cross(c, cells[i+1])
			}
			for up < len(cells) && (cells[up].row < c.row+1 || cells[up].row == c.row+1 && cells[up].col < c.col-1) {
				up++
			}
			for k := up; k < len(cells) && cells[k].row == c.row+1 && cells[k].col <= c.col+1; k++ {
				cross(c, cells[k])
			}
		}
	}

	out := make([]int, n)
	label := make([]int32, n) // by root; 0 = unnumbered, else cluster+1
	next := int32(0)
	for i := range out {
		r := uf.find(i)
		if label[r] == 0 {
			next++
			label[r] = next
		}
		out[i] = int(label[r] - 1)
	}
	return out
}

// clusterCellDeg returns grid cell sizes in degrees such that any two points
// within radiusM of each other are in the same or adjacent cells. Latitude
// is easy (a degree is the same everywhere on a sphere); a longitude degree
// shrinks towards the poles, so the column width is taken at the
// highest-latitude point, where it is widest in degrees, using the exact
// haversine bound rather than a small-angle approximation.
func clusterCellDeg(points []orb.Point, radiusM float64) (lat, lon float64) {
	// The floor keeps floor(coord/cell) well inside int64 for tiny radii;
	// larger cells than necessary are still correct, only slower.
	const minCell = 1e-9
	theta := 0.0 // radians
	if radiusM > 0 {
		theta = min(radiusM/orb.EarthRadius, math.Pi) // +Inf links everything
	}
	maxAbsLat := 0.0
	for _, p := range points {
		if finite(p) {
			maxAbsLat = max(maxAbsLat, math.Abs(p[1]))
		}
	}
	c := math.Cos(maxAbsLat * math.Pi / 180)
	// hav(d) >= cos(lat1)cos(lat2)hav(dLon) >= c² hav(dLon)
	// ⇒ sin(dLon/2) <= sin(d/2)/c.
	s := 1.0
	if c > 0 {
		s = min(1, math.Sin(theta/2)/c)
	}
	dLon := 2 * math.Asin(s)
	return max(theta*180/math.Pi, minCell), max(dLon*180/math.Pi, minCell)
}

func finite(p orb.Point) bool {
	return !math.IsNaN(p[0]) && !math.IsNaN(p[1]) && !math.IsInf(p[0], 0) && !math.IsInf(p[1], 0)
}

// unionFind is a disjoint-set forest with union by size and path halving.
type unionFind struct {
	parent, size []int32
}

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int32, n), size: make([]int32, n)}
	for i := range u.parent {
		u.parent[i] = int32(i)
		u.size[i] = 1
	}
	return u
}

func (u *unionFind) find(x int) int {
	for int(u.parent[x]) != x {
		u.parent[x] = u.parent[u.parent[x]]
		x = int(u.parent[x])
	}
	return x
}

func (u *unionFind) union(a, b int) {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return
	}
	if u.size[ra] < u.size[rb] {
		ra, rb = rb, ra
	}
	u.parent[rb] = int32(ra)
	u.size[ra] += u.size[rb]
}
