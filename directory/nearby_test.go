package directory

import (
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

func TestNearestWithin(t *testing.T) {
	at := func(id string, lat, lon float64) ServiceAtLocation {
		return ServiceAtLocation{ID: id, Location: &Location{Latitude: &lat, Longitude: &lon}}
	}
	holyoke := orb.Point{-72.6162, 42.2043}
	sals := []ServiceAtLocation{
		at("far", 42.1015, -72.5898), // Springfield, about 11 km
		at("b", 42.2043, -72.6262),   // about 0.8 km west
		at("a", 42.2043, -72.6262),   // the same place: a tie, by id
		{ID: "no-location"},
		{ID: "no-point", Location: &Location{}},
		at("here", 42.2043, -72.6162),
	}
	var got []string
	for _, x := range NearestWithin(sals, holyoke, 5) {
		got = append(got, x.ID)
	}
	if strings.Join(got, ",") != "here,a,b" {
		t.Errorf("within 5 km: %v", got)
	}
	if n := len(NearestWithin(sals, holyoke, 20)); n != 4 {
		t.Errorf("within 20 km: %d, want 4", n)
	}
}
