package geo

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

// groupNaive is Group's rule written plainly, every pair compared, no grid: the oracle
// the fast Group is held to.
func groupNaive(points []orb.Point, weights []int, d float64) []int {
	items, of := distinctPoints(points, weights)
	near := func(i int) []int {
		var out []int
		for j := range items {
			if j != i && items[i].finite && items[j].finite && d > 0 && DistanceKm(items[i].p, items[j].p)*1000 <= d {
				out = append(out, j)
			}
		}
		return out
	}
	density := make([]int, len(items))
	for i := range items {
		density[i] = items[i].w
		for _, j := range near(i) {
			density[i] += items[j].w
		}
	}
	order := make([]int, len(items))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		return cmp.Or(cmp.Compare(density[b], density[a]), cmp.Compare(items[b].w, items[a].w), comparePoints(items[a].p, items[b].p))
	})
	group := make([]int, len(items))
	next := 0
	for _, s := range order {
		if group[s] != 0 {
			continue
		}
		next++
		group[s] = next
		cands := slices.DeleteFunc(near(s), func(j int) bool { return group[j] != 0 })
		dist := func(j int) float64 { return DistanceKm(items[s].p, items[j].p) * 1000 }
		slices.SortFunc(cands, func(a, b int) int {
			return cmp.Or(cmp.Compare(items[b].w, items[a].w), cmp.Compare(dist(a), dist(b)), comparePoints(items[a].p, items[b].p))
		})
		members := []int{s}
		for _, c := range cands {
			ok := true
			for _, m := range members {
				ok = ok && DistanceKm(items[c].p, items[m].p)*1000 <= d
			}
			if ok {
				members = append(members, c)
				group[c] = next
			}
		}
	}
	out, label := make([]int, len(points)), map[int]int{}
	for i := range out {
		g := group[of[i]]
		if _, ok := label[g]; !ok {
			label[g] = len(label)
		}
		out[i] = label[g]
	}
	return out
}

// TestGroupMatchesNaive: on random dense spots, streets and duplicates, weighted or not,
// Group answers exactly as the plain all-pairs rule. Points exactly at the limit, where
// the fast distance and the exact one could disagree, are as unlikely here as in life.
func TestGroupMatchesNaive(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for trial := range 300 {
		var pts []orb.Point
		for range 1 + r.IntN(8) {
			c := offset(holyokeCityHall, r.Float64()*360, r.Float64()*1500)
			pts = append(pts, jitter(r, c, 1+r.IntN(80), 3+r.Float64()*120)...)
		}
		pts = append(pts, chain(offset(holyokeCityHall, r.Float64()*360, r.Float64()*500), r.IntN(20), 10+r.Float64()*60)...)
		if r.IntN(3) == 0 {
			pts = append(pts, pts[r.IntN(len(pts))], pts[0])
		}
		var ws []int
		if r.IntN(2) == 0 {
			ws = make([]int, len(pts))
			for i := range ws {
				ws[i] = 1 + r.IntN(4)
			}
		}
		limit := 10 + r.Float64()*200
		if got, want := Group(pts, ws, limit), groupNaive(pts, ws, limit); !slices.Equal(got, want) {
			t.Fatalf("trial %d (%d points, limit %.1f m): Group %v, the plain rule %v", trial, len(pts), limit, got, want)
		}
	}
}
