package search

import (
	"context"
	"slices"
	"testing"
	"time"

	"handoff/directory"
)

// site builds a service with one location and schedule rows, for hours tests.
func site(name, state string, lat, lon float64, rows ...directory.Schedule) directory.Service {
	id := directory.StableID("test", "service", name)
	locID := directory.StableID("test", "location", name)
	for i := range rows {
		rows[i].ID = directory.StableID("test", "schedule", name, string(rune('a'+i)))
	}
	return directory.Service{ID: id, Name: name, Status: "active", Schedules: rows,
		ServiceAtLocations: []directory.ServiceAtLocation{{ID: directory.StableID("test", "sal", name), LocationID: locID,
			Location: &directory.Location{ID: locID, LocationType: "physical", Name: name, Latitude: &lat, Longitude: &lon,
				Addresses: []directory.Address{{ID: directory.StableID("test", "address", name), Address1: "1 Main Street",
					City: "Somewhere", StateProvince: state, PostalCode: "00000", Country: "US", AddressType: "physical"}}}}}}
}

func wk(byday, opens, closes string) directory.Schedule {
	return directory.Schedule{Freq: "WEEKLY", ByDay: byday, OpensAt: opens, ClosesAt: closes}
}

// TestOpenNowFilter runs open_now through the index: 24/7, overnight Friday to Saturday,
// split days, the second Tuesday of the month, and a Pacific listing asked about from
// the East.
func TestOpenNowFilter(t *testing.T) {
	const days = "MO,TU,WE,TH,FR,SA,SU"
	svcs := []directory.Service{
		site("Around the clock", "MA", 42.10, -72.59, wk(days, "00:00", "23:59")),
		site("Overnight shelter", "MA", 42.10, -72.59, wk("FR", "18:00", "07:00")),
		site("Split clinic", "MA", 42.10, -72.59, wk("MO,TU,WE,TH,FR", "08:30", "12:00"), wk("MO,TU,WE,TH,FR", "13:00", "17:00")),
		site("Second Tuesday clinic", "MA", 42.10, -72.59, directory.Schedule{Freq: "MONTHLY", ByDay: "2TU", OpensAt: "17:30", ClosesAt: "19:30"}),
		site("Los Angeles office", "CA", 34.05, -118.24, wk("MO,TU,WE,TH,FR", "09:00", "17:00")),
		site("Springfield office", "MA", 42.10, -72.59, wk("MO,TU,WE,TH,FR", "09:00", "17:00")),
	}
	e := newTestEngine(t, newMemFeed(svcs), demoNow)
	et := directory.Zone("America/New_York")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, et)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		when string // Eastern time; 2026-12-04 is a Friday, 2026-12-08 the second Tuesday
		open []string
	}{
		{"2026-12-04 10:00", []string{"Around the clock", "Split clinic", "Springfield office"}}, // 07:00 in Los Angeles
		{"2026-12-04 12:30", []string{"Around the clock", "Los Angeles office", "Springfield office"}},
		{"2026-12-04 19:00", []string{"Around the clock", "Los Angeles office", "Overnight shelter"}},
		{"2026-12-04 21:00", []string{"Around the clock", "Overnight shelter"}},
		{"2026-12-05 06:30", []string{"Around the clock", "Overnight shelter"}},
		{"2026-12-05 07:30", []string{"Around the clock"}},
		{"2026-12-08 18:00", []string{"Around the clock", "Los Angeles office", "Second Tuesday clinic"}},
		{"2026-12-01 18:00", []string{"Around the clock", "Los Angeles office"}},
	}
	for _, tt := range tests {
		t.Run(tt.when, func(t *testing.T) {
			res, err := e.Search(context.Background(), Query{OpenNow: true, At: at(tt.when), PerPage: 50})
			if err != nil {
				t.Fatal(err)
			}
			got := names(t, res.Hits)
			slices.Sort(got)
			if !slices.Equal(got, tt.open) {
				t.Errorf("open at %s: %v, want %v", tt.when, got, tt.open)
			}
		})
	}
	// The Pacific office, closed at 21:00 Eastern, says when it opens in its own time.
	res, err := e.Search(context.Background(), Query{Text: "Los Angeles office", At: at("2026-12-04 21:00"), Explain: true})
	if err != nil || len(res.Hits) == 0 {
		t.Fatalf("no result: %v", err)
	}
	h := res.Hits[0]
	if h.Open.Open || h.Open.Next.In(directory.Zone("America/Los_Angeles")).Format("Mon 15:04") != "Mon 09:00" {
		t.Errorf("Los Angeles office at 21:00 ET: %+v", h.Open)
	}
}

// TestOpenNowInTheLocationsZone: a Pensacola listing open 9–17 is evaluated on Central
// time, though Florida's table zone is Eastern: open at 16:30 Central (17:30 Eastern),
// closed at 17:30 Central, and its card names its zone to an Eastern reader.
func TestOpenNowInTheLocationsZone(t *testing.T) {
	svcs := []directory.Service{
		site("Pensacola pantry", "FL", 30.4213, -87.2169, wk("MO,TU,WE,TH,FR", "09:00", "17:00")),
		site("Tallahassee pantry", "FL", 30.4383, -84.2807, wk("MO,TU,WE,TH,FR", "09:00", "17:00")),
	}
	e := newTestEngine(t, newMemFeed(svcs), demoNow)
	ct, et := directory.Zone("America/Chicago"), directory.Zone("America/New_York")
	// 2026-12-04 is a Friday.
	for _, tt := range []struct {
		at   time.Time
		open []string
		why  string // the Pensacola card's hours words
	}{
		{time.Date(2026, 12, 4, 17, 30, 0, 0, et), []string{"Pensacola pantry"}, "open now until 17:00 CST"}, // 16:30 Central
		{time.Date(2026, 12, 4, 18, 30, 0, 0, et), nil, "closed · opens Mon 09:00 CST"},                      // 17:30 Central
		{time.Date(2026, 12, 4, 16, 30, 0, 0, et), []string{"Pensacola pantry", "Tallahassee pantry"}, "open now until 17:00 CST"},
		{time.Date(2026, 12, 4, 16, 30, 0, 0, ct), []string{"Pensacola pantry"}, "open now until 17:00"}, // asked on Central time: no zone named
		{time.Date(2026, 12, 4, 17, 30, 0, 0, ct), nil, "closed · opens Mon 09:00"},
	} {
		res, err := e.Search(context.Background(), Query{OpenNow: true, At: tt.at, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := names(t, res.Hits)
		slices.Sort(got)
		if !slices.Equal(got, tt.open) {
			t.Errorf("open at %s: %v, want %v", tt.at, got, tt.open)
		}
		res, err = e.Search(context.Background(), Query{Text: "Pensacola pantry", At: tt.at, Explain: true})
		if err != nil || len(res.Hits) == 0 {
			t.Fatalf("no Pensacola result: %v", err)
		}
		if !slices.Contains(res.Hits[0].Why, tt.why) {
			t.Errorf("at %s the card says %q, want %q", tt.at, res.Hits[0].Why, tt.why)
		}
	}
}
