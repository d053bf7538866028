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
		"42.2, -72.6", "999,999", "NaN,NaN", "0104", "", " ", "Springfield MA 01104", "東京"} {
		f.Add(s)
	}
	g := Default()
	f.Fuzz(func(t *testing.T, q string) {
		p, err := g.Geocode(context.Background(), q)
		if err != nil {
			return
		}
		lon, lat := p.Point.Lon(), p.Point.Lat()
		if math.IsNaN(lon) || math.IsNaN(lat) || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
			t.Fatalf("%q geocoded to %v", q, p.Point)
		}
	})
}
