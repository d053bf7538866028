package measures

import (
	"fmt"
	"strconv"
	"strings"
	"time"
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
	if q.RadiusM <= 0 {
		q.RadiusM = DefaultRadiusM
	}
	if q.MinCalls <= 0 {
		q.MinCalls = DefaultMinCalls
	}
	for _, g := range clusterCalls(calls, q.RadiusM) {
		if len(g) < q.MinCalls {
			continue
		}
		p := place(calls, g, nil, q.RadiusM)
		if p.Lat != lat || p.Lon != lon {
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

// PlaceMonth is one month of a place: its calls and how many were followed up. Counts
// under the small-cell threshold are null.
type PlaceMonth struct {
	Month      string `json:"month"`
	Calls      *int   `json:"calls"`
	FollowedUp *int   `json:"followed_up"`
}

// PlaceFollowUps is how the follow-ups of the place's calls (and of its people's, made
// after a call there) stand: counts, null when small.
type PlaceFollowUps struct {
	Total   *int `json:"total"`
	Open    *int `json:"open"`
	Overdue *int `json:"overdue"`
	Flagged *int `json:"flagged"`
	Done    *int `json:"done"`
}

// PlaceDetail is one place in de-identified counts.
type PlaceDetail struct {
	Place      string         `json:"place"`
	Lat        float64        `json:"lat"`
	Lon        float64        `json:"lon"`
	Town       string         `json:"town"`
	Calls      int            `json:"calls"`
	People     *int           `json:"people"`
	FollowedUp *int           `json:"followed_up"`
	Months     []PlaceMonth   `json:"months"`
	FollowUps  PlaceFollowUps `json:"follow_ups"`
}

// DescribePlace counts a place's calls (from PlaceCalls) month by month in the zone and
// its follow-ups (reach rows of its calls' follow-ups), as of asOf, suppressing small
// counts by c. It answers false when the place itself is too small to show.
func DescribePlace(q RepeatQuery, calls []Call, followUps []ReachRow, asOf time.Time, c Cells) (PlaceDetail, bool) {
	if len(calls) == 0 || c.Small(len(calls)) {
		return PlaceDetail{}, false
	}
	idx := make([]int, len(calls))
	for i := range idx {
		idx[i] = i
	}
	p := place(calls, idx, nil, q.RadiusM)
	d := PlaceDetail{Place: PlaceKey(p.Lat, p.Lon), Lat: p.Lat, Lon: p.Lon, Town: p.Town, Calls: p.Calls,
		People: shown(c, p.People), FollowedUp: shown(c, p.FollowedUp), Months: []PlaceMonth{}}
	months := Months(q.From, q.To, q.Zone)
	n, f := make([]int, len(months)), make([]int, len(months))
	for _, call := range calls {
		if i := periodIndex(months, call.At); i >= 0 {
			n[i]++
			if call.FollowedUp {
				f[i]++
			}
		}
	}
	for i, m := range months {
		d.Months = append(d.Months, PlaceMonth{Month: m.Label, Calls: shown(c, n[i]), FollowedUp: shown(c, f[i])})
	}
	r := FollowUpReach(q.From, q.To, asOf, followUps)
	d.FollowUps = PlaceFollowUps{Total: shown(c, r.FollowUps), Open: shown(c, r.Open), Overdue: shown(c, r.Overdue),
		Flagged: shown(c, r.Flagged), Done: shown(c, r.Done)}
	return d, true
}

// shown is n, or nil when c suppresses it.
func shown(c Cells, n int) *int {
	if c.Small(n) {
		return nil
	}
	return &n
}
