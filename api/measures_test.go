package api_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/care/measures/deid"
	"handoff/store"
	"handoff/store/storetest"
)

// csvTables reads a measure's CSV into its tables by name, header row first.
func csvTables(t *testing.T, body []byte) map[string][][]string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(string(body)))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, body)
	}
	out := map[string][][]string{}
	name := ""
	for _, row := range rows {
		switch {
		case len(row) == 1 && strings.HasPrefix(row[0], "# "):
			name = strings.TrimPrefix(row[0], "# ")
		case len(row) == 1 && row[0] == "":
		default:
			out[name] = append(out[name], row)
		}
	}
	return out
}

// addCalls records 911 co-response encounters as the peer: three within 30 m of each
// other and one 200 m away, in Holyoke, two of them ED diversions; and one direct call.
func addCalls(f *accFixture) {
	f.t.Helper()
	at := time.Now().Add(-24 * time.Hour)
	for i, p := range [][2]float64{{0, 0}, {10, 10}, {-15, 12}, {200, 0}} {
		lat, lon := 42.2043+p[0]/111320, -72.6162+p[1]/(111320*math.Cos(42.2043*math.Pi/180))
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": at.Add(time.Duration(i) * time.Hour).Format(time.RFC3339), "source": "911_coresponse",
			"lat": lat, "lon": lon, "disposition": "resolved_on_scene", "ed_diverted": i < 2}})
	}
	f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
		"occurred_at": at.Format(time.RFC3339), "source": "direct_to_peer", "town": "Springfield", "disposition": "referred"}})
}

// TestMeasuresJSONAndCSV is issue 6's acceptance 2 over HTTP, under issue 15's one rule:
// JSON and CSV hold the same cells, small cells are suppressed in both unless configured
// off, a CSV is asked by format=csv or Accept: text/csv, and only coordinators and
// admins may read measures.
func TestMeasuresJSONAndCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		addCalls(f)
		open := f.sibling(api.Options{SmallCellSuppression: -1}) // --small-cell-suppression=0

		div := measureBoth(t, open, "diversions", "")
		if tot := div["total"][0]; tot["encounters"] != "5" || tot["ed_diverted"] != "2" || tot["direct_to_peer"] != "1" || tot["ed_rate"] != "0.4" {
			t.Fatalf("diversions: %v", tot)
		}
		// Suppressed (threshold 11): every count of five calls is withheld, in both formats.
		div = measureBoth(t, f, "diversions", "")
		if tot := div["total"][0]; tot["encounters"] != deid.Marker || tot["ed_rate"] != deid.Marker {
			t.Fatalf("suppressed total: %v", tot)
		}

		rep := measureBoth(t, open, "repeat-locations", "radius_m=75&min_calls=1")
		places := rep["places"]
		if len(places) != 2 || places[0]["calls"] != "3" || places[1]["calls"] != "1" || places[0]["town"] != "Holyoke" {
			t.Fatalf("places: %v", places)
		}
		// Centres keep three decimals (about 100 m), in JSON as in CSV; times to the day.
		for _, p := range places {
			lat, _ := strconv.ParseFloat(p["lat"], 64)
			if lat != math.Round(lat*1000)/1000 || len(p["first_call"]) != len("2006-01-02") {
				t.Errorf("place centre not rounded to 3 decimals or time not to the day: %v", p)
			}
		}
		// With suppression on, small places lose counts, town and point, and keep their
		// times only to the month.
		for _, p := range measureBoth(t, f, "repeat-locations", "radius_m=75&min_calls=1")["places"] {
			if p["calls"] != deid.Marker || p["lat"] != deid.Marker || (p["people"] != deid.Marker && p["people"] != "0") || p["town"] != deid.Marker || len(p["first_call"]) != len("2006-01") {
				t.Errorf("small place shown: %v", p)
			}
		}

		// shifts=none: the figures without the list of shifts; anything else is refused.
		var lean map[string]json.RawMessage
		f.must(200, accReq{method: "GET", path: "/api/v1/measures/interactions-per-shift?shifts=none", who: "coordinator"}).json(t, &lean)
		if _, ok := lean["shifts"]; ok || lean["distribution"] == nil || lean["program"] == nil {
			t.Errorf("shifts=none answered %v keys", len(lean))
		}
		f.must(400, accReq{method: "GET", path: "/api/v1/measures/interactions-per-shift?shifts=some", who: "coordinator"})
		for who, want := range map[string]int{"peer": 403, "clinician": 403, "agency": 403, "anon": 401, "coordinator": 200, "admin": 200} {
			f.must(want, accReq{method: "GET", path: "/dashboard/definitions", who: who})
		}
		for _, m := range []string{"repeat-locations", "interactions-per-shift", "diversions", "referrals", "definitions"} {
			for who, want := range map[string]int{"peer": 403, "clinician": 403, "agency": 403, "anon": 401, "coordinator": 200, "admin": 200} {
				f.must(want, accReq{method: "GET", path: "/api/v1/measures/" + m, who: who})
			}
			if m == "definitions" {
				continue
			}
			res := f.must(200, accReq{method: "GET", path: fmt.Sprintf("/api/v1/measures/%s?format=csv", m), who: "admin"})
			if !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
				t.Errorf("%s csv content type %q", m, res.header.Get("Content-Type"))
			}
			res = f.must(200, accReq{method: "GET", path: "/api/v1/measures/" + m, who: "admin", header: map[string]string{"Accept": "text/csv"}})
			if !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
				t.Errorf("%s with Accept: text/csv answers %q", m, res.header.Get("Content-Type"))
			}
		}
	})
}
