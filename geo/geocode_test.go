package geo

import (
	"context"
	"errors"
	"testing"

	"github.com/paulmach/orb"
)

func TestGeocode(t *testing.T) {
	tests := []struct {
		q       string
		kind    string // "" means ErrNotFound
		label   string
		town    string
		near    orb.Point
		withinK float64
	}{
		{"01040", KindZIP, "01040", "Holyoke", orb.Point{-72.62, 42.20}, 5},
		{"01040-1234", KindZIP, "01040", "Holyoke", orb.Point{-72.62, 42.20}, 5},
		{"Holyoke", KindTown, "Holyoke", "Holyoke", orb.Point{-72.62, 42.20}, 5},
		{"holyoke, ma", KindTown, "Holyoke", "Holyoke", orb.Point{-72.62, 42.20}, 5},
		{"West Springfield MA", KindTown, "West Springfield", "West Springfield", orb.Point{-72.64, 42.11}, 5},
		{"42.2,-72.6", KindPoint, "42.2,-72.6", "Holyoke", orb.Point{-72.6, 42.2}, 0.001},
		{" 42.2 , -72.6 ", KindPoint, "42.2,-72.6", "Holyoke", orb.Point{-72.6, 42.2}, 0.001},
		{"40.7128,-74.0060", KindPoint, "40.7128,-74.006", "", orb.Point{-74.006, 40.7128}, 0.001},
		{"10001", KindZIP, "10001", "", orb.Point{-74.0, 40.75}, 3},          // New York: found, but no MA town
		{"01101", KindZIP, "01101", "Chicopee", orb.Point{-72.60, 42.17}, 3}, // not a ZCTA: GeoNames' rough point
		{"01199", KindZIP, "01199", "Springfield", orb.Point{-72.60, 42.12}, 3},
		{"00000", "", "", "", orb.Point{}, 0},      // not a ZIP, not retried as a town
		{"Xyzzyville", "", "", "", orb.Point{}, 0}, // (Gotham, WI is real)
		{"91,0", "", "", "", orb.Point{}, 0},
		{"", "", "", "", orb.Point{}, 0},
	}
	g := Default()
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			got, err := g.Geocode(context.Background(), tt.q)
			if tt.kind == "" {
				if !errors.Is(err, ErrNotFound) {
					t.Fatalf("Geocode(%q) = %+v, %v; want ErrNotFound", tt.q, got, err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Geocode(%q): %v", tt.q, err)
			}
			if got.Kind != tt.kind || got.Label != tt.label || got.Town != tt.town {
				t.Errorf("Geocode(%q) = kind %q label %q town %q; want %q %q %q",
					tt.q, got.Kind, got.Label, got.Town, tt.kind, tt.label, tt.town)
			}
			if d := DistanceKm(got.Point, tt.near); d > tt.withinK {
				t.Errorf("Geocode(%q) point %v is %.2f km from %v", tt.q, got.Point, d, tt.near)
			}
		})
	}
}

func TestGeocodeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Default().Geocode(ctx, "01040"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
