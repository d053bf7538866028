package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
)

// holyokeCityHall is the origin for the synthetic test points.
var holyokeCityHall = orb.Point{-72.6162, 42.2043}

func offset(from orb.Point, bearingDeg, metres float64) orb.Point {
	return orbgeo.PointAtBearingAndDistance(from, bearingDeg, metres)
}

// sameGrouping reports whether two labelings put the same indices together,
// whatever numbers they use.
func sameGrouping(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for j := range a {
			if (a[i] == a[j]) != (b[i] == b[j]) {
				return false
			}
		}
	}
	return true
}

// numberedByFirstAppearance checks the numbering rule of Cluster.
func numberedByFirstAppearance(labels []int) bool {
	next := 0
	for _, l := range labels {
		if l == next {
			next++
		} else if l > next || l < 0 {
			return false
		}
	}
	return true
}

func TestCluster(t *testing.T) {
	o := holyokeCityHall
	three := []orb.Point{o, offset(o, 90, 20), offset(o, 0, 25)}
	tests := []struct {
		name   string
		points []orb.Point
		radius float64
		want   []int
	}{
		{"three close, one 200 m away", append(slices.Clone(three), offset(o, 180, 200)), 75, []int{0, 0, 0, 1}},
		{"far point first", append([]orb.Point{offset(o, 180, 200)}, three...), 75, []int{0, 1, 1, 1}},
		{"chain 60 m apart links end to end", chain(o, 10, 60), 75, make([]int, 10)},
		{"chain 80 m apart stays separate", chain(o, 5, 80), 75, []int{0, 1, 2, 3, 4}},
		{"exactly at the radius links", []orb.Point{o, offset(o, 45, 50)}, DistanceKm(o, offset(o, 45, 50)) * 1000, []int{0, 0}},
		{"duplicates share a cluster at radius 0", []orb.Point{o, offset(o, 0, 1), o}, 0, []int{0, 1, 0}},
		{"two chains", append(chain(o, 3, 50), chain(offset(o, 90, 1000), 3, 50)...), 75, []int{0, 0, 0, 1, 1, 1}},
		{"NaN is alone", []orb.Point{o, {math.NaN(), 42}, o}, 75, []int{0, 1, 0}},
		{"empty", nil, 75, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Cluster(tt.points, tt.radius)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Cluster = %v, want %v", got, tt.want)
			}
		})
	}
}

// chain returns n points heading east, each step metres from the last.
func chain(from orb.Point, n int, step float64) []orb.Point {
	pts := []orb.Point{from}
	for len(pts) < n {
		pts = append(pts, offset(pts[len(pts)-1], 90, step))
	}
	return pts
}

func TestClusterShuffled(t *testing.T) {
	o := holyokeCityHall
	base := []orb.Point{o, offset(o, 90, 20), offset(o, 0, 25), offset(o, 180, 200)}
	r := rand.New(rand.NewPCG(7, 7))
	for range 24 {
		perm := r.Perm(len(base))
		pts := make([]orb.Point, len(base))
		wantSame := make([]int, len(base)) // grouping of the base indices
		for i, j := range perm {
			pts[i] = base[j]
			if j == 3 {
				wantSame[i] = 1
			}
		}
		got := Cluster(pts, 75)
		if !sameGrouping(got, wantSame) || !numberedByFirstAppearance(got) {
			t.Errorf("perm %v: Cluster = %v, want grouping %v numbered by first appearance", perm, got, wantSame)
		}
	}
}

// TestClusterMatchesBruteForce compares the grid against checking every
// pair, on points dense enough to make long chains, and at a high latitude
// where longitude cells are stretched.
func TestClusterMatchesBruteForce(t *testing.T) {
	for _, centre := range []orb.Point{holyokeCityHall, {25.0, 78.2} /* Svalbard */} {
		r := rand.New(rand.NewPCG(3, 4))
		pts := make([]orb.Point, 1500)
		for i := range pts {
			pts[i] = offset(centre, r.Float64()*360, r.Float64()*3000)
		}
		pts = append(pts, pts[:50]...) // exact duplicates
		for _, radius := range []float64{30, 75, 150} {
			want := bruteForceCluster(pts, radius)
			got := Cluster(pts, radius)
			if !slices.Equal(got, want) {
				t.Errorf("centre %v radius %g: grid and brute force disagree", centre, radius)
			}
			// The grouping must not depend on input order.
			perm := r.Perm(len(pts))
			shuffled := make([]orb.Point, len(pts))
			for i, j := range perm {
				shuffled[i] = pts[j]
			}
			sg := Cluster(shuffled, radius)
			back := make([]int, len(pts))
			for i, j := range perm {
				back[j] = sg[i]
			}
			if !sameGrouping(back, want) || !numberedByFirstAppearance(sg) {
				t.Errorf("centre %v radius %g: shuffled input grouped differently", centre, radius)
			}
		}
	}
}

func bruteForceCluster(pts []orb.Point, radius float64) []int {
	uf := newUnionFind(len(pts))
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			if DistanceKm(pts[i], pts[j])*1000 <= radius {
				uf.union(i, j)
			}
		}
	}
	out := make([]int, len(pts))
	label := map[int]int{}
	for i := range pts {
		r := uf.find(i)
		if _, ok := label[r]; !ok {
			label[r] = len(label)
		}
		out[i] = label[r]
	}
	return out
}

// BenchmarkCluster200k clusters a year-scale volume of call locations: 200,000
// points within 15 km of Holyoke, a fifth of them repeats of earlier points.
func BenchmarkCluster200k(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	pts := make([]orb.Point, 200_000)
	for i := range pts {
		if i > 0 && r.IntN(5) == 0 {
			pts[i] = pts[r.IntN(i)]
			continue
		}
		pts[i] = offset(holyokeCityHall, r.Float64()*360, 15000*r.Float64())
	}
	for b.Loop() {
		Cluster(pts, 75)
	}
}
