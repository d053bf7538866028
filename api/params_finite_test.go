package api_test

import (
	"strings"
	"testing"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// TestNonFiniteNumbersRefused: NaN and ±Inf, which strconv.ParseFloat reads, are refused
// in every number parameter with a 400 naming it. NaN compares false with both bounds of
// a range check, so radius_m=NaN reached the database (500) and lat=NaN answered an
// empty 200 (issue 11, #10).
func TestNonFiniteNumbersRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		cases := []struct{ who, path, field string }{
			{"anon", "/api/v1/search?lat=NaN&lon=-72.6", "lat"},
			{"anon", "/api/v1/search?lat=42.1&lon=-Inf", "lon"},
			{"anon", "/api/v1/search?lat=42.1&lon=-72.6&radius_km=NaN", "radius_km"},
			{"anon", "/api/v1/search?q=food&age=%2BInfinity", "age"},
			{"anon", "/api/v1/search?bbox=NaN,42,-72,43", "bbox"},
			{"anon", "/hsds/service_at_locations?lat=42.1&long=-72.6&proximity=NaN", "proximity"},
			{"coordinator", "/api/v1/measures/repeat-locations?radius_m=NaN", "radius_m"},
			{"coordinator", "/api/v1/measures/repeat-locations?radius_m=inf", "radius_m"},
		}
		for _, tc := range cases {
			res := f.do(accReq{method: "GET", path: tc.path, who: tc.who})
			if res.status != 400 || !strings.Contains(string(res.body), `"field":"`+tc.field+`"`) {
				t.Errorf("%s: %d %s, want a 400 naming %s", tc.path, res.status, res.body, tc.field)
			}
		}
	})
}
