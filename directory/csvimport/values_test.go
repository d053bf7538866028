package csvimport

import (
	"math"
	"strings"
	"testing"

	"handoff/directory"
)

// TestReadNonFiniteNumbers: NaN and Infinity, which strconv.ParseFloat reads, are no
// numbers in an import either: the value is left out with a warning, as any unreadable
// number is, instead of a NaN latitude that every range check lets through (issue 11, #10).
func TestReadNonFiniteNumbers(t *testing.T) {
	res, err := ReadFS(pkgFS(t, map[string]string{"locations.csv": edit(t, "locations.csv", "37.477227,-122.213221", "NaN,-122.213221")}), Options{Source: "x"})
	if err != nil {
		t.Fatal(err)
	}
	bad := func(f *float64) bool { return f != nil && (math.IsNaN(*f) || math.IsInf(*f, 0)) }
	for _, it := range res.Items {
		var locs []directory.Location
		if s := it.Record.Service; s != nil {
			for _, sal := range s.ServiceAtLocations {
				if sal.Location != nil {
					locs = append(locs, *sal.Location)
				}
			}
		}
		if o := it.Record.Organization; o != nil {
			locs = append(locs, o.Locations...)
		}
		for _, l := range locs {
			if bad(l.Latitude) || bad(l.Longitude) {
				t.Errorf("%s: a coordinate that is no number was imported", l.Name)
			}
		}
	}
	warned := map[string]bool{}
	for _, p := range res.Problems {
		if strings.Contains(p.Error(), "is not a number") {
			warned[p.Field] = true
		}
	}
	if !warned["latitude"] {
		t.Errorf("no warning for the latitude: %v", res.Problems)
	}
}
