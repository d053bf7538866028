package measures

import (
	"cmp"
	"slices"
	"time"

	"handoff/care"
)

// Call is a behavioral-health 911 encounter as the repeat-location measure reads it.
// PersonID is the person's canonical id (merged records counted once); it is empty for
// an anonymous call. FollowedUp says whether a contact followed it within
// care.FollowUpWindow (see FollowedUpAt), as the store keeps it on the encounter.
//
// Where: Lat/Lon, an exact point, unless Inexact says how the call was placed instead
// ("zip", "town" or "unknown": counted as not placed exactly, never grouped). AddressKey
// names the building of a street address (care.AddressKey: equal for the same building
// whatever its unit), Address its normalised text (geo.NormalizeAddress) for places
// shown in aggregate; a call with an AddressKey is placed exactly even without a point.
type Call struct {
	EncounterID string
	PersonID    string
	At          time.Time
	Lat, Lon    float64
	Town        string
	FollowedUp  bool
	Inexact     string
	AddressKey  string
	Address     string
}

// How a call that is not placed exactly was placed (Call.Inexact).
const (
	InexactZIP     = "zip"     // at a ZIP code's centre
	InexactTown    = "town"    // at a town's inside point
	InexactUnknown = "unknown" // no place: "unknown" said, or none given
)

// exact reports whether the call takes part in the grouping: an exact point, or a
// street address.
func (c Call) exact() bool { return c.Inexact == "" || c.AddressKey != "" }

// hasPoint reports whether the call has a point to group by.
func (c Call) hasPoint() bool { return c.Inexact == "" }

// Defaults of the repeat-location measure.
const (
	// DefaultDiameterM is the widest a place may be: no two calls of one place are more
	// than 50 m apart (great-circle). A building's fixes (a phone's ±15 m) fit; houses
	// along a street, 60 m apart, do not join. Single linkage at 75 m, used before,
	// chained a street of calls into one place.
	DefaultDiameterM = 50
	// MaxDiameterM bounds the diameter_m parameter.
	MaxDiameterM = 2000
	// DefaultRadiusM and MaxRadiusM are the former radius_m's: radius_m is still read,
	// as half the diameter.
	DefaultRadiusM  = DefaultDiameterM / 2
	MaxRadiusM      = MaxDiameterM / 2
	DefaultMinCalls = 2
	// InstitutionWithinM is how near an institution (a directory location of a
	// shelter, hospital or police station: see InstitutionKeywords) a call of a place
	// must be for the place to be marked institutional: 75 m, a campus's or a station's
	// grounds and the street in front.
	InstitutionWithinM = 75
)

// ClusteringRule is how the repeat-location measure forms places, for the API document.
const ClusteringRule = "diameter-bounded grouping (greedy complete linkage, geo.Group): no two calls of a place are more than diameter_m metres apart (great-circle), " +
	"so a street of calls is not chained into one place. Calls with the same street address (normalised: units, suffixes, directions, case and punctuation) " +
	"are one place whatever their unit. Seeds are taken from the busiest spot down, each place taking the nearby calls that keep it within diameter_m. " +
	"The result depends only on the set of calls, not on their order. Calls placed only by ZIP or town, or with no place, are counted under not_placed_exactly, never grouped."

// RepeatQuery says what the repeat-location measure covers.
type RepeatQuery struct {
	From, To time.Time
	// DiameterM is the widest a place may be (DefaultDiameterM when 0); RadiusM, when
	// DiameterM is 0, gives it as twice the radius (the former parameter).
	DiameterM float64
	RadiusM   float64
	MinCalls  int
	Source    care.Source
	Zone      *time.Location
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
	// Institution is the kind of the nearest institution (KindHospital, KindShelter,
	// KindPolice, KindJail) when Institutional; see InstitutionRule.
	Institution string `json:"institution,omitempty"`
	// Address is the normalised street address most of the place's addressed calls
	// gave ("12 MAIN ST"), empty when none did; shown only in aggregate (a place that
	// clears the small-cell rule), and withheld with the point when suppressed.
	Address string `json:"address,omitempty"`
	// AddressKey is the key of that address (Call.AddressKey), for the store to fill
	// Address in lazily; never shown.
	AddressKey string `json:"-"`
}

// NotPlaced counts the calls that are not placed exactly, by how they were placed, and
// by town: they are in the measure's totals but in no place.
type NotPlaced struct {
	Calls   int         `json:"calls"`
	ZIP     int         `json:"zip"`
	Town    int         `json:"town"`
	Unknown int         `json:"unknown"`
	Towns   []TownCalls `json:"towns"`
}

// TownCalls is a number of calls in a town ("" for no town).
type TownCalls struct {
	Town  string `json:"town"`
	Calls int    `json:"calls"`
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
	From       time.Time   `json:"from"`
	To         time.Time   `json:"to"`
	Source     care.Source `json:"source"`
	RadiusM    float64     `json:"radius_m"`
	DiameterM  float64     `json:"diameter_m"`
	MinCalls   int         `json:"min_calls"`
	Clustering string      `json:"clustering"`
	Calls      int         `json:"calls"` // placed exactly
	// NotPlacedExactly are the calls placed only by ZIP or town, or not at all.
	NotPlacedExactly NotPlaced    `json:"not_placed_exactly"`
	RepeatCalls      int          `json:"repeat_calls"`
	PlacesTotal      int          `json:"places_total"`
	Places           []Place      `json:"places"`
	Buckets          []Bucket     `json:"buckets"`
	Trend            []TrendMonth `json:"trend"`

	// calls and groups are what the places were formed from: a place opened from the
	// report (CallsAt) is found without grouping the period again.
	calls  []Call
	groups [][]int
}

// RepeatLocations computes the repeat-location measure. calls are the period's calls,
// previous those of the period before (see PreviousPeriod; only their times and points
// matter), and institutions the directory's shelters, hospitals and police stations.
// Places list those with at least MinCalls calls; buckets count every place.
func RepeatLocations(q RepeatQuery, calls, previous []Call, institutions []Institution) RepeatReport {
	switch {
	case q.DiameterM > 0:
	case q.RadiusM > 0:
		q.DiameterM = 2 * q.RadiusM
	default:
		q.DiameterM = DefaultDiameterM
	}
	q.RadiusM = q.DiameterM / 2
	if q.MinCalls <= 0 {
		q.MinCalls = DefaultMinCalls
	}
	if q.Source == "" {
		q.Source = care.SourceCoResponse
	}
	r := RepeatReport{From: q.From, To: q.To, Source: q.Source, RadiusM: q.RadiusM, DiameterM: q.DiameterM, MinCalls: q.MinCalls,
		Clustering: ClusteringRule, Places: []Place{}}
	r.NotPlacedExactly = notPlaced(calls)
	r.Calls = len(calls) - r.NotPlacedExactly.Calls

	// The previous period is grouped on its own, meanwhile: the two groupings are the
	// measure's largest cost and share nothing.
	prevDone := make(chan [][]int, 1)
	go func() { prevDone <- groupCalls(previous, q.DiameterM) }()
	groups := groupCalls(calls, q.DiameterM)
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
		r.Places = append(r.Places, place(calls, g, institutions))
	}
	slices.SortFunc(r.Places, func(a, b Place) int {
		return cmp.Or(cmp.Compare(b.Calls, a.Calls), b.LastCall.Compare(a.LastCall),
			cmp.Compare(a.Lat, b.Lat), cmp.Compare(a.Lon, b.Lon))
	})
	r.PlacesTotal = len(r.Places)
	if q.Limit > 0 && len(r.Places) > q.Limit {
		r.Places = r.Places[:q.Limit]
	}
	r.Trend = trend(q, calls, groups, previous, <-prevDone)
	r.calls, r.groups = calls, groups
	return r
}

// trend counts, month by month, the calls and the calls from repeat places, for the
// period and for the previous one (clustered on its own), aligned month by month.
func trend(q RepeatQuery, calls []Call, groups [][]int, previous []Call, prevGroups [][]int) []TrendMonth {
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
	tally(previous, prevGroups, prevMonths,
		func(i int) *int { return &out[i].PreviousCalls }, func(i int) *int { return &out[i].PreviousRepeatCalls })
	for i := range out {
		out[i].Change = out[i].RepeatCalls - out[i].PreviousRepeatCalls
	}
	return out
}
