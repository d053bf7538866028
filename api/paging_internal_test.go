package api

import (
	"context"
	"fmt"
	"testing"

	"handoff/geo"
)

func TestPageOf(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	for _, c := range []struct {
		page, per int
		want      string
	}{{1, 2, "[1 2]"}, {3, 2, "[5]"}, {4, 2, "[]"}, {1, 10, "[1 2 3 4 5]"}} {
		if got := fmt.Sprint(pageOf(items, c.page, c.per)); got != c.want {
			t.Errorf("page %d of %d: %s, want %s", c.page, c.per, got, c.want)
		}
	}
}

// TestZipPoint: /hsds/service_at_locations measures from a ZIP code only, found by the
// server's geocoder; a town or a point is not a postcode.
func TestZipPoint(t *testing.T) {
	s := &Server{geo: geo.Default()}
	for _, c := range []struct {
		postcode string
		found    bool
	}{{"01040", true}, {"01040-1234", true}, {"00000", false}, {"Holyoke", false}, {"42.2,-72.6", false}} {
		pt, err := s.zipPoint(context.Background(), c.postcode)
		if err != nil || (pt != nil) != c.found {
			t.Errorf("%q: %v %v, want found %v", c.postcode, pt, err, c.found)
		}
	}
}
