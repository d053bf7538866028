package geo

import (
	"testing"

	"github.com/paulmach/orb"
)

func TestZIP(t *testing.T) {
	holyoke := orb.Point{-72.62, 42.20}
	tests := []struct {
		code   string
		ok     bool
		near   orb.Point
		withKm float64
	}{
		{"01040", true, holyoke, 5},
		{"01040-1234", true, holyoke, 5},
		{" 01040 ", true, holyoke, 5},
		{"010401234", true, holyoke, 5},
		{"01103", true, orb.Point{-72.592027, 42.104106}, 0.001},
		{"00601", true, orb.Point{-66.749961, 18.180555}, 0.001}, // first row, Puerto Rico
		{"01101", false, orb.Point{}, 0},                         // PO boxes only: not a ZCTA
		{"1040", false, orb.Point{}, 0},
		{"01040-12", false, orb.Point{}, 0},
		{"abcde", false, orb.Point{}, 0},
		{"", false, orb.Point{}, 0},
	}
	g := Default()
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			p, ok := g.ZIP(tt.code)
			if ok != tt.ok {
				t.Fatalf("ZIP(%q) ok = %v, want %v", tt.code, ok, tt.ok)
			}
			if ok {
				if d := DistanceKm(p, tt.near); d > tt.withKm {
					t.Errorf("ZIP(%q) = %v, %.3f km from %v, want within %g km", tt.code, p, d, tt.near, tt.withKm)
				}
			}
		})
	}
	n := 0
	for _, z := range g.nat.zips {
		if z.ZCTA {
			n++
		}
	}
	if n != 33120 {
		t.Errorf("parsed %d ZCTAs, want 33120", n)
	}
}

// TestMassZIPsFallInTowns repeats the data check from data/SOURCES.md: every
// western-Massachusetts ZCTA point (prefixes 010-013) lies in some town.
func TestMassZIPsFallInTowns(t *testing.T) {
	g := Default()
	n := 0
	for z, info := range g.nat.zips {
		if z < "010" || z >= "014" || !info.ZCTA {
			continue
		}
		p := info.Point
		n++
		if _, ok := g.TownAt(p); !ok {
			t.Errorf("ZCTA %s at %v is in no town", z, p)
		}
	}
	if n != 137 {
		t.Errorf("found %d ZCTAs with prefixes 010-013, want 137", n)
	}
}
