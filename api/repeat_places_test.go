package api_test

import (
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/care"
	"handoff/care/measures"
	"handoff/store"
	"handoff/store/storetest"
)

// TestRepeatPlacesSound is issue 15's acceptance 2 over HTTP, on both databases: a 911
// call needs a place or "unknown" (422 naming location, nothing written); one building
// typed with five unit strings is one place, shown by its address; ZIP-only and unknown
// calls are counted apart; a street of calls 60 m apart is not one place.
func TestRepeatPlacesSound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		// Suppression off: the grouping is what is tested here; the one rule has its own
		// test (TestMeasuresDeidAcceptance) and a small place losing its address is in
		// care/measures.
		f := careNew(t, st, api.Options{SmallCellSuppression: -1})
		at := time.Now().Add(-24 * time.Hour)
		post := func(want int, i int, where map[string]any) accRes {
			body := map[string]any{"occurred_at": at.Add(time.Duration(i) * time.Minute).Format(time.RFC3339),
				"source": "911_coresponse", "disposition": "resolved_on_scene"}
			for k, v := range where {
				body[k] = v
			}
			return f.must(want, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: body})
		}
		var list struct {
			Total int `json:"total"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/encounters", who: "coordinator"}).json(t, &list)
		before := list.Total

		var prob struct {
			Errors []struct{ Field string } `json:"errors"`
		}
		post(422, 0, nil).json(t, &prob)
		if len(prob.Errors) != 1 || prob.Errors[0].Field != "location" {
			t.Fatalf("a 911 call without a place: %+v", prob)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/encounters", who: "coordinator"}).json(t, &list)
		if list.Total != before {
			t.Fatalf("a refused call was written: %d encounters, had %d", list.Total, before)
		}
		post(400, 0, map[string]any{"location_unknown": true, "town": "Holyoke"})
		var e care.Encounter
		post(201, 1, map[string]any{"location_unknown": true}).json(t, &e)
		if e.LocationPrecision != care.PrecisionUnknown || !e.LocationUnknown {
			t.Errorf("unknown place: %+v", e)
		}
		// A walk-in may go without a place.
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": at.Format(time.RFC3339), "source": "walk_in", "disposition": "resolved_on_scene"}})

		units := []string{"12 Main St Apt 3, Holyoke", "12 Main Street #3B, Holyoke", "12 MAIN ST Unit 3, Holyoke",
			"12 Main St. Apt. 3B, Holyoke, MA", "12 Main St Fl 2, Holyoke 01040"}
		for i, u := range units {
			post(201, 10+i, map[string]any{"street_address": u}).json(t, &e)
			if e.LocationPrecision != care.PrecisionStreet || e.Town != "Holyoke" {
				t.Fatalf("%q: precision %q, town %q", u, e.LocationPrecision, e.Town)
			}
		}
		var page struct {
			Items []care.Encounter `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/encounters?per_page=1", who: "peer"}).json(t, &page)
		if len(page.Items) != 1 || page.Items[0].StreetAddress != units[4] {
			t.Errorf("street address read back: %+v", page.Items)
		}
		var coord struct {
			Items []care.Encounter `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/encounters?per_page=1", who: "coordinator"}).json(t, &coord)
		if len(coord.Items) != 1 || coord.Items[0].ID != e.ID || coord.Items[0].StreetAddress != "" {
			t.Errorf("a coordinator reads a street address: %+v", coord.Items)
		}
		if enc, _ := f.careStore().Encounter(t.Context(), e.ID); enc.StreetAddress != units[4] {
			t.Errorf("store: street address %q", enc.StreetAddress)
		}
		// The same street in another town is another building.
		post(201, 20, map[string]any{"street_address": "12 Main St, Springfield"})
		post(201, 21, map[string]any{"address": "01040"})
		post(201, 22, map[string]any{"zip": "01040"})
		for i := range 6 {
			north := float64(i) * 60
			post(201, 30+i, map[string]any{"lat": 42.2043 + north/111320, "lon": -72.6162})
		}

		type placeRow struct {
			Calls   int    `json:"calls"`
			Town    string `json:"town"`
			Address string `json:"address"`
		}
		var r struct {
			DiameterM      float64    `json:"diameter_m"`
			Calls          int        `json:"calls"`
			PlacesTotal    int        `json:"places_total"`
			NotPlacedCalls int        `json:"not_placed_exactly_calls"`
			Places         []placeRow `json:"places"`
			NotPlaced      []struct {
				PlacedBy string `json:"placed_by"`
				Town     string `json:"town"`
				Calls    int    `json:"calls"`
			} `json:"not_placed_exactly"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?min_calls=1", who: "coordinator"}).json(t, &r)
		if r.DiameterM != measures.DefaultDiameterM || r.Calls != 12 || r.PlacesTotal != 8 {
			t.Fatalf("diameter %v, %d calls placed exactly in %d places: %+v", r.DiameterM, r.Calls, r.PlacesTotal, r.Places)
		}
		top := r.Places[0]
		if top.Calls != 5 || top.Address != "12 MAIN ST HOLYOKE" || top.Town != "Holyoke" {
			t.Errorf("one building, five unit strings: %+v", top)
		}
		for _, p := range r.Places[1:] {
			if p.Calls != 1 {
				t.Errorf("a place that should be one call: %+v", p)
			}
		}
		byHow := map[string]int{}
		for _, n := range r.NotPlaced {
			if n.PlacedBy != "any" {
				byHow[n.PlacedBy] = n.Calls
			}
		}
		if r.NotPlacedCalls != 3 || byHow["zip"] != 2 || byHow["unknown"] != 1 || byHow["town"] != 0 {
			t.Errorf("not placed exactly: %d, %v", r.NotPlacedCalls, byHow)
		}
		csv := csvTables(t, f.must(200, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?min_calls=1&format=csv", who: "coordinator"}).body)
		col := func(table, name string) int {
			for i, h := range csv[table][0] {
				if h == name {
					return i
				}
			}
			t.Fatalf("no column %s in %s: %v", name, table, csv[table][0])
			return -1
		}
		if row := csv["places"][1]; row[col("places", "calls")] != "5" || row[col("places", "address")] != "12 MAIN ST HOLYOKE" {
			t.Errorf("CSV top place %v", row)
		}
		if n := csv["not_placed_exactly"]; len(n) < 4 || strings.Join(n[1], ",") != "zip,,2" {
			t.Errorf("CSV not placed exactly %v", n)
		}
		// A wider limit, as the parameter allows, still never chains the street.
		r.Places = nil
		f.must(200, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?min_calls=1&diameter_m=100", who: "coordinator"}).json(t, &r)
		for _, p := range r.Places {
			if p.Calls > 5 {
				t.Errorf("100 m: a place of %d calls", p.Calls)
			}
		}
		f.must(400, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?diameter_m=0", who: "coordinator"})
	})
}

// TestShiftLeadIn: an encounter recorded during an open shift counts in it even when
// its time is a minute before the shift's start; one half an hour before does not, and
// once the shift has ended, one a minute before its start does not either.
func TestShiftLeadIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		var sh care.Shift
		f.must(201, accReq{method: "POST", path: "/api/v1/shifts/start", who: "peer"}).json(t, &sh)
		record := func(before time.Duration) care.Encounter {
			var e care.Encounter
			f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
				"occurred_at": sh.StartedAt.Add(-before).Format(time.RFC3339Nano), "source": "walk_in", "disposition": "resolved_on_scene"}}).json(t, &e)
			return e
		}
		if e := record(time.Minute); e.ShiftID != sh.ID {
			t.Errorf("a minute before the open shift's start: shift %q, want %q", e.ShiftID, sh.ID)
		}
		if e := record(30 * time.Minute); e.ShiftID != "" {
			t.Errorf("half an hour before: shift %q", e.ShiftID)
		}
		f.must(200, accReq{method: "POST", path: "/api/v1/shifts/end", who: "peer"})
		if e := record(time.Minute); e.ShiftID != "" {
			t.Errorf("after the shift ended, a minute before its start: shift %q", e.ShiftID)
		}
		var rep struct {
			Shifts []struct {
				Encounters int `json:"encounters"`
			} `json:"shifts"`
		}
		from := sh.StartedAt.Add(-time.Second).Format(time.RFC3339Nano)
		f.must(200, accReq{method: "GET", path: "/api/v1/measures/interactions-per-shift?from=" + strings.ReplaceAll(from, "+", "%2B"), who: "coordinator"}).json(t, &rep)
		if len(rep.Shifts) != 1 || rep.Shifts[0].Encounters != 1 {
			t.Errorf("the shift counts %+v, want the one encounter a minute before its start", rep.Shifts)
		}
	})
}

// TestShiftCountsWorkDuringIt: while a peer's shift is open, a walk-in recorded during it
// with the time a form sends (to the second, so possibly a moment before the shift's
// start) and one a minute before its start both count in it, in the interactions-per-
// shift measure over the dashboard's date-only range. Before the lead-in the first
// counted nowhere on the dashboard.
func TestShiftCountsWorkDuringIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		var sh care.Shift
		f.must(201, accReq{method: "POST", path: "/api/v1/shifts/start", who: "peer"}).json(t, &sh)
		for _, at := range []time.Time{time.Now(), sh.StartedAt.Add(-time.Minute)} {
			var e care.Encounter
			f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
				"occurred_at": at.Format(time.RFC3339), "source": "walk_in", "town": "Holyoke", "disposition": "resolved_on_scene"}}).json(t, &e)
			if e.ShiftID != sh.ID {
				t.Errorf("the walk-in at %v is in shift %q, want the open shift %q", at, e.ShiftID, sh.ID)
			}
		}
		var rep struct {
			Shifts []struct {
				ID         string `json:"shift_id"`
				Encounters int    `json:"encounters"`
			} `json:"shifts"`
			Peers []struct {
				Encounters int `json:"encounters_total"`
			} `json:"peers"`
		}
		day := time.Now().In(care.DefaultZone())
		q := "from=" + day.AddDate(0, 0, -1).Format(time.DateOnly) + "&to=" + day.AddDate(0, 0, 1).Format(time.DateOnly)
		f.must(200, accReq{method: "GET", path: "/api/v1/measures/interactions-per-shift?" + q, who: "coordinator"}).json(t, &rep)
		if len(rep.Shifts) != 1 || rep.Shifts[0].ID != sh.ID || rep.Shifts[0].Encounters != 2 {
			t.Errorf("the open shift counts %+v, want its 2 walk-ins", rep.Shifts)
		}
		if len(rep.Peers) != 1 || rep.Peers[0].Encounters != 2 {
			t.Errorf("the peer counts %+v, want 2 encounters", rep.Peers)
		}
	})
}
