package geo

import (
	"errors"
	"testing"

	"github.com/paulmach/orb"
)

func TestParseArea(t *testing.T) {
	holyoke, _ := Default().Town("Holyoke")
	square := `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}`
	tests := []struct {
		name    string
		extent  string
		in, out orb.Point
		err     error
	}{
		{"town MultiPolygon", holyoke.GeoJSON(), holyokeCityHall, orb.Point{-72.59, 42.10}, nil},
		{"Polygon", square, orb.Point{0.5, 0.5}, orb.Point{1.5, 0.5}, nil},
		{"Feature", `{"type":"Feature","properties":{},"geometry":` + square + `}`, orb.Point{0.5, 0.5}, orb.Point{2, 2}, nil},
		{"FeatureCollection", `{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[5,5]}},{"type":"Feature","geometry":` + square + `}]}`, orb.Point{0.5, 0.5}, orb.Point{5, 5}, nil},
		{"Point", `{"type":"Point","coordinates":[5,5]}`, orb.Point{}, orb.Point{}, ErrNotPolygon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := ParseArea(tt.extent)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !a.Contains(tt.in) {
				t.Errorf("does not contain %v", tt.in)
			}
			if a.Contains(tt.out) {
				t.Errorf("contains %v", tt.out)
			}
		})
	}
	if _, err := ParseArea("not json"); err == nil || errors.Is(err, ErrNotPolygon) {
		t.Errorf("bad JSON: err = %v", err)
	}
}
