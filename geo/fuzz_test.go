package geo

import (
	"context"
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzParseArea: an imported service_area extent is either a usable area, whose bound
// holds its polygons, or an error; bad GeoJSON from a publisher never panics an import.
func FuzzParseArea(f *testing.F) {
	for _, s := range []string{
		`{"type":"Polygon","coordinates":[[[-72.6,42.1],[-72.5,42.1],[-72.5,42.2],[-72.6,42.1]]]}`,
		`{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}`,
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}`,
		`{"type":"FeatureCollection","features":[{"geometry":{"type":"Point","coordinates":[0,0]}},{"geometry":null}]}`,
		`{"type":"Polygon","coordinates":[[]]}`, `{"type":"Polygon","coordinates":[[[1]]]}`,
		`{"type":"Feature","geometry":{"type":"Feature","geometry":{}}}`, `null`, `[]`, `{`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, extent string) {
		a, err := ParseArea(extent)
		if err != nil {
			return
		}
		if len(a.Geometry) == 0 {
			t.Fatalf("an area without polygons from %q", extent)
		}
		a.Contains(orb.Point{-72.59, 42.1})
		a.Centroid()
	})
}

// FuzzGeocode: whatever is typed into near= resolves to a place with real coordinates or
// to an error; it never panics.
func FuzzGeocode(f *testing.F) {
	for _, s := range []string{"01040", "Holyoke", "holyoke, ma", "West Springfield", "42.2,-72.6",
		"42.2, -72.6", "999,999", "NaN,NaN", "0104", "", " ", "Springfield MA 01104", "東京",
		"Hialeah", "Washington, DC", "Springfield, IL", "Springfield, Illinois", "Pensacola FL", "33012", "Portland",
		"Holyok", "Hialea", "Escambia County, FL", ", ,", "USA", "Española", "St. Louis, MO, USA", "a, b, c, d, ma"} {
		f.Add(s)
	}
	g := Default()
	f.Fuzz(func(t *testing.T, q string) {
		p, err := g.Geocode(context.Background(), q)
		if err != nil {
			return
		}
		if p.Kind == KindTown && p.Label == "" {
			t.Fatalf("%q resolved to a town with no label", q)
		}
		lon, lat := p.Point.Lon(), p.Point.Lat()
		if math.IsNaN(lon) || math.IsNaN(lat) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			t.Fatalf("%q geocoded to %v", q, p.Point)
		}
	})
}

// FuzzParseName: any text reads as zero or more name readings, each with a key and a
// state code when it has one, and never panics.
func FuzzParseName(f *testing.F) {
	for _, s := range []string{"Holyoke", "Springfield, IL", "Albany New York", "Fort Washington", ", ,",
		"O'Fallon, MO, USA", "Española", "D.C.", "ma", "usa", " , usa", "Saint", "新宿, NY"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, q := range parseName(s) {
			if q.Key() == "" && len(q.Words) > 0 {
				t.Fatalf("%q: empty words %q", s, q.Words)
			}
			if q.State != "" {
				if _, ok := stateCodes[q.State]; !ok {
					t.Fatalf("%q: state %q", s, q.State)
				}
			}
			_ = q.keys()
		}
	})
}

// FuzzNewBoundaries: a deployment's boundary file is either a region of towns or an
// error; a broken file never panics the server at start.
func FuzzNewBoundaries(f *testing.F) {
	poly := `{"type":"Polygon","coordinates":[[[-87.25,30.40],[-87.15,30.40],[-87.15,30.55],[-87.25,30.40]]]}`
	for _, s := range []string{
		`{"type":"FeatureCollection","features":[{"properties":{"NAME":"A"},"geometry":` + poly + `}]}`,
		`{"type":"FeatureCollection","features":[{"properties":{"NAME":7},"geometry":` + poly + `}]}`,
		`{"type":"FeatureCollection","features":[{"properties":null,"geometry":null}]}`,
		`{"type":"FeatureCollection","features":[{"properties":{"NAME":"A"},"geometry":{"type":"MultiPolygon","coordinates":[[[]]]}}]}`,
		`{"type":"FeatureCollection","features":[{"properties":{"NAME":"A"},"geometry":{"type":"Polygon","coordinates":[[[1e400,0]]]}}]}`,
		`{"type":"Feature"}`, `[]`, `null`, `{`,
	} {
		f.Add(s)
	}
	loadNational() // parsed once, outside the fuzzed function
	f.Fuzz(func(t *testing.T, file string) {
		g, err := NewBoundaries([]byte(file), BoundaryOptions{NameProperty: "NAME", HomeState: "FL"})
		if err != nil {
			return
		}
		if len(g.Towns()) == 0 || g.Home() != "FL" {
			t.Fatalf("a region of %d towns at home in %q", len(g.Towns()), g.Home())
		}
		for _, tw := range g.Towns() {
			if _, ok := g.Town(tw.Name); !ok && squash(tw.Name) != "" {
				t.Fatalf("town %q cannot be looked up", tw.Name)
			}
		}
	})
}
