package directory

import "testing"

func TestZoneName(t *testing.T) {
	tests := []struct {
		name     string
		state    string
		lon, lat float64
		hasPoint bool
		want     string
	}{
		{"Holyoke", "MA", -72.6162, 42.2043, true, "America/New_York"},
		{"Pensacola: panhandle is Central", "FL", -87.2169, 30.4213, true, "America/Chicago"},
		{"Tallahassee", "FL", -84.2807, 30.4383, true, "America/New_York"},
		{"El Paso", "TX", -106.4850, 31.7619, true, "America/Denver"},
		{"Gary, IN", "IN", -87.3464, 41.5934, true, "America/Chicago"},
		{"Indianapolis", "IN", -86.1581, 39.7684, true, "America/Indiana/Indianapolis"},
		{"Boise", "ID", -116.2023, 43.6150, true, "America/Boise"},
		{"Coeur d'Alene: northern Idaho is Pacific", "ID", -116.7805, 47.6777, true, "America/Los_Angeles"},
		{"Phoenix", "AZ", -112.07, 33.45, true, "America/Phoenix"},
		{"Los Angeles", "CA", -118.2437, 34.0522, true, "America/Los_Angeles"},
		{"Honolulu", "HI", -157.8583, 21.3069, true, "Pacific/Honolulu"},
		{"San Juan", "PR", -66.1057, 18.4655, true, "America/Puerto_Rico"},
		{"Denver without a state", "", -104.99, 39.74, true, "America/Denver"},
		{"Pensacola without a state", "", -87.2169, 30.4213, true, "America/Chicago"},
		{"no point: state table", "ma", 0, 0, false, "America/New_York"},
		{"no point: state name", "California", 0, 0, false, "America/Los_Angeles"},
		{"no point, Florida: the table's Eastern", "FL", 0, 0, false, "America/New_York"},
		{"Atlantic off Cape Cod, MA: the state decides", "MA", -68.0, 41.0, true, "America/New_York"},
		{"Toronto with a NY address: not a US zone, state decides", "NY", -79.3832, 43.6532, true, "America/New_York"},
		{"Paris: not the US, default", "", 2.35, 48.86, true, DefaultZone},
		{"nothing", "", 0, 0, false, DefaultZone},
		{"unknown state", "ZZ", 0, 0, false, DefaultZone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ZoneName(tt.state, tt.lon, tt.lat, tt.hasPoint); got != tt.want {
				t.Errorf("ZoneName(%q, %v, %v) = %q, want %q", tt.state, tt.lon, tt.lat, got, tt.want)
			}
			if z := Zone(tt.want); z == nil || z.String() != tt.want {
				t.Errorf("Zone(%q) = %v", tt.want, z)
			}
		})
	}
}

// BenchmarkZoneNamePoint measures one point lookup through the boundaries, the cost each
// located document pays when the index is built. The finder is built before the timer.
func BenchmarkZoneNamePoint(b *testing.B) {
	pts := [][2]float64{{-87.2169, 30.4213}, {-72.6162, 42.2043}, {-106.4850, 31.7619}, {-87.3464, 41.5934}, {-116.2023, 43.6150}}
	ZoneName("", pts[0][0], pts[0][1], true)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := pts[i%len(pts)]
		ZoneName("", p[0], p[1], true)
	}
}

// BenchmarkZoneNameState is the old way, by the state table, for comparison.
func BenchmarkZoneNameState(b *testing.B) {
	for b.Loop() {
		ZoneName("FL", 0, 0, false)
	}
}

// BenchmarkBoundaryFinderBuild measures building the boundary finder once (first use).
func BenchmarkBoundaryFinderBuild(b *testing.B) {
	for b.Loop() {
		if _, err := newFinder(); err != nil {
			b.Fatal(err)
		}
	}
}
