package measures

import (
	"time"

	"handoff/care/measures/deid"
)

// funnelColumns are the columns of every funnel table: the program's, each agency's and
// each need's.
var funnelColumns = []string{"key", "name", "referrals", "sent", "accepted", "open", "closed", "completed",
	"closed_other", "failed", "rejected", "cancelled", "accept_rate", "complete_rate",
	"to_accept_count", "to_accept_median_hours", "to_accept_p90_hours",
	"to_complete_count", "to_complete_median_hours", "to_complete_p90_hours"}

// funnelCounts are the indexes of funnelColumns that count referrals: each is, for the
// program, the sum of the same column by agency and by need.
var funnelCounts = []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 17}

// Deid returns the funnel as de-identifiable tables: the program's funnel (total), by
// agency and by need, and the outcomes of closed referrals. Every count is a count of
// people's referrals. The relations a reader can add up: in each row, referrals = open +
// closed and closed = completed + closed_other + failed + rejected + cancelled (each
// referral ends in exactly one); each count of the program is the sum of that count by
// agency and by need; the outcomes add up to the closed. Closed is a column of its own,
// as in the referral-completion measure, so that the two measures withhold the same
// small total (a funnel showing open beside a withheld closed would give the other
// measure's closed back). Rates are shown only when both counts clear the threshold;
// medians and 90th percentiles only over at least the threshold's referrals.
func (r FunnelReport) Deid(zone *time.Location) *deid.Report {
	rep := &deid.Report{Measure: "referral-funnel", Zone: zone}
	rep.Table("summary", deid.Inline, "from", "to").Add(deid.TextCell(formatTime(r.From)), deid.TextCell(formatTime(r.To)))
	add := func(t *deid.Table, g FunnelGroup) []*deid.Cell {
		c := deid.CountCell
		ref, sent, acc, open := c(g.Referrals), c(g.Sent), c(g.Accepted), c(g.Open)
		closed := c(g.Completed + g.ClosedOther + g.Failed + g.Rejected + g.Cancelled)
		comp, other, failed, rej, canc := c(g.Completed), c(g.ClosedOther), c(g.Failed), c(g.Rejected), c(g.Cancelled)
		ta, tc := c(g.ToAccept.Count), c(g.ToComplete.Count)
		rep.Relate(deid.Sum(ref, open, closed), deid.Sum(closed, comp, other, failed, rej, canc))
		return t.Add(deid.TextCell(g.Key), deid.TextCell(g.Name), ref, sent, acc, open, closed, comp, other, failed, rej, canc,
			deid.RatioCell(g.AcceptRate, acc, sent), deid.RatioCell(g.CompleteRate, comp, acc),
			ta, deid.StatisticCell(g.ToAccept.Median, g.ToAccept.Count), deid.StatisticCell(g.ToAccept.P90, g.ToAccept.Count),
			tc, deid.StatisticCell(g.ToComplete.Median, g.ToComplete.Count), deid.StatisticCell(g.ToComplete.P90, g.ToComplete.Count))
	}
	total := add(rep.Table("total", deid.Object, funnelColumns...), r.Total)
	for _, set := range []struct {
		name string
		gs   []FunnelGroup
	}{{"by_agency", r.ByAgency}, {"by_need", r.ByNeed}} {
		t := rep.Table(set.name, deid.List, funnelColumns...)
		for _, g := range set.gs {
			add(t, g)
		}
		for _, col := range funnelCounts {
			rep.Relate(deid.Sum(total[col], deid.Column(t.Rows, col)...))
		}
	}
	outcomes := rep.Table("outcomes", deid.List, "outcome", "count")
	for _, o := range r.Outcomes {
		outcomes.Add(deid.TextCell(o.Outcome), deid.CountCell(o.Count))
	}
	rep.Relate(deid.Sum(total[6], deid.Column(outcomes.Rows, 1)...))
	return rep
}
