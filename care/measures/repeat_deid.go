package measures

import (
	"time"

	"handoff/care/measures/deid"
)

// Deid returns the measure as de-identifiable tables with the relations between them:
// the summary, places, buckets and trend. Calls, people and follow-ups are counts of
// people's events; a place's town and point are tied to its calls (withheld with them:
// a town and a few calls may point to a household); a place's
// first and last call are shown to the day (to the month when its row holds a withheld
// cell). The relations are what a reader can add up: every bucket's calls is the sum
// of its places' calls (with the places a limit cut as an unknown), the buckets' calls
// and the trend's calls add up to the period's calls, the trend's repeat calls to the
// repeat calls, a place of the bucket "1" is one call, and, when min_calls starts a
// bucket, the buckets from it add up to the repeat calls and places.
func (r RepeatReport) Deid(zone *time.Location) *deid.Report {
	rep := &deid.Report{Measure: "repeat-locations", Zone: zone}
	sum := rep.Table("summary", deid.Inline, "from", "to", "source", "radius_m", "diameter_m", "min_calls", "clustering",
		"calls", "repeat_calls", "places_total", "not_placed_exactly_calls")
	s := sum.Add(deid.TextCell(formatTime(r.From)), deid.TextCell(formatTime(r.To)), deid.TextCell(string(r.Source)),
		deid.FloatCell(r.RadiusM), deid.FloatCell(r.DiameterM), deid.FloatCell(float64(r.MinCalls)), deid.TextCell(r.Clustering),
		deid.CountCell(r.Calls), deid.CountCell(r.RepeatCalls), placesTotalCell(r), deid.CountCell(r.NotPlacedExactly.Calls))
	calls, repeat, placesTotal, notPlacedCalls := s[7], s[8], s[9], s[10]

	places := rep.Table("places", deid.List, "calls", "people", "town", "lat", "lon", "first_call", "last_call",
		"followed_up", "institutional", "institution", "address")
	placeCalls := make([]*deid.Cell, len(r.Places))
	for i, p := range r.Places {
		c := deid.CountCell(p.Calls)
		placeCalls[i] = c
		places.Add(c, deid.CountCell(p.People), deid.TextCell(p.Town).TiedTo(c),
			deid.FloatCell(round(p.Lat, PlaceDecimals)).TiedTo(c), deid.FloatCell(round(p.Lon, PlaceDecimals)).TiedTo(c),
			deid.WhenCell(p.FirstCall, deid.Day), deid.WhenCell(p.LastCall, deid.Day),
			deid.CountCell(p.FollowedUp), deid.BoolCell(p.Institutional), deid.TextCell(p.Institution),
			deid.TextCell(p.Address).TiedTo(c))
	}

	buckets := rep.Table("buckets", deid.List, "calls_per_place", "places", "calls")
	var bucketCalls, repeatBucketCalls, repeatBucketPlaces []*deid.Cell
	aligned := false
	for _, b := range r.Buckets {
		row := buckets.Add(deid.TextCell(b.Label), deid.CountCell(b.Places), deid.CountCell(b.Calls))
		bucketCalls = append(bucketCalls, row[2])
		if b.Min == r.MinCalls {
			aligned = true
		}
		if b.Min >= r.MinCalls {
			repeatBucketCalls = append(repeatBucketCalls, row[2])
			repeatBucketPlaces = append(repeatBucketPlaces, row[1])
		}
		if b.Max == 1 {
			rep.Relate(deid.Relation{{Coef: 1, Cell: row[1]}, {Coef: -1, Cell: row[2]}})
		}
		// The places of this bucket that are listed, and an unknown for those a limit cut.
		if b.Min >= r.MinCalls {
			var in []*deid.Cell
			for i, p := range r.Places {
				if p.Calls >= b.Min && (b.Max == 0 || p.Calls <= b.Max) {
					in = append(in, placeCalls[i])
				}
			}
			if len(in) < b.Places {
				in = append(in, deid.HiddenCell())
			}
			rep.Relate(deid.Sum(row[2], in...))
		}
	}
	rep.Relate(deid.Sum(calls, bucketCalls...))
	if aligned {
		rep.Relate(deid.Sum(repeat, repeatBucketCalls...), deid.Sum(placesTotal, repeatBucketPlaces...))
	}

	trend := rep.Table("trend", deid.List, "month", "calls", "repeat_calls", "previous_month", "previous_calls",
		"previous_repeat_calls", "change")
	for _, m := range r.Trend {
		rc, prc := deid.CountCell(m.RepeatCalls), deid.CountCell(m.PreviousRepeatCalls)
		trend.Add(deid.TextCell(m.Month), deid.CountCell(m.Calls), rc, deid.TextCell(m.PreviousMonth),
			deid.CountCell(m.PreviousCalls), prc, deid.DifferenceCell(rc, prc))
	}
	rep.Relate(deid.Sum(calls, deid.Column(trend.Rows, 1)...), deid.Sum(repeat, deid.Column(trend.Rows, 2)...))

	// The calls not placed exactly: by how they were placed, and by town; each adds up to
	// their number in the summary.
	np := r.NotPlacedExactly
	npt := rep.Table("not_placed_exactly", deid.List, "placed_by", "town", "calls")
	var byHow []*deid.Cell
	for _, h := range []struct {
		how string
		n   int
	}{{"zip", np.ZIP}, {"town", np.Town}, {"unknown", np.Unknown}} {
		byHow = append(byHow, npt.Add(deid.TextCell(h.how), deid.TextCell(""), deid.CountCell(h.n))[2])
	}
	var byTown []*deid.Cell
	for _, t := range np.Towns {
		c := deid.CountCell(t.Calls)
		npt.Add(deid.TextCell("any"), deid.TextCell(t.Town).TiedTo(c), c)
		byTown = append(byTown, c)
	}
	rep.Relate(deid.Sum(notPlacedCalls, byHow...), deid.Sum(notPlacedCalls, byTown...))
	return rep
}

// placesTotalCell is the number of repeat places: known when every place is a row (the
// reader counts the rows), a count like the others when a limit cuts the list.
func placesTotalCell(r RepeatReport) *deid.Cell {
	if len(r.Places) == r.PlacesTotal {
		return deid.KnownCell(r.PlacesTotal)
	}
	return deid.CountCell(r.PlacesTotal)
}
