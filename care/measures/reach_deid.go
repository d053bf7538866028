package measures

import (
	"time"

	"handoff/care/measures/deid"
)

// Deid returns the follow-up measure as one summary: encounters with a follow-up, how
// many were reached within 24 h, 48 h and at all, and how the follow-ups stand now.
// All are counts of people's events. The relation a reader can add up: follow_ups =
// open + flagged + done (overdue is a part of open, reached_24h of reached_48h, and so
// on: inequalities give nothing back exactly). A rate is shown only when the reached and
// the encounters both clear the threshold.
func (r ReachReport) Deid(zone *time.Location) *deid.Report {
	rep := &deid.Report{Measure: "follow-ups", Zone: zone}
	sum := rep.Table("summary", deid.Inline, "from", "to", "as_of", "encounters", "reached_24h", "reached_48h", "reached",
		"rate_24h", "rate_48h", "rate_reached", "follow_ups", "open", "overdue", "flagged", "done")
	enc, r24, r48, reached := deid.CountCell(r.Encounters), deid.CountCell(r.Reached24h), deid.CountCell(r.Reached48h),
		deid.CountCell(r.Reached)
	fus, open, flagged, done := deid.CountCell(r.FollowUps), deid.CountCell(r.Open), deid.CountCell(r.Flagged), deid.CountCell(r.Done)
	sum.Add(deid.TextCell(formatTime(r.From)), deid.TextCell(formatTime(r.To)), deid.TextCell(formatTime(r.AsOf)),
		enc, r24, r48, reached, deid.RatioCell(r.Rate24h, r24, enc), deid.RatioCell(r.Rate48h, r48, enc),
		deid.RatioCell(Rate(r.Reached, r.Encounters), reached, enc),
		fus, open, deid.CountCell(r.Overdue), flagged, done)
	rep.Relate(deid.Sum(fus, open, flagged, done))
	return rep
}
