package measures

import (
	"time"

	"handoff/care/measures/deid"
)

// Deid returns one repeat place as de-identifiable tables: the summary (its key, centre,
// town, calls, people and calls followed up), its calls by month, and its follow-ups.
// Calls, people and follow-ups are counts of people's events; the place's key, centre
// and town are tied to its calls (withheld with them). The relations a reader can add
// up: the calls and the calls followed up are the sums of the months'; the follow-ups
// are open + flagged + done.
func (d PlaceDetail) Deid(zone *time.Location) *deid.Report {
	rep := &deid.Report{Measure: "repeat-location-place", Zone: zone}
	calls, fu := deid.CountCell(d.Calls), deid.CountCell(d.FollowedUp)
	rep.Table("summary", deid.Inline, "from", "to", "place", "lat", "lon", "town", "calls", "people", "followed_up").Add(
		deid.TextCell(formatTime(d.From)), deid.TextCell(formatTime(d.To)), deid.TextCell(PlaceKey(d.Lat, d.Lon)).TiedTo(calls),
		deid.FloatCell(round(d.Lat, PlaceDecimals)).TiedTo(calls), deid.FloatCell(round(d.Lon, PlaceDecimals)).TiedTo(calls),
		deid.TextCell(d.Town).TiedTo(calls), calls, deid.CountCell(d.People), fu)
	months := rep.Table("months", deid.List, "month", "calls", "followed_up")
	for _, m := range d.Months {
		months.Add(deid.TextCell(m.Month), deid.CountCell(m.Calls), deid.CountCell(m.FollowedUp))
	}
	rep.Relate(deid.Sum(calls, deid.Column(months.Rows, 1)...), deid.Sum(fu, deid.Column(months.Rows, 2)...))
	f := d.FollowUps
	total, open, flagged, done := deid.CountCell(f.FollowUps), deid.CountCell(f.Open), deid.CountCell(f.Flagged), deid.CountCell(f.Done)
	rep.Table("follow_ups", deid.Object, "total", "open", "overdue", "flagged", "done").Add(
		total, open, deid.CountCell(f.Overdue), flagged, done)
	rep.Relate(deid.Sum(total, open, flagged, done))
	return rep
}
