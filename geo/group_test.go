package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// members returns the points of each group.
func members(points []orb.Point, labels []int) map[int][]orb.Point {
	out := map[int][]orb.Point{}
	for i, l := range labels {
		out[l] = append(out[l], points[i])
	}
	return out
}

// jitter returns n fixes within ±m metres north-south and east-west of p.
func jitter(r *rand.Rand, p orb.Point, n int, m float64) []orb.Point {
	out := make([]orb.Point, n)
	for i := range out {
		q := offset(p, 0, (r.Float64()*2-1)*m)
		out[i] = offset(q, 90, (r.Float64()*2-1)*m)
	}
	return out
}

func TestGroupStreetIsNotOnePlace(t *testing.T) {
	// Twenty calls 60 m apart along a street: single linkage at 75 m made them one
	// place; with a 50 m diameter each is a place of its own.
	street := chain(holyokeCityHall, 20, 60)
	labels := Group(street, nil, 50)
	if n := len(members(street, labels)); n != 20 {
		t.Fatalf("a street of 20 calls 60 m apart made %d places, want 20: %v", n, labels)
	}
	// Even with a limit above the spacing, no place spans the street.
	labels = Group(street, nil, 130)
	for g, ps := range members(street, labels) {
		if w := Diameter(ps); w > 130 {
			t.Errorf("place %d is %.0f m wide", g, w)
		}
	}
	if n := len(members(street, labels)); n < 7 {
		t.Errorf("a 130 m limit made %d places of 20 calls 60 m apart, want at least 7", n)
	}
}

func TestGroupJitteredBuildingIsOnePlace(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 9))
	for trial := range 50 {
		fixes := jitter(r, holyokeCityHall, 40, 15)
		// A neighbour 150 m away, and a street passing 100 m south, stay apart.
		other := jitter(r, offset(holyokeCityHall, 45, 150), 5, 15)
		street := chain(offset(holyokeCityHall, 180, 100), 10, 60)
		all := append(append(append([]orb.Point{}, fixes...), other...), street...)
		labels := Group(all, nil, 50)
		for i := range fixes {
			if labels[i] != labels[0] {
				t.Fatalf("trial %d: fixes of one building (±15 m) split: %v", trial, labels[:len(fixes)])
			}
		}
		for i := len(fixes); i < len(all); i++ {
			if labels[i] == labels[0] {
				t.Fatalf("trial %d: point %d (%v) joined the building", trial, i, all[i])
			}
		}
	}
}

func TestGroupNoPlaceWiderThanLimit(t *testing.T) {
	// Property: over random clouds, dense spots and streets, every group's diameter is
	// within the limit, every point is grouped, numbering follows first appearance,
	// and the grouping does not depend on the order of the points.
	r := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		var pts []orb.Point
		origin := holyokeCityHall
		if trial%4 == 3 { // anywhere on the globe, the poles' surroundings included
			origin = orb.Point{r.Float64()*340 - 170, r.Float64()*178 - 89}
		}
		for range 1 + r.IntN(6) {
			c := offset(origin, r.Float64()*360, r.Float64()*800)
			pts = append(pts, jitter(r, c, 1+r.IntN(60), 5+r.Float64()*80)...)
		}
		pts = append(pts, chain(offset(origin, r.Float64()*360, r.Float64()*500), r.IntN(15), 10+r.Float64()*60)...)
		if r.IntN(3) == 0 {
			pts = append(pts, pts[r.IntN(len(pts))], pts[0]) // duplicates
		}
		limit := 10 + r.Float64()*150
		labels := Group(pts, nil, limit)
		if len(labels) != len(pts) || !numberedByFirstAppearance(labels) {
			t.Fatalf("trial %d: bad labels %v", trial, labels)
		}
		for g, ps := range members(pts, labels) {
			if w := Diameter(ps); w > limit {
				t.Fatalf("trial %d: group %d of %d points is %.1f m wide, limit %.1f", trial, g, len(ps), w, limit)
			}
		}
		perm := r.Perm(len(pts))
		shuffled := make([]orb.Point, len(pts))
		for i, j := range perm {
			shuffled[i] = pts[j]
		}
		again := Group(shuffled, nil, limit)
		back := make([]int, len(pts))
		for i, j := range perm {
			back[j] = again[i]
		}
		if !sameGrouping(labels, back) {
			t.Fatalf("trial %d: the grouping depends on the order of the points", trial)
		}
	}
}

func TestGroupEdges(t *testing.T) {
	o := holyokeCityHall
	nan := orb.Point{math.NaN(), 42}
	if got := Group(nil, nil, 50); len(got) != 0 {
		t.Errorf("no points: %v", got)
	}
	got := Group([]orb.Point{o, o, nan, nan, offset(o, 90, 10)}, nil, 0)
	if got[0] != got[1] || got[2] == got[3] || got[4] == got[0] {
		t.Errorf("limit 0: identical points share a group, NaN and distinct points do not: %v", got)
	}
	got = Group([]orb.Point{o, nan, offset(o, 90, 10)}, nil, 50)
	if got[0] != got[2] || got[1] == got[0] {
		t.Errorf("NaN is a group of its own: %v", got)
	}
	// Weights choose the seed: the heavy point anchors its place, so the light point
	// 40 m to the other side stays apart.
	a, b, c := offset(o, 270, 40), o, offset(o, 90, 40)
	got = Group([]orb.Point{a, b, c}, []int{1, 1, 10}, 50)
	if got[1] != got[2] || got[0] == got[1] {
		t.Errorf("weights: %v", got)
	}
}
