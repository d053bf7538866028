package measures

import (
	"time"

	"handoff/care/measures/deid"
)

// Deid returns the measure as tables: the program's and each peer's figures per shift,
// the shifts, and the weeks. It is staff workload, not about the people served, so its
// counts are workload cells, never suppressed: a peer's supervisor must see that one
// shift had one encounter.
func (r ShiftReport) Deid(zone *time.Location) *deid.Report {
	rep := &deid.Report{Measure: "interactions-per-shift", Zone: zone}
	rep.Table("summary", deid.Inline, "from", "to").Add(deid.TextCell(formatTime(r.From)), deid.TextCell(formatTime(r.To)))
	statCols := []string{"shifts",
		"encounters_total", "encounters_mean", "encounters_median",
		"follow_up_attempts_total", "follow_up_attempts_mean", "follow_up_attempts_median",
		"referrals_total", "referrals_mean", "referrals_median",
		"interactions_total", "interactions_mean", "interactions_median"}
	stats := func(s ShiftStats) []*deid.Cell {
		row := []*deid.Cell{deid.WorkloadCell(s.Shifts)}
		for _, x := range []Stat{s.Encounters, s.Attempts, s.Referrals, s.Interactions} {
			row = append(row, deid.WorkloadCell(x.Total), deid.FloatCell(x.Mean), deid.FloatCell(x.Median))
		}
		return row
	}
	rep.Table("program", deid.Object, statCols...).Add(stats(r.Program)...)
	peers := rep.Table("peers", deid.List, append([]string{"user_id"}, statCols...)...)
	for _, p := range r.Peers {
		peers.Add(append([]*deid.Cell{deid.TextCell(p.UserID)}, stats(p.ShiftStats)...)...)
	}
	if !r.noShifts {
		shifts := rep.Table("shifts", deid.List, "shift_id", "user_id", "started_at", "ended_at", "encounters",
			"follow_up_attempts", "referrals", "interactions")
		for _, s := range r.Shifts {
			shifts.Add(deid.TextCell(s.ID), deid.TextCell(s.UserID), deid.WhenCell(s.StartedAt, deid.Exact),
				deid.WhenCell(s.EndedAt, deid.Exact), deid.WorkloadCell(s.Encounters), deid.WorkloadCell(s.Attempts),
				deid.WorkloadCell(s.Referrals), deid.WorkloadCell(s.Interactions))
		}
	}
	dist := rep.Table("distribution", deid.List, "interactions", "shifts")
	for _, b := range r.Distribution {
		dist.Add(deid.TextCell(b.Label), deid.WorkloadCell(b.Shifts))
	}
	weeks := rep.Table("weeks", deid.List, "week", "start", "shifts", "encounters", "follow_up_attempts", "referrals",
		"interactions")
	for _, w := range r.Weeks {
		weeks.Add(deid.TextCell(w.Week), deid.TextCell(w.Start.Format("2006-01-02")), deid.WorkloadCell(w.Shifts),
			deid.WorkloadCell(w.Encounters), deid.WorkloadCell(w.Attempts), deid.WorkloadCell(w.Referrals),
			deid.WorkloadCell(w.Interactions))
	}
	return rep
}
