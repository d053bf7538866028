package search

import (
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"handoff/geo"
	"handoff/seed"
)

// TestServiceAreaHolyoke is the mobile crisis case: BHN's team is based in Springfield
// and has no site, but its service area covers Holyoke, so a search from a point in
// Holyoke with a 2 km radius finds it — also from the ZIP and the town name.
func TestServiceAreaHolyoke(t *testing.T) {
	e := demo(t)
	holyokeCityHall := orb.Point{-72.6162, 42.2043}
	for _, tt := range []struct {
		name  string
		point *orb.Point
	}{
		{"point in Holyoke", &holyokeCityHall},
		{"near=01040", near(t, "01040")},
		{"near=Holyoke", near(t, "Holyoke")},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := e.Search(context.Background(), Query{Needs: []string{"crisis"}, Point: tt.point, RadiusKm: 2, PerPage: 50, Explain: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				v := viewOf(t, h)
				if v.Service.Name == "Mobile Crisis Intervention" && strings.Contains(strings.Join(h.Why, " "), "serves this area") {
					if !h.ServesArea || h.DistanceKm != nil || v.Location != nil {
						t.Errorf("area hit: serves_area=%v distance=%v location=%v", h.ServesArea, h.DistanceKm, v.Location)
					}
					return
				}
			}
			t.Errorf("BHN's mobile crisis team not found: %q", names(t, res.Hits))
		})
	}
	// Far from its area (Boston) it is not found.
	res, err := e.Search(context.Background(), Query{Needs: []string{"crisis"}, Point: &orb.Point{-71.06, 42.36}, RadiusKm: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names(t, res.Hits) {
		if n == "Mobile Crisis Intervention" {
			t.Error("found in Boston, outside its area")
		}
	}
	// A bounding box shows sites only.
	b := orb.Bound{Min: orb.Point{-72.70, 42.15}, Max: orb.Point{-72.55, 42.25}}
	res, err = e.Search(context.Background(), Query{Bound: &b, PerPage: 200})
	if err != nil || res.Total == 0 {
		t.Fatalf("bbox: %v %d", err, res.Total)
	}
	for _, h := range res.Hits {
		if v := viewOf(t, h); v.Location == nil {
			t.Errorf("bbox returned %s without a site", v.Service.Name)
		}
	}
}

// TestGeoFilterMatchesBruteForce compares the cell filter with measuring every demo site.
func TestGeoFilterMatchesBruteForce(t *testing.T) {
	e := demo(t)
	svcs := seed.Services()
	for _, c := range []string{"Springfield", "Holyoke", "Northampton", "Greenfield", "Palmer"} {
		p := near(t, c)
		for _, km := range []float64{1, 3, 8, 20, 60} {
			want := 0
			for _, s := range svcs {
				if s.Status != "active" {
					continue
				}
				for _, sal := range s.ServiceAtLocations {
					l := sal.Location
					if l != nil && l.Latitude != nil && distance(*p, orb.Point{*l.Longitude, *l.Latitude}) <= km {
						want++
					}
				}
			}
			res, err := e.Search(context.Background(), Query{Point: p, RadiusKm: km, PerPage: 1})
			if err != nil {
				t.Fatal(err)
			}
			got := 0
			all, _ := e.Search(context.Background(), Query{Point: p, RadiusKm: km, PerPage: 1000})
			for _, h := range all.Hits {
				if !h.ServesArea || h.DistanceKm != nil && *h.DistanceKm <= km {
					if h.DistanceKm != nil && *h.DistanceKm <= km {
						got++
					}
				}
			}
			if got != want || res.Total < want {
				t.Errorf("%s %g km: %d sites found (total %d), %d within by brute force", c, km, got, res.Total, want)
			}
		}
	}
}

func distance(a, b orb.Point) float64 { return geo.DistanceKm(a, b) }
