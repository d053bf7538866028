package directory

import "testing"

func TestZoneName(t *testing.T) {
	tests := []struct {
		state    string
		lon, lat float64
		hasPoint bool
		want     string
	}{
		{"MA", -72.6, 42.1, true, "America/New_York"},
		{"ma", 0, 0, false, "America/New_York"},
		{"California", 0, 0, false, "America/Los_Angeles"},
		{"CA", -122.4, 37.8, true, "America/Los_Angeles"},
		{"AZ", -112.07, 33.45, true, "America/Phoenix"},
		{"TX", -95.4, 29.8, true, "America/Chicago"},
		{"", -104.99, 39.74, true, "America/Denver"},      // Denver by longitude
		{"", -118.24, 34.05, true, "America/Los_Angeles"}, // Los Angeles by longitude
		{"", -87.63, 41.88, true, "America/Chicago"},      // Chicago by longitude
		{"", 2.35, 48.86, true, DefaultZone},              // Paris: not the US, default
		{"", 0, 0, false, DefaultZone},
		{"ZZ", 0, 0, false, DefaultZone},
	}
	for _, tt := range tests {
		if got := ZoneName(tt.state, tt.lon, tt.lat, tt.hasPoint); got != tt.want {
			t.Errorf("ZoneName(%q, %v, %v) = %q, want %q", tt.state, tt.lon, tt.lat, got, tt.want)
		}
		if Zone(tt.want) == nil {
			t.Errorf("Zone(%q) is nil", tt.want)
		}
	}
}
