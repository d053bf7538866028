package api_test

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/care"
	"handoff/care/measures/deid"
	"handoff/store"
	"handoff/store/storetest"
)

// deidFixture records, as the peer, calls from places of 13, 12, 7 and 3 calls and a single
// call (the place of 12 withheld to protect the place of 7), direct contacts, referrals of which three are closed, and walk-ins with follow-ups
// of which two reached the person: a program with small cells in every measure. It returns the period as dates in the program's zone.
func deidFixture(f *accFixture) (from, to string) {
	f.t.Helper()
	zone := care.DefaultZone()
	now := time.Now().In(zone)
	start := time.Date(now.Year(), now.Month(), now.Day()-70, 12, 0, 0, 0, zone)
	point := func(north, east float64) (float64, float64) {
		return 42.2043 + north/111320, -72.6162 + east/(111320*math.Cos(42.2043*math.Pi/180))
	}
	call := func(day int, north, east float64, town string, ed bool) {
		lat, lon := point(north, east)
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": start.AddDate(0, 0, day).Format(time.RFC3339), "source": "911_coresponse", "town": town,
			"lat": lat, "lon": lon, "disposition": "resolved_on_scene", "ed_diverted": ed}})
	}
	for i := range 13 {
		call(i*4, float64(i%3)*5, 0, "Holyoke", i < 8)
	}
	// Twelve calls 4 m apart, 44 m end to end: one place under the 50 m diameter, of
	// enough calls to show, yet withheld to protect the place of 7 beside it in the 6+
	// bucket (complementary suppression), so that opening it is refused.
	for i := range 12 {
		call(i*5+3, -3000, float64(i)*4, "Holyoke", i < 3)
	}
	for i := range 7 {
		call(i*7+1, 3000, float64(i)*5, "Springfield", i < 2)
	}
	for i := range 3 {
		call(i*9+2, -1500, float64(i)*5, "Holyoke", false)
	}
	call(30, 6000, 6000, "Chicopee", true)
	for i := range 12 {
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": start.AddDate(0, 0, i*5).Format(time.RFC3339), "source": "direct_to_peer", "town": "Springfield",
			"disposition": "referred"}})
	}
	person := f.addPerson("D. I.")
	f.addConsent(person, f.orgA)
	for range 12 {
		f.liveReferral(person, nil)
	}
	for _, outcome := range []string{"got-help", "got-help", "no-capacity"} {
		r := f.liveReferral(person, nil)
		_, _, tok := f.linkPage(r.AgencyLink)
		if code, body := f.linkPost(r.AgencyLink, url.Values{"form_token": {tok}, "action": {"accept"}}); code != 200 {
			f.t.Fatalf("accept: %d\n%s", code, body)
		}
		_, _, tok = f.linkPage(r.AgencyLink)
		if code, body := f.linkPost(r.AgencyLink, url.Values{"form_token": {tok}, "action": {"complete"}, "outcome": {outcome}}); code != 200 {
			f.t.Fatalf("complete: %d\n%s", code, body)
		}
	}
	// Thirteen walk-ins of one person an hour ago, each with its follow-up; two reached.
	walker := f.addPerson("W. K.")
	for i := range 13 {
		var enc struct {
			FollowUp *struct{ ID string } `json:"follow_up"`
		}
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "source": "walk_in", "town": "Springfield",
			"person_id": walker, "disposition": "resolved_on_scene"}}).json(f.t, &enc)
		if enc.FollowUp == nil {
			f.t.Fatal("a walk-in with a person has no follow-up")
		}
		if i < 2 {
			f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + enc.FollowUp.ID + "/attempts", who: "peer",
				body: map[string]any{"channel": "phone", "outcome": "reached"}})
		}
	}
	// Through tomorrow: a fixture written just before midnight in the zone ends after it.
	return start.AddDate(0, 0, -1).Format("2006-01-02"), now.AddDate(0, 0, 1).Format("2006-01-02")
}

// TestMeasuresDeidAcceptance is issue 15's acceptance 3: for each measure, over a program
// with small cells, on a real server and both databases, JSON and CSV agree cell by
// cell; no count from 1 to 10 is shown; a rate is shown only over counts that clear the
// threshold; a suppressed place keeps its times only to the month; every shown cell is
// the true figure; and no withheld cell is given back by the sums the tables obey (the
// equations are written here from the tables' meaning, not taken from the code that
// suppresses, and solved together by linear algebra).
func TestMeasuresDeidAcceptance(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		from, to := deidFixture(f)
		open := f.sibling(api.Options{SmallCellSuppression: -1})
		q := "from=" + from + "&to=" + to
		const min = deid.DefaultMin

		ms := []string{"diversions", "repeat-locations", "referrals", "interactions-per-shift", "referral-funnel", "follow-ups", "service-gaps"}
		answers := map[string]map[string][]map[string]string{}
		for k := 0; k < len(ms); k++ {
			m := ms[k]
			got, truth := measureBoth(t, f, m, q), measureBoth(t, open, m, q)
			answers[m] = got
			for name, rows := range got {
				for i, row := range rows {
					for col, v := range row {
						if col == "as_of" { // the time of each answer
							continue
						}
						// A time in a suppressed row is shown to the month: a prefix of the truth.
						if v != deid.Marker && truth[name][i][col] != v && !(isMonth(v) && strings.HasPrefix(truth[name][i][col], v)) {
							t.Errorf("%s/%s row %d %s: shown %q, true %q", m, name, i, col, v, truth[name][i][col])
						}
					}
				}
			}
			e := newEquations(t, got)
			switch m {
			case "diversions":
				counts := []string{"encounters", "ed_diverted", "arrest_diverted", "both", "direct_to_peer"}
				noSmallShown(t, m, got, min, counts...)
				for _, col := range counts {
					for _, by := range []string{"by_month", "by_town", "by_source"} {
						e.sum(e.cell("total", 0, col), e.column(by, col)...)
					}
				}
				for i, row := range got["by_source"] {
					if row["key"] == string(care.SourceDirectToPeer) {
						e.sum(e.cell("by_source", i, "direct_to_peer"), e.cell("by_source", i, "encounters"))
					}
				}
				for _, tb := range []string{"total", "by_month", "by_town", "by_source"} {
					for _, r := range [][3]string{{"ed_rate", "ed_diverted", "encounters"}, {"arrest_rate", "arrest_diverted", "encounters"},
						{"both_rate", "both", "encounters"}, {"direct_to_peer_rate", "direct_to_peer", "encounters"}} {
						rateShown(t, m, tb, got[tb], min, r[0], r[1], r[2])
					}
				}
				if got["total"][0]["encounters"] != "61" {
					t.Errorf("fixture: %v encounters, want 61", got["total"][0]["encounters"])
				}
			case "repeat-locations":
				// places_total is the number of place rows (no limit here): shown, as the rows show it.
				if pt := got["summary"][0]["places_total"]; pt != fmt.Sprint(len(got["places"])) {
					t.Errorf("places_total %s for %d rows", pt, len(got["places"]))
				}
				noSmallShown(t, m, got, min, "calls", "repeat_calls", "people", "followed_up", "places",
					"previous_calls", "previous_repeat_calls")
				calls, repeat := e.cell("summary", 0, "calls"), e.cell("summary", 0, "repeat_calls")
				e.sum(calls, e.column("buckets", "calls")...)
				e.sum(calls, e.column("trend", "calls")...)
				e.sum(repeat, e.column("trend", "repeat_calls")...)
				e.sum(repeat, e.column("places", "calls")...)
				var bucketCalls, bucketPlaces []*deid.Cell
				for i, b := range truth["buckets"] {
					if b["calls_per_place"] == "1" {
						e.sum(e.cell("buckets", i, "places"), e.cell("buckets", i, "calls"))
						continue
					}
					bucketCalls, bucketPlaces = append(bucketCalls, e.cell("buckets", i, "calls")), append(bucketPlaces, e.cell("buckets", i, "places"))
					// A reader who guesses which places a bucket holds: the sum of their calls.
					var in []*deid.Cell
					for j, p := range truth["places"] {
						if bucketOfText(b["calls_per_place"], p["calls"]) {
							in = append(in, e.cell("places", j, "calls"))
						}
					}
					e.sum(e.cell("buckets", i, "calls"), in...)
				}
				e.sum(repeat, bucketCalls...)
				e.sum(e.cell("summary", 0, "places_total"), bucketPlaces...)
				for _, p := range got["places"] {
					if p["calls"] == deid.Marker && (len(p["first_call"]) != len("2006-01") || p["lat"] != deid.Marker || p["town"] != deid.Marker) {
						t.Errorf("a suppressed place keeps its town, point or exact times: %v", p)
					}
				}
				if len(got["places"]) != 4 || got["places"][0]["calls"] != "13" || got["places"][0]["lat"] == deid.Marker ||
					truth["places"][1]["calls"] != "12" || got["places"][1]["calls"] != deid.Marker {
					t.Errorf("fixture places (13, 12, 7 and 3 calls; the 12 withheld to protect the 7): %v", got["places"])
				} else { // the place of 13 calls, opened from the map
					ms = append(ms, "repeat-locations/"+placeKeyOf(got["places"][0]))
				}
				// A place whose calls are withheld to protect a smaller cell is not opened,
				// though it has enough calls itself: its detail would give them back.
				refused := 0
				for i, p := range truth["places"] {
					var n int
					fmt.Sscan(p["calls"], &n)
					if got["places"][i]["calls"] == deid.Marker && n >= min {
						f.must(404, accReq{method: "GET", path: "/api/v1/measures/repeat-locations/" + placeKeyOf(p) + "?" + q, who: "coordinator"})
						// Nor are its follow-ups listed for handing out: their number is near its calls'.
						f.must(404, accReq{method: "GET", path: "/api/v1/measures/repeat-locations/" + placeKeyOf(p) + "/follow-ups?" + q, who: "coordinator"})
						refused++
					}
				}
				if refused == 0 {
					t.Errorf("fixture: no place of %d calls or more is withheld, so the refusal is not exercised: %v", min, got["places"])
				}
			case "referrals":
				noSmallShown(t, m, got, min, "referrals", "open", "closed", "completed", "stalled", "count")
				referrals, closed, completed := e.cell("summary", 0, "referrals"), e.cell("summary", 0, "closed"), e.cell("summary", 0, "completed")
				e.sum(referrals, e.cell("summary", 0, "open"), closed)
				for _, by := range []string{"by_need", "by_organization", "by_level_of_care"} {
					e.sum(referrals, e.column(by, "referrals")...)
					e.sum(closed, e.column(by, "closed")...)
					e.sum(completed, e.column(by, "completed")...)
					rateShown(t, m, by, got[by], min, "completion_rate", "completed", "closed")
				}
				e.sum(closed, e.column("outcomes", "count")...)
				rateShown(t, m, "summary", got["summary"], min, "completion_rate", "completed", "closed")
				for _, tb := range []string{"rejection_reasons", "failure_reasons"} {
					for _, r := range got[tb] {
						if r["count"] == deid.Marker && r["reason"] != deid.Marker {
							t.Errorf("a rare reason is shown: %v", r)
						}
					}
				}
				if s := got["summary"][0]; s["referrals"] != "15" || s["closed"] != deid.Marker || s["open"] != deid.Marker ||
					s["median_hours_to_accept"] != deid.Marker {
					t.Errorf("referral summary: %v", s)
				}
			case "referral-funnel":
				funnelEquations(t, e, "", got, truth, min)
				if tot := got["total"][0]; tot["referrals"] != "15" || tot["open"] != deid.Marker || tot["closed"] != deid.Marker ||
					tot["accept_rate"] != deid.Marker || tot["to_accept_median_hours"] != deid.Marker {
					t.Errorf("funnel total: %v", tot)
				}
			case "follow-ups":
				noSmallShown(t, m, got, min, "encounters", "reached_24h", "reached_48h", "reached", "follow_ups", "open", "overdue", "flagged", "done")
				e.sum(e.cell("summary", 0, "follow_ups"), e.cell("summary", 0, "open"), e.cell("summary", 0, "flagged"), e.cell("summary", 0, "done"))
				for _, r := range [][2]string{{"rate_24h", "reached_24h"}, {"rate_48h", "reached_48h"}, {"rate_reached", "reached"}} {
					rateShown(t, m, "summary", got["summary"], min, r[0], r[1], "encounters")
				}
				if s := got["summary"][0]; s["encounters"] != "13" || s["follow_ups"] != "13" || s["reached_24h"] != deid.Marker ||
					s["done"] != deid.Marker || s["open"] != deid.Marker || s["rate_24h"] != deid.Marker {
					t.Errorf("follow-ups: %v", s)
				}
			case "service-gaps": // searches, not people: shown as they are (the dictionary says so)
			case "interactions-per-shift":
				for name, rows := range got {
					for i, row := range rows {
						for col, v := range row {
							if v == deid.Marker {
								t.Errorf("workload withheld: %s/%s row %d %s", m, name, i, col)
							}
						}
					}
				}
			}
			if strings.HasPrefix(m, "repeat-locations/") {
				noSmallShown(t, m, got, min, "calls", "people", "followed_up", "total", "open", "overdue", "flagged", "done")
				e.sum(e.cell("summary", 0, "calls"), e.column("months", "calls")...)
				e.sum(e.cell("summary", 0, "followed_up"), e.column("months", "followed_up")...)
				e.sum(e.cell("follow_ups", 0, "total"), e.cell("follow_ups", 0, "open"), e.cell("follow_ups", 0, "flagged"), e.cell("follow_ups", 0, "done"))
				if got["summary"][0]["calls"] != "13" || got["summary"][0]["town"] != "Holyoke" {
					t.Errorf("the place: %v", got["summary"][0])
				}
			}
			e.check(m)
		}
		if len(ms) != 8 {
			t.Errorf("the place was not opened: %v", ms)
		}
		// The dashboard shows the funnel beside the referral-completion measure: taken
		// together, they give back no withheld cell of either.
		crossReferrals(t, answers["referrals"], answers["referral-funnel"], min)
	})
}

// bucketOfText reports whether a place of calls (as text) falls in the bucket labelled
// "2-3", "4-5" or "6+".
func bucketOfText(label, calls string) bool {
	var n, lo, hi int
	if _, err := fmt.Sscan(calls, &n); err != nil {
		return false
	}
	switch label {
	case "6+":
		return n >= 6
	default:
		if _, err := fmt.Sscanf(label, "%d-%d", &lo, &hi); err != nil {
			return false
		}
		return n >= lo && n <= hi
	}
}

// TestMeasuresDateOnlyIsLocalDay: a date-only from and to mean those days in the
// program's zone: a call at 23:30 there (already the next day in UTC) counts on its day.
func TestMeasuresDateOnlyIsLocalDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{SmallCellSuppression: -1})
		zone := care.DefaultZone()
		now := time.Now().In(zone)
		day := time.Date(now.Year(), now.Month(), now.Day()-10, 23, 30, 0, 0, zone)
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"occurred_at": day.Format(time.RFC3339), "source": "direct_to_peer", "town": "Springfield", "disposition": "referred"}})
		count := func(from, to string) string {
			return measureBoth(t, f, "diversions", "from="+from+"&to="+to)["total"][0]["encounters"]
		}
		d, next := day.Format("2006-01-02"), day.AddDate(0, 0, 1).Format("2006-01-02")
		if got := count(d, d); got != "1" {
			t.Errorf("from=to=%s: %s encounters, want 1 (the call at 23:30 that day)", d, got)
		}
		if got := count(next, next); got != "0" {
			t.Errorf("from=to=%s: %s encounters, want 0", next, got)
		}
		f.must(400, accReq{method: "GET", path: "/api/v1/measures/diversions?from=" + next + "&to=" + d, who: "coordinator"})
	})
}

// isMonth reports whether s is a month, 2006-01.
func isMonth(s string) bool {
	_, err := time.Parse("2006-01", s)
	return err == nil
}
