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
	"handoff/care/measures"
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

// TestMeasuresJSONAndCSV is issue 6's acceptance 2 over HTTP: JSON and CSV hold the same
// numbers, small cells are suppressed in CSV unless configured off, and only
// coordinators and admins may read measures.
func TestMeasuresJSONAndCSV(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		addCalls(f)
		open := f.sibling(api.Options{SmallCellSuppression: -1}) // --small-cell-suppression=0

		var div measures.DiversionReport
		f.must(200, accReq{method: "GET", path: "/api/v1/measures/diversions", who: "coordinator"}).json(t, &div)
		if div.Total.Encounters != 5 || div.Total.EDDiverted != 2 || div.Total.DirectToPeer != 1 {
			t.Fatalf("diversions: %+v", div.Total)
		}
		full := csvTables(t, open.must(200, accReq{method: "GET", path: "/api/v1/measures/diversions?format=csv", who: "coordinator"}).body)["diversions"]
		groups := map[string]measures.DiversionCounts{"total/": div.Total}
		for _, g := range div.ByMonth {
			groups["month/"+g.Key] = g.DiversionCounts
		}
		for _, g := range div.ByTown {
			groups["town/"+g.Key] = g.DiversionCounts
		}
		for _, g := range div.BySource {
			groups["source/"+g.Key] = g.DiversionCounts
		}
		if len(full)-1 != len(groups) {
			t.Fatalf("csv has %d rows, json %d groups", len(full)-1, len(groups))
		}
		for _, row := range full[1:] {
			d, ok := groups[row[0]+"/"+row[1]]
			if !ok {
				t.Fatalf("csv row %v has no json group", row)
			}
			want := []int{d.Encounters, d.EDDiverted, d.ArrestDiverted, d.Both}
			for i, w := range want {
				if row[2+i] != strconv.Itoa(w) {
					t.Errorf("%s/%s column %d: csv %s, json %d", row[0], row[1], 2+i, row[2+i], w)
				}
			}
			if d.EDRate != nil {
				if got, _ := strconv.ParseFloat(row[6], 64); got != *d.EDRate {
					t.Errorf("%s/%s ed_rate: csv %s, json %v", row[0], row[1], row[6], *d.EDRate)
				}
			}
		}
		small := csvTables(t, f.must(200, accReq{method: "GET", path: "/api/v1/measures/diversions?format=csv", who: "admin"}).body)["diversions"]
		if small[1][2] != "5" || small[1][3] != "<5" || small[1][9] != "<5" {
			t.Fatalf("suppressed total row: %v, want 5 encounters shown and small counts as <5", small[1])
		}

		var rep measures.RepeatReport
		open.must(200, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?radius_m=75&min_calls=1", who: "coordinator"}).json(t, &rep)
		if len(rep.Places) != 2 || rep.Places[0].Calls != 3 || rep.Places[1].Calls != 1 || rep.Places[0].Town != "Holyoke" {
			t.Fatalf("places: %+v", rep.Places)
		}
		// Centres keep three decimals (about 100 m), in JSON as in CSV.
		for _, p := range rep.Places {
			if p.Lat != math.Round(p.Lat*1000)/1000 || p.Lon != math.Round(p.Lon*1000)/1000 {
				t.Errorf("place centre not rounded to 3 decimals: %v, %v", p.Lat, p.Lon)
			}
		}
		// With suppression on, JSON withholds the small places' counts and points as the
		// CSV does: null, and the row marked suppressed; totals stay.
		raw := f.must(200, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?radius_m=75&min_calls=1", who: "coordinator"}).body
		var sup struct {
			Calls  int              `json:"calls"`
			Places []map[string]any `json:"places"`
		}
		if err := json.Unmarshal(raw, &sup); err != nil {
			t.Fatal(err)
		}
		if len(sup.Places) != 2 || sup.Calls != rep.Calls {
			t.Fatalf("suppressed json places: %s", raw)
		}
		for _, p := range sup.Places {
			if p["suppressed"] != true || p["calls"] != nil || p["lat"] != nil || p["lon"] != nil || p["people"] != nil {
				t.Errorf("small place shown in json: %v", p)
			}
		}
		places := csvTables(t, open.must(200, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?radius_m=75&min_calls=1&format=csv", who: "coordinator"}).body)["places"]
		if len(places) != 3 || places[1][0] != "3" || places[2][0] != "1" || places[1][3] == "" {
			t.Fatalf("csv places: %v", places)
		}
		places = csvTables(t, f.must(200, accReq{method: "GET", path: "/api/v1/measures/repeat-locations?radius_m=75&min_calls=1&format=csv", who: "coordinator"}).body)["places"]
		if places[1][0] != "<5" || places[1][3] != "" {
			t.Fatalf("suppressed places keep their count or point: %v", places)
		}

		for _, m := range []string{"repeat-locations", "interactions-per-shift", "diversions", "referrals"} {
			for who, want := range map[string]int{"peer": 403, "clinician": 403, "agency": 403, "anon": 401, "coordinator": 200, "admin": 200} {
				f.must(want, accReq{method: "GET", path: "/api/v1/measures/" + m, who: who})
			}
			res := f.must(200, accReq{method: "GET", path: fmt.Sprintf("/api/v1/measures/%s?format=csv", m), who: "admin"})
			if !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
				t.Errorf("%s csv content type %q", m, res.header.Get("Content-Type"))
			}
		}
	})
}
