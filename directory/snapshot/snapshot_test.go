package snapshot

import (
	"testing"
	"time"

	"handoff/directory"
	"handoff/geo"
)

func TestBuild(t *testing.T) {
	g := geo.Default()
	holyoke, ok := g.Town("Holyoke")
	if !ok {
		t.Fatal("no Holyoke")
	}
	lat, lon := 42.2043, -72.6162
	avail, max := 3.0, 12.0
	site := directory.Service{ID: "00000000-0000-4000-8000-000000000001", Name: "Night Shelter", Status: "active",
		Description: "Beds for adults. ", Organization: &directory.Organization{Name: "Safe Steps"},
		Phones:     []directory.Phone{{Number: "413-555-0100", Type: "voice"}},
		Capacities: []directory.Capacity{{Available: &avail, Maximum: &max, Updated: "2026-12-01T10:00:00Z"}},
		Attributes: []directory.Attribute{{TaxonomyTerm: &directory.TaxonomyTerm{Taxonomy: directory.TaxonomyNeed, Code: "housing"}}},
		ServiceAtLocations: []directory.ServiceAtLocation{{ID: "00000000-0000-4000-8000-0000000000a1",
			Schedules: []directory.Schedule{{Freq: "WEEKLY", OpensAt: "00:00", ClosesAt: "23:59"}},
			Location: &directory.Location{Latitude: &lat, Longitude: &lon, Addresses: []directory.Address{
				{Address1: "1 Main Street", City: "Holyoke", StateProvince: "MA", PostalCode: "01040", AddressType: "physical"}}}}}}
	area := directory.Service{ID: "00000000-0000-4000-8000-000000000002", Name: "Mobile Crisis", Status: "active",
		ServiceAreas: []directory.ServiceArea{{Extent: holyoke.GeoJSON(), ExtentType: "geojson"}}}
	gone := directory.Service{ID: "00000000-0000-4000-8000-000000000003", Name: "Closed program", Status: "inactive"}

	build := func(now time.Time, ss ...directory.Service) Snapshot {
		b := NewBuilder(Options{Gazetteer: g, Now: now})
		b.Add(ss)
		s, err := b.Build()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	s := build(time.Unix(1e9, 0), site, area, gone)
	if len(s.Services) != 2 {
		t.Fatalf("%d services, want the 2 active", len(s.Services))
	}
	a, b := s.Services[0], s.Services[1]
	if a.Name != "Night Shelter" || s.Orgs[a.Org] != "Safe Steps" || a.Needs[0] != "housing" || len(a.Sites) != 1 ||
		a.Sites[0].Hours == nil || a.Sites[0].Address[2] != "Holyoke" || s.Zones[a.Sites[0].Zone] != "America/New_York" {
		t.Errorf("site service: %+v", a)
	}
	if a.Capacity == nil || *a.Capacity.Available != 3 || a.Capacity.Expires != "2026-12-02T10:00:00Z" {
		t.Errorf("capacity: %+v", a.Capacity)
	}
	found := false
	for _, i := range b.Areas {
		found = found || s.Towns[i][0] == "Holyoke"
	}
	if !found || len(b.Sites) != 0 {
		t.Errorf("area service: %+v", b)
	}
	zipTown := ""
	for _, z := range s.ZIPs {
		if z[0] == "01040" {
			zipTown = s.Towns[z[3].(int)][0].(string)
		}
	}
	if zipTown != "Holyoke" {
		t.Errorf("01040 is in %q", zipTown)
	}
	// The version follows the content, not the time of the build.
	if again := build(time.Now(), site, area, gone); again.Version != s.Version {
		t.Error("the same directory built later has another version")
	}
	site.Name = "Night Shelter (renamed)"
	if other := build(time.Unix(1e9, 0), site, area); other.Version == s.Version {
		t.Error("a changed directory keeps its version")
	}
}
