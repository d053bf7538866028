package directory

import (
	"sort"
	"strings"
	"testing"
	"time"
)

func ptr(f float64) *float64 { return &f }

func validService() Service {
	return Service{
		ID: "6b1d2c3e-0000-4000-8000-000000000001", Name: "Shelter", Status: "active",
		Organization: &Organization{ID: "6b1d2c3e-0000-4000-8000-000000000002", Name: "Org", Description: "d"},
		ServiceAtLocations: []ServiceAtLocation{{Location: &Location{
			ID: "6b1d2c3e-0000-4000-8000-000000000003", LocationType: "physical", Latitude: ptr(42.1), Longitude: ptr(-72.5),
			Addresses: []Address{{Address1: "1 Main St", City: "Springfield", StateProvince: "MA", PostalCode: "01103", Country: "US", AddressType: "physical"}},
		}}},
		Schedules: []Schedule{{Freq: "WEEKLY", ByDay: "MO,TU", OpensAt: "09:00", ClosesAt: "17:00"}},
	}
}

func TestValidateService(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Service)
		errs   []string
		warns  []string
	}{
		{"valid", func(*Service) {}, nil, nil},
		{"every bad field is named", func(s *Service) {
			s.ID, s.Name, s.Status = "abc", "", "open"
		}, []string{"id", "name", "status"}, nil},
		{"ages", func(s *Service) { s.MinimumAge, s.MaximumAge = ptr(30), ptr(18) }, []string{"maximum_age"}, nil},
		{"negative age", func(s *Service) { s.MinimumAge = ptr(-1) }, []string{"minimum_age"}, nil},
		{"bad dates", func(s *Service) { s.AssuredDate, s.LastModified = "yesterday", "2026-13-01" }, []string{"assured_date", "last_modified"}, nil},
		{"bad schedule", func(s *Service) {
			s.Schedules[0].Freq, s.Schedules[0].OpensAt, s.Schedules[0].ByDay = "DAILY", "9am", "MON"
		}, []string{"schedules[0].byday", "schedules[0].freq", "schedules[0].opens_at"}, nil},
		{"child id not a uuid", func(s *Service) { s.Schedules[0].ID = "sched-1" }, []string{"schedules[0].id"}, nil},
		{"latitude out of range is a warning", func(s *Service) {
			s.ServiceAtLocations[0].Location.Latitude = ptr(100)
		}, nil, []string{"service_at_locations[0].location.latitude"}},
		{"longitude out of range", func(s *Service) {
			s.ServiceAtLocations[0].Location.Longitude = ptr(-200)
		}, nil, []string{"service_at_locations[0].location.longitude"}},
		{"location type", func(s *Service) { s.ServiceAtLocations[0].Location.LocationType = "building" },
			[]string{"service_at_locations[0].location.location_type"}, nil},
		{"address needs street and city", func(s *Service) {
			a := &s.ServiceAtLocations[0].Location.Addresses[0]
			a.Address1, a.City = "", ""
		}, []string{"service_at_locations[0].location.addresses[0].address_1", "service_at_locations[0].location.addresses[0].city"}, nil},
		{"organization name", func(s *Service) { s.Organization.Name = "" }, []string{"organization.name"}, nil},
		{"negative capacity", func(s *Service) { s.Capacities = []Capacity{{Available: ptr(-1)}} }, []string{"capacities[0].available"}, nil},
		{"negative maximum", func(s *Service) { s.Capacities = []Capacity{{Available: ptr(0), Maximum: ptr(-1)}} }, []string{"capacities[0].maximum"}, nil},
		{"more free than there are", func(s *Service) {
			s.Capacities = []Capacity{{Available: ptr(15), Maximum: ptr(15)}, {Available: ptr(20), Maximum: ptr(15)}}
		}, []string{"capacities[1].available"}, nil},
		{"a count without a maximum", func(s *Service) { s.Capacities = []Capacity{{Available: ptr(20)}} }, nil, nil},
		{"dated in the future", func(s *Service) {
			later := time.Now().Add(3 * ClockSkew)
			s.AssuredDate, s.LastModified = later.Format(time.DateOnly), later.Format(time.RFC3339)
			s.Capacities = []Capacity{{Available: ptr(1), Updated: "2099-01-01T00:00:00Z"}}
		}, []string{"assured_date", "capacities[0].updated", "last_modified"}, nil},
		{"confirmed today or tomorrow (a date has no zone)", func(s *Service) {
			s.AssuredDate = time.Now().UTC().Add(ClockSkew - time.Minute).Format(time.DateOnly)
		}, nil, nil},
		{"attribute needs a term", func(s *Service) { s.Attributes = []Attribute{{}} }, []string{"attributes[0].taxonomy_term_id"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := validService()
			tt.change(&s)
			NormalizeService(&s)
			chk := ValidateService(&s)
			if got := fields(chk.Errors); strings.Join(got, " ") != strings.Join(sorted(tt.errs), " ") {
				t.Errorf("errors on %v, want %v (%v)", got, tt.errs, chk.Errors)
			}
			if got := fields(chk.Warnings); strings.Join(got, " ") != strings.Join(sorted(tt.warns), " ") {
				t.Errorf("warnings on %v, want %v", got, tt.warns)
			}
		})
	}
}

func TestNormalizeMintsStableChildIDs(t *testing.T) {
	a, b := validService(), validService()
	NormalizeService(&a)
	NormalizeService(&b)
	if a.Schedules[0].ID == "" || a.Schedules[0].ID != b.Schedules[0].ID {
		t.Fatalf("schedule ids %q and %q should be equal and set", a.Schedules[0].ID, b.Schedules[0].ID)
	}
	if a.Schedules[0].ServiceID != a.ID || a.OrganizationID != a.Organization.ID {
		t.Error("parent ids not filled")
	}
	addr := a.ServiceAtLocations[0].Location.Addresses[0]
	if !IsUUID(addr.ID) || addr.LocationID != a.ServiceAtLocations[0].Location.ID {
		t.Errorf("address not normalised: %+v", addr)
	}
}

func TestVocabularies(t *testing.T) {
	seen := map[string]bool{}
	for _, v := range Vocabularies {
		for _, term := range v.Terms {
			id := TermID(v.Name, term.Code)
			if seen[id] {
				t.Errorf("duplicate term id for %s %s", v.Name, term.Code)
			}
			seen[id] = true
			if !HasTerm(v.Name, term.Code) {
				t.Errorf("HasTerm(%s, %s) = false", v.Name, term.Code)
			}
		}
	}
	if HasTerm(TaxonomyNeed, "crisis_intervention") {
		t.Error("unknown code accepted")
	}
	a := VocabAttribute("6b1d2c3e-0000-4000-8000-000000000001", TaxonomyLevelOfCare, "living_room")
	if a.LinkType != "level_of_care" || a.TaxonomyTerm.TaxonomyID != TaxonomyID(TaxonomyLevelOfCare) {
		t.Errorf("attribute %+v", a)
	}
}

func fields(es FieldErrors) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Field)
	}
	return sorted(out)
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
