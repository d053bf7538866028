package measures

import (
	"time"

	"handoff/care/measures/deid"
)

// Deid returns the measure as de-identifiable tables: the summary, completion by need,
// organization and level of care, outcomes, and the reasons given for rejection and
// failure. Referrals are open plus closed; each grouping's referrals, closed and
// completed add up to the summary's; the outcomes add up to the closed. Medians are shown
// only when they are over enough referrals. Stalled referrals are counted, not listed:
// a list of referrals is not de-identified (the dashboard lists them to coordinators).
func (r ReferralReport) Deid(zone *time.Location) *deid.Report {
	rep := &deid.Report{Measure: "referrals", Zone: zone}
	sum := rep.Table("summary", deid.Inline, "from", "to", "as_of", "referrals", "open", "closed", "completed",
		"completion_rate", "median_hours_to_accept", "median_hours_to_complete", "stalled")
	referrals, open, closed, completed := deid.CountCell(r.Referrals), deid.CountCell(r.Open), deid.CountCell(r.Closed),
		deid.CountCell(r.Completed)
	sum.Add(deid.TextCell(formatTime(r.From)), deid.TextCell(formatTime(r.To)), deid.TextCell(formatTime(r.AsOf)),
		referrals, open, closed, completed, deid.RatioCell(r.CompletionRate, completed, closed),
		deid.StatisticCell(r.MedianHoursToAccept, r.acceptedN), deid.StatisticCell(r.MedianHoursToComplete, r.completedN),
		deid.CountCell(r.Stalled))
	rep.Relate(deid.Sum(referrals, open, closed))
	for _, set := range []struct {
		name string
		gs   []CompletionGroup
	}{{"by_need", r.ByNeed}, {"by_organization", r.ByOrganization}, {"by_level_of_care", r.ByLevelOfCare}} {
		t := rep.Table(set.name, deid.List, "key", "name", "referrals", "closed", "completed", "completion_rate")
		for _, g := range set.gs {
			n, cl, co := deid.CountCell(g.Referrals), deid.CountCell(g.Closed), deid.CountCell(g.Completed)
			t.Add(deid.TextCell(g.Key), deid.TextCell(g.Name), n, cl, co, deid.RatioCell(g.Rate, co, cl))
		}
		rep.Relate(deid.Sum(referrals, deid.Column(t.Rows, 2)...), deid.Sum(closed, deid.Column(t.Rows, 3)...),
			deid.Sum(completed, deid.Column(t.Rows, 4)...))
	}
	outcomes := rep.Table("outcomes", deid.List, "outcome", "count")
	for _, o := range r.Outcomes {
		outcomes.Add(deid.TextCell(o.Outcome), deid.CountCell(o.Count))
	}
	rep.Relate(deid.Sum(closed, deid.Column(outcomes.Rows, 1)...))
	for _, set := range []struct {
		name string
		rs   []ReasonCount
	}{{"rejection_reasons", r.RejectionReasons}, {"failure_reasons", r.FailureReasons}} {
		t := rep.Table(set.name, deid.List, "reason", "count")
		for _, x := range set.rs {
			// A reason is typed by staff: one given fewer times than the threshold is
			// withheld with its count, since free text may name or describe someone.
			n := deid.CountCell(x.Count)
			t.Add(deid.TextCell(x.Reason).TiedTo(n), n)
		}
	}
	return rep
}
