package geo

import (
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// TestCoverCircleHoldsEveryPointWithin checks the promise callers rely on: a point within
// the radius is always in one of the covering's cells, at any radius and latitude.
func TestCoverCircleHoldsEveryPointWithin(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	centres := []orb.Point{holyokeCityHall, {-118.24, 34.05}, {-149.9, 61.2}, {-72.6, 0.01}, {179.9, 10}}
	for _, c := range centres {
		for _, km := range []float64{0.5, 2, 5, 10, 25, 50, 120} {
			cells := CoverCircle(c, km, 32)
			if len(cells) == 0 {
				t.Fatalf("%v %g km: no cells", c, km)
			}
			in := map[Cell]bool{}
			for _, cell := range cells {
				in[cell] = true
			}
			for range 400 {
				p := offset(c, r.Float64()*360, r.Float64()*km*1000)
				if DistanceKm(c, p) > km {
					continue
				}
				if cell := CellAt(cells[0].Level, p); !in[cell] {
					t.Errorf("%v %g km: point %v (%.3f km) in %v, not covered", c, km, p, DistanceKm(c, p), cell)
				}
			}
		}
	}
}

func TestCoverCircleSize(t *testing.T) {
	tests := []struct {
		km        float64
		wantLevel int
	}{
		{2, 0}, {5, 0}, {10, 0}, {25, 1}, {50, 2}, {200, 3}, {2000, 4},
	}
	for _, tt := range tests {
		cells := CoverCircle(holyokeCityHall, tt.km, 32)
		if cells[0].Level != tt.wantLevel {
			t.Errorf("%g km: level %d (%d cells), want level %d", tt.km, cells[0].Level, len(cells), tt.wantLevel)
		}
		if len(cells) > 32 && tt.wantLevel < GridLevels-1 {
			t.Errorf("%g km: %d cells, more than asked", tt.km, len(cells))
		}
	}
}

func TestCellToken(t *testing.T) {
	c := CellAt(1, holyokeCityHall)
	if got, want := c.Token(), "g1:281:-485"; got != want {
		t.Errorf("Token = %q, want %q", got, want)
	}
	if !c.Bound().Contains(holyokeCityHall) {
		t.Errorf("cell %v does not contain its point", c)
	}
}

func TestCoverBound(t *testing.T) {
	b := orb.Bound{Min: orb.Point{-72.7, 42.1}, Max: orb.Point{-72.5, 42.3}}
	cells := CoverBound(b, 32)
	for _, p := range []orb.Point{b.Min, b.Max, b.Center()} {
		found := false
		for _, c := range cells {
			found = found || c == CellAt(c.Level, p)
		}
		if !found {
			t.Errorf("%v not covered", p)
		}
	}
}

func BenchmarkCoverCircle(b *testing.B) {
	for b.Loop() {
		CoverCircle(holyokeCityHall, 25, 32)
	}
}
