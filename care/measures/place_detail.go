package measures

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"handoff/care/measures/deid"
)

// One repeat place, opened from the dashboard's map (issue 15): its calls month by month
// and what follow-up its people got, in de-identified counts. A place has no stored id:
// it is named by its centre as the measure reports it (PlaceDecimals decimals), and found
// again by forming the places of the same query.

// PlaceKey names a place by its reported centre: "42.101,-72.590".
func PlaceKey(lat, lon float64) string {
	return strconv.FormatFloat(lat, 'f', PlaceDecimals, 64) + "," + strconv.FormatFloat(lon, 'f', PlaceDecimals, 64)
}

// ParsePlaceKey reads a PlaceKey back.
func ParsePlaceKey(s string) (lat, lon float64, err error) {
	a, b, ok := strings.Cut(s, ",")
	if !ok {
		return 0, 0, fmt.Errorf("a place is lat,lon")
	}
	if lat, err = strconv.ParseFloat(strings.TrimSpace(a), 64); err != nil || lat < -90 || lat > 90 {
		return 0, 0, fmt.Errorf("a place is lat,lon with a latitude from -90 to 90")
	}
	if lon, err = strconv.ParseFloat(strings.TrimSpace(b), 64); err != nil || lon < -180 || lon > 180 {
		return 0, 0, fmt.Errorf("a place is lat,lon with a longitude from -180 to 180")
	}
	return round(lat, PlaceDecimals), round(lon, PlaceDecimals), nil
}

// PlaceCalls returns the calls of the place of q whose centre is (lat, lon), formed as
// RepeatLocations forms places; nil when no place with at least q.MinCalls calls has that
// centre.
func PlaceCalls(q RepeatQuery, calls []Call, lat, lon float64) []Call {
	switch {
	case q.DiameterM > 0:
	case q.RadiusM > 0:
		q.DiameterM = 2 * q.RadiusM
	default:
		q.DiameterM = DefaultDiameterM
	}
	if q.MinCalls <= 0 {
		q.MinCalls = DefaultMinCalls
	}
	return callsAt(calls, groupCalls(calls, q.DiameterM), q.MinCalls, lat, lon)
}

// CallsAt returns the calls of the report's place centred at (lat, lon), as PlaceCalls
// finds them over the same query, from the grouping the report was made of: opening a
// place costs no second grouping of the period.
func (r RepeatReport) CallsAt(lat, lon float64) []Call {
	return callsAt(r.calls, r.groups, r.MinCalls, lat, lon)
}

// callsAt finds the group of at least minCalls calls centred at (lat, lon).
func callsAt(calls []Call, groups [][]int, minCalls int, lat, lon float64) []Call {
	for _, g := range groups {
		if len(g) < minCalls {
			continue
		}
		if la, lo, ok := centre(calls, g); !ok || la != lat || lo != lon {
			continue
		}
		out := make([]Call, len(g))
		for i, ci := range g {
			out[i] = calls[ci]
		}
		return out
	}
	return nil
}

// PlaceShown reports whether the report, suppressed under the rule, shows the calls of
// its place centred at (lat, lon). A place whose calls the rule withholds (small, or
// withheld to protect a smaller cell beside them) is not to be opened: its detail would
// give them back.
func (r RepeatReport) PlaceShown(rule deid.Rule, zone *time.Location, lat, lon float64) bool {
	rep := r.Deid(zone)
	rule.Apply(rep)
	key := PlaceKey(lat, lon)
	for _, t := range rep.Tables {
		if t.Name != "places" {
			continue
		}
		for i, p := range r.Places {
			if PlaceKey(p.Lat, p.Lon) == key {
				return !t.Rows[i][t.Col("calls")].Suppressed
			}
		}
	}
	return false
}

// PlaceMonth is one month of a place: its calls and how many were followed up.
type PlaceMonth struct {
	Month      string
	Calls      int
	FollowedUp int
}

// PlaceDetail is one repeat place: its centre and town, its calls and people, its calls
// month by month, and how the follow-ups of its calls stand (as FollowUpReach counts
// them). Deid makes it de-identifiable tables.
type PlaceDetail struct {
	From, To   time.Time
	Lat, Lon   float64
	Town       string
	Calls      int
	People     int
	FollowedUp int
	Months     []PlaceMonth
	FollowUps  ReachReport
}

// DescribePlace counts a place's calls (from PlaceCalls) month by month in the zone and
// its follow-ups (reach rows of its calls' follow-ups), as of asOf.
func DescribePlace(q RepeatQuery, calls []Call, followUps []ReachRow, asOf time.Time) PlaceDetail {
	idx := make([]int, len(calls))
	for i := range idx {
		idx[i] = i
	}
	p := place(calls, idx, nil)
	d := PlaceDetail{From: q.From, To: q.To, Lat: p.Lat, Lon: p.Lon, Town: p.Town, Calls: p.Calls, People: p.People,
		FollowedUp: p.FollowedUp}
	months := Months(q.From, q.To, q.Zone)
	d.Months = make([]PlaceMonth, len(months))
	for i, m := range months {
		d.Months[i].Month = m.Label
	}
	for _, call := range calls {
		if i := periodIndex(months, call.At); i >= 0 {
			d.Months[i].Calls++
			if call.FollowedUp {
				d.Months[i].FollowedUp++
			}
		}
	}
	d.FollowUps = FollowUpReach(q.From, q.To, asOf, followUps)
	return d
}
