package geo

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

func TestDistanceKm(t *testing.T) {
	tests := []struct {
		name     string
		a, b     orb.Point
		want     float64
		tolerant float64
	}{
		// City halls, about 11.6 km apart.
		{"Springfield to Holyoke", orb.Point{-72.5898, 42.1015}, orb.Point{-72.6162, 42.2043}, 11.6, 0.3},
		// The haversine textbook pair (Rosetta Code): Nashville BNA to Los
		// Angeles LAX is 2887.26 km with R = 6372.8 km, so 2889.68 km on
		// orb's 6378.137 km sphere.
		{"BNA to LAX", orb.Point{-86.67, 36.12}, orb.Point{-118.40, 33.94}, 2887.26 * 6378.137 / 6372.8, 0.01},
		// One degree of latitude is 2πR/360.
		{"one degree of latitude", orb.Point{0, 0}, orb.Point{0, 1}, 2 * math.Pi * 6378.137 / 360, 1e-6},
		{"same point", orb.Point{-72.6, 42.2}, orb.Point{-72.6, 42.2}, 0, 1e-12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DistanceKm(tt.a, tt.b)
			if math.Abs(got-tt.want) > tt.tolerant {
				t.Errorf("DistanceKm = %.4f km, want %.4f ± %g", got, tt.want, tt.tolerant)
			}
			if back := DistanceKm(tt.b, tt.a); math.Abs(back-got) > 1e-9 {
				t.Errorf("not symmetric: %v vs %v", got, back)
			}
		})
	}
}
