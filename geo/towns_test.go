package geo

import (
	"encoding/json"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

func TestTowns(t *testing.T) {
	towns := Default().Towns()
	if len(towns) != 351 {
		t.Fatalf("got %d towns, want 351", len(towns))
	}
	if !slices.IsSortedFunc(towns, func(a, b Town) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("Towns() is not sorted by name")
	}
	counties := map[string]int{}
	for _, tw := range towns {
		counties[tw.County]++
	}
	// Western Massachusetts, per data/SOURCES.md checks.
	for fips, want := range map[string]int{"25013": 23, "25015": 20, "25011": 26, "25003": 32} {
		if counties[fips] != want {
			t.Errorf("county %s has %d towns, want %d", fips, counties[fips], want)
		}
	}
	towns[0].Name = "changed"
	if Default().Towns()[0].Name == "changed" {
		t.Error("Towns() exposes the gazetteer's slice")
	}
}

func TestCentroidInsideEveryTown(t *testing.T) {
	g := Default()
	for _, tw := range g.Towns() {
		if !tw.Contains(tw.Centroid) {
			t.Errorf("%s: centroid %v is outside the town", tw.Name, tw.Centroid)
		}
		if got, ok := g.TownAt(tw.Centroid); !ok {
			t.Errorf("%s: TownAt(centroid) found nothing", tw.Name)
		} else if got.Name != tw.Name && !got.Contains(tw.Centroid) {
			t.Errorf("%s: TownAt(centroid) = %s", tw.Name, got.Name)
		}
	}
}

func TestTownAt(t *testing.T) {
	tests := []struct {
		name string
		p    orb.Point
		want string // "" means no town
	}{
		{"Springfield ZCTA 01103", orb.Point{-72.592027, 42.104106}, "Springfield"},
		{"Springfield city hall", orb.Point{-72.5898, 42.1015}, "Springfield"},
		{"Holyoke ZCTA 01040", orb.Point{-72.642448, 42.211656}, "Holyoke"},
		{"Holyoke city hall", orb.Point{-72.6162, 42.2043}, "Holyoke"},
		{"Northampton ZCTA 01060", orb.Point{-72.630588, 42.321488}, "Northampton"},
		{"Pittsfield ZCTA 01201", orb.Point{-73.273727, 42.448236}, "Pittsfield"},
		{"Greenfield ZCTA 01301", orb.Point{-72.601530, 42.626761}, "Greenfield"},
		{"Cape Cod Bay", orb.Point{-70.35, 41.85}, ""},
		{"Massachusetts Bay", orb.Point{-70.6, 42.4}, ""},
		{"open Atlantic", orb.Point{-60, 40}, ""},
		{"Albany NY", orb.Point{-73.7562, 42.6526}, ""},
	}
	g := Default()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := g.TownAt(tt.p)
			if ok != (tt.want != "") || got.Name != tt.want {
				t.Errorf("TownAt(%v) = %q, %v; want %q", tt.p, got.Name, ok, tt.want)
			}
		})
	}
}

func TestTownLookup(t *testing.T) {
	tests := []struct {
		in, want string // want "" means not found
	}{
		{"Holyoke", "Holyoke"},
		{"holyoke", "Holyoke"},
		{"holyoke, ma", "Holyoke"},
		{"Holyoke, MA", "Holyoke"},
		{"Holyoke MA", "Holyoke"},
		{"  HOLYOKE ,  Mass. ", "Holyoke"},
		{"Holyoke, Massachusetts, USA", "Holyoke"},
		{"west springfield", "West Springfield"},
		{"West  Springfield, MA", "West Springfield"},
		{"westspringfield", "West Springfield"},
		{"Springfield", "Springfield"},
		{"Gotham", ""},
		{"MA", ""},
		{"", ""},
	}
	g := Default()
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := g.Town(tt.in)
			if ok != (tt.want != "") || got.Name != tt.want {
				t.Errorf("Town(%q) = %q, %v; want %q", tt.in, got.Name, ok, tt.want)
			}
		})
	}
	if h, _ := g.Town("Holyoke"); h.County != "25013" {
		t.Errorf("Holyoke county = %q, want 25013", h.County)
	}
}

func TestRandomPoint(t *testing.T) {
	g := Default()
	for _, name := range []string{"Holyoke", "Springfield", "Gosnold", "Chatham", "Hull"} {
		t.Run(name, func(t *testing.T) {
			tw, ok := g.Town(name)
			if !ok {
				t.Fatalf("no town %q", name)
			}
			r1 := rand.New(rand.NewPCG(42, 1))
			r2 := rand.New(rand.NewPCG(42, 1))
			var first []orb.Point
			for i := range 100 {
				p := tw.RandomPoint(r1)
				if !tw.Contains(p) {
					t.Fatalf("draw %d: %v is outside %s", i, p, name)
				}
				if p != round6(p) {
					t.Fatalf("draw %d: %v is not rounded to 6 decimals", i, p)
				}
				if q := tw.RandomPoint(r2); q != p {
					t.Fatalf("draw %d: same seed gave %v and %v", i, p, q)
				}
				first = append(first, p)
			}
			other := tw.RandomPoint(rand.New(rand.NewPCG(43, 1)))
			if other == first[0] {
				t.Errorf("a different seed gave the same first point %v", other)
			}
		})
	}
}

// TestRepresentativePointOfCShape covers the fallback on a shape whose area
// centroid is in its notch.
func TestRepresentativePointOfCShape(t *testing.T) {
	c := orb.MultiPolygon{{{
		{0, 0}, {3, 0}, {3, 1}, {1, 1}, {1, 2}, {3, 2}, {3, 3}, {0, 3}, {0, 0},
	}}}
	if centroid, _ := planar.CentroidArea(c); planar.MultiPolygonContains(c, centroid) {
		t.Fatalf("test shape's centroid %v is inside; the fallback is not exercised", centroid)
	}
	if p := representativePoint(c); !planar.MultiPolygonContains(c, p) {
		t.Errorf("representativePoint = %v, outside the shape", p)
	}
}

func TestTownGeoJSON(t *testing.T) {
	tw, _ := Default().Town("Holyoke")
	var got struct {
		Type        string           `json:"type"`
		Coordinates orb.MultiPolygon `json:"coordinates"`
	}
	if err := json.Unmarshal([]byte(tw.GeoJSON()), &got); err != nil {
		t.Fatal(err)
	}
	if got.Type != "MultiPolygon" {
		t.Errorf("type = %q, want MultiPolygon", got.Type)
	}
	if !got.Coordinates.Equal(tw.Geometry) {
		t.Error("coordinates do not round-trip")
	}
}

func TestTitleCase(t *testing.T) {
	for in, want := range map[string]string{
		"WEST SPRINGFIELD":  "West Springfield",
		"HOLYOKE":           "Holyoke",
		"MOUNT  WASHINGTON": "Mount Washington",
	} {
		if got := titleCase(in); got != want {
			t.Errorf("titleCase(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTownsRejectsCorruptData(t *testing.T) {
	for name, towns := range map[string]string{
		"towns not JSON":    "{",
		"no features":       `{"features":[]}`,
		"bad geometry type": `{"features":[{"geometry":{"type":"Point","coordinates":[1,2]},"properties":{"town":"X","fips_stco":1}}]}`,
		"no name":           `{"features":[{"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]},"properties":{"TOWN":"X"}}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := parseTowns([]byte(towns), "town"); err == nil {
				t.Error("no error")
			}
		})
	}
}

func BenchmarkTownAt(b *testing.B) {
	g := Default()
	// A mix of hits across the state and misses, drawn once.
	r := rand.New(rand.NewPCG(1, 2))
	bound := orb.Bound{Min: orb.Point{-73.508, 41.239}, Max: orb.Point{-69.928, 42.887}}
	pts := make([]orb.Point, 1024)
	for i := range pts {
		pts[i] = orb.Point{
			bound.Min[0] + r.Float64()*(bound.Max[0]-bound.Min[0]),
			bound.Min[1] + r.Float64()*(bound.Max[1]-bound.Min[1]),
		}
	}
	i := 0
	for b.Loop() {
		g.TownAt(pts[i%len(pts)])
		i++
	}
}
