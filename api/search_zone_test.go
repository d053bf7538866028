package api

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestSearchOpenNowInTheLocationsZone: a Pensacola, FL listing stored in the database and
// open 9–17 on weekdays is open at 16:30 Central (17:30 Eastern) and closed at 17:30
// Central, though Florida's table zone is Eastern; next_open is on its own clock. On both
// databases, through the HTTP API.
func TestSearchOpenNowInTheLocationsZone(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		lat, lon := 30.4213, -87.2169
		s := directory.Service{ID: directory.NewID(), Name: "Pensacola Pantry", Status: "active", Description: "Groceries for families.",
			Organization: &directory.Organization{ID: directory.NewID(), Name: "Panhandle Pantry Inc.", Description: "A test organization."},
			Attributes:   []directory.Attribute{{TaxonomyTermID: directory.TermID("handoff:need", "food")}},
			Schedules:    []directory.Schedule{{ID: directory.NewID(), Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "17:00"}},
			ServiceAtLocations: []directory.ServiceAtLocation{{ID: directory.NewID(), Location: &directory.Location{
				ID: directory.NewID(), LocationType: "physical", Name: "Pensacola Pantry", Latitude: &lat, Longitude: &lon,
				Addresses: []directory.Address{{Address1: "1 Palafox Place", City: "Pensacola", StateProvince: "FL", PostalCode: "32502", Country: "US"}},
			}}}}
		directory.NormalizeService(&s)
		if chk := directory.ValidateService(&s); len(chk.Errors) > 0 {
			t.Fatalf("%v", chk.Errors)
		}
		if _, err := st.WriteAll(context.Background(), []directory.Record{{Line: 1, Service: &s}}); err != nil {
			t.Fatal(err)
		}
		base := serveForTest(t, st, withSearch(t, st))

		for _, tt := range []struct {
			at   string
			open bool
			next string
			why  string
		}{
			{"2026-12-04T17:30:00-05:00", true, "", "open now until 17:00 CST"}, // Friday 16:30 Central
			{"2026-12-04T18:30:00-05:00", false, "2026-12-07T09:00:00-06:00", "closed · opens Mon 09:00 CST"},
			{"2026-12-04T16:30:00-06:00", true, "", "open now until 17:00"},
			{"2026-12-04T17:30:00-06:00", false, "2026-12-07T09:00:00-06:00", "closed · opens Mon 09:00"},
		} {
			res := getSearch(t, base, url.Values{"q": {"pantry"}, "at": {tt.at}})
			if len(res.Items) != 1 {
				t.Fatalf("at %s: %+v", tt.at, res.Items)
			}
			it := res.Items[0]
			if it.OpenNow == nil || *it.OpenNow != tt.open {
				t.Errorf("at %s open_now %v, want %v", tt.at, it.OpenNow, tt.open)
			}
			if next := deref(it.NextOpen); next != tt.next {
				t.Errorf("at %s next_open %q, want %q", tt.at, next, tt.next)
			}
			if !slices.Contains(it.Why, tt.why) {
				t.Errorf("at %s why %q, want %q", tt.at, it.Why, tt.why)
			}
			filtered := getSearch(t, base, url.Values{"q": {"pantry"}, "open_now": {"true"}, "at": {tt.at}})
			if got := len(filtered.Items) == 1; got != tt.open {
				t.Errorf("at %s open_now=true found it: %v, want %v", tt.at, got, tt.open)
			}
		}
	})
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
