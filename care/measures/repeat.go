package measures

import (
	"cmp"
	"slices"
	"time"

	"github.com/paulmach/orb"

	"handoff/care"
)

// Call is a behavioral-health 911 encounter with an exact point, as the repeat-location
// measure reads it. PersonID is the person's canonical id (merged records counted once);
// it is empty for an anonymous call. FollowedUp says whether a contact followed it
// within care.FollowUpWindow (see FollowedUpAt), as the store keeps it on the encounter.
type Call struct {
	EncounterID string
	PersonID    string
	At          time.Time
	Lat, Lon    float64
	Town        string
	FollowedUp  bool
}

// Defaults of the repeat-location measure.
const (
	DefaultRadiusM  = 75
	DefaultMinCalls = 2
	MaxRadiusM      = 1000
)

// ClusteringRule is how the repeat-location measure forms places, for the API document.
const ClusteringRule = "single linkage: two calls within radius_m metres (great-circle) of each other are in the same place, " +
	"and places are the connected groups of that relation, so a chain of calls each within radius_m of the next is one place. " +
	"The result depends only on the set of calls, not on their order."

// RepeatQuery says what the repeat-location measure covers.
type RepeatQuery struct {
	From, To time.Time
	RadiusM  float64
	MinCalls int
	Source   care.Source
	Zone     *time.Location
	// Limit keeps the places with the most calls (0: all): a large program has
	// thousands of places of two calls. Totals and buckets still count every place.
	Limit int
}

// Place is a location calls came from repeatedly: the mean point of its calls, the town
// most of them were in, how many calls and distinct people, the first and last call, how
// many calls were followed up within care.FollowUpWindow, and whether an institution (a
// shelter, hospital or police station) lies within the radius, which inflates its count.
type Place struct {
	Calls         int       `json:"calls"`
	People        int       `json:"people"`
	Town          string    `json:"town"`
	Lat           float64   `json:"lat"`
	Lon           float64   `json:"lon"`
	FirstCall     time.Time `json:"first_call"`
	LastCall      time.Time `json:"last_call"`
	FollowedUp    int       `json:"followed_up"`
	Institutional bool      `json:"institutional"`
}

// PlaceDecimals is how many decimals of a degree a place's centre keeps (about 100 m).
const PlaceDecimals = 3

// Bucket counts places by their number of calls.
type Bucket struct {
	Label  string `json:"label"`
	Min    int    `json:"min"`
	Max    int    `json:"max,omitempty"` // 0: no upper bound
	Places int    `json:"places"`
	Calls  int    `json:"calls"`
}

// TrendMonth is one month of the period: the calls from repeat places (places with at
// least min_calls in the period) against the same month of the previous period.
type TrendMonth struct {
	Month               string `json:"month"`
	Calls               int    `json:"calls"`
	RepeatCalls         int    `json:"repeat_calls"`
	PreviousMonth       string `json:"previous_month"`
	PreviousCalls       int    `json:"previous_calls"`
	PreviousRepeatCalls int    `json:"previous_repeat_calls"`
	Change              int    `json:"change"`
}

// RepeatReport is the repeat-location measure.
type RepeatReport struct {
	From        time.Time    `json:"from"`
	To          time.Time    `json:"to"`
	Source      care.Source  `json:"source"`
	RadiusM     float64      `json:"radius_m"`
	MinCalls    int          `json:"min_calls"`
	Clustering  string       `json:"clustering"`
	Calls       int          `json:"calls"`
	RepeatCalls int          `json:"repeat_calls"`
	PlacesTotal int          `json:"places_total"`
	Places      []Place      `json:"places"`
	Buckets     []Bucket     `json:"buckets"`
	Trend       []TrendMonth `json:"trend"`
}

// RepeatLocations computes the repeat-location measure. calls are the period's calls,
// previous those of the period before (see PreviousPeriod; only their times and points
// matter), and institutions the points of shelters, hospitals and police stations.
// Places list those with at least MinCalls calls; buckets count every place.
func RepeatLocations(q RepeatQuery, calls, previous []Call, institutions []orb.Point) RepeatReport {
	if q.RadiusM <= 0 {
		q.RadiusM = DefaultRadiusM
	}
	if q.MinCalls <= 0 {
		q.MinCalls = DefaultMinCalls
	}
	if q.Source == "" {
		q.Source = care.SourceCoResponse
	}
	r := RepeatReport{From: q.From, To: q.To, Source: q.Source, RadiusM: q.RadiusM, MinCalls: q.MinCalls,
		Clustering: ClusteringRule, Calls: len(calls), Places: []Place{}}

	groups := clusterCalls(calls, q.RadiusM)
	r.Buckets = []Bucket{{Label: "1", Min: 1, Max: 1}, {Label: "2-3", Min: 2, Max: 3}, {Label: "4-5", Min: 4, Max: 5}, {Label: "6+", Min: 6}}
	for _, g := range groups {
		n := len(g)
		for i := range r.Buckets {
			if b := &r.Buckets[i]; n >= b.Min && (b.Max == 0 || n <= b.Max) {
				b.Places++
				b.Calls += n
			}
		}
		if n < q.MinCalls {
			continue
		}
		r.RepeatCalls += n
		r.Places = append(r.Places, place(calls, g, institutions, q.RadiusM))
	}
	slices.SortFunc(r.Places, func(a, b Place) int {
		return cmp.Or(cmp.Compare(b.Calls, a.Calls), b.LastCall.Compare(a.LastCall),
			cmp.Compare(a.Lat, b.Lat), cmp.Compare(a.Lon, b.Lon))
	})
	r.PlacesTotal = len(r.Places)
	if q.Limit > 0 && len(r.Places) > q.Limit {
		r.Places = r.Places[:q.Limit]
	}
	r.Trend = trend(q, calls, groups, previous)
	return r
}

// trend counts, month by month, the calls and the calls from repeat places, for the
// period and for the previous one (clustered on its own), aligned month by month.
func trend(q RepeatQuery, calls []Call, groups [][]int, previous []Call) []TrendMonth {
	months := Months(q.From, q.To, q.Zone)
	pf, pt := PreviousPeriod(q.From, q.To, q.Zone)
	prevMonths := Months(pf, pt, q.Zone)
	out := make([]TrendMonth, len(months))
	for i, m := range months {
		out[i].Month = m.Label
		if i < len(prevMonths) {
			out[i].PreviousMonth = prevMonths[i].Label
		}
	}
	tally := func(cs []Call, gs [][]int, ps []Period, calls, repeat func(i int) *int) {
		for _, g := range gs {
			for _, ci := range g {
				m := periodIndex(ps, cs[ci].At)
				if m < 0 || m >= len(out) {
					continue
				}
				*calls(m)++
				if len(g) >= q.MinCalls {
					*repeat(m)++
				}
			}
		}
	}
	tally(calls, groups, months, func(i int) *int { return &out[i].Calls }, func(i int) *int { return &out[i].RepeatCalls })
	tally(previous, clusterCalls(previous, q.RadiusM), prevMonths,
		func(i int) *int { return &out[i].PreviousCalls }, func(i int) *int { return &out[i].PreviousRepeatCalls })
	for i := range out {
		out[i].Change = out[i].RepeatCalls - out[i].PreviousRepeatCalls
	}
	return out
}
