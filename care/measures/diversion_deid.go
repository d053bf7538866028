package measures

import (
	"time"

	"handoff/care"
	"handoff/care/measures/deid"
)

// Deid returns the measure as de-identifiable tables: the total, and the same figures by
// month, town and source. Each count column of the total is the sum of that column by
// month, by town and by source (three relations per column), and the direct_to_peer
// source's direct_to_peer equals its encounters. Rates are derived cells: shown only
// when their counts clear the threshold.
func (r DiversionReport) Deid(zone *time.Location) *deid.Report {
	rep := &deid.Report{Measure: "diversions", Zone: zone}
	rep.Table("summary", deid.Inline, "from", "to").Add(deid.TextCell(formatTime(r.From)), deid.TextCell(formatTime(r.To)))
	cols := []string{"key", "encounters", "ed_diverted", "arrest_diverted", "both", "ed_rate", "arrest_rate", "both_rate",
		"direct_to_peer", "direct_to_peer_rate"}
	counts := []int{1, 2, 3, 4, 8} // the count columns
	add := func(t *deid.Table, key string, d DiversionCounts) []*deid.Cell {
		enc, ed, ar, both, dtp := deid.CountCell(d.Encounters), deid.CountCell(d.EDDiverted), deid.CountCell(d.ArrestDiverted),
			deid.CountCell(d.Both), deid.CountCell(d.DirectToPeer)
		return t.Add(deid.TextCell(key), enc, ed, ar, both, deid.RatioCell(d.EDRate, ed, enc),
			deid.RatioCell(d.ArrestRate, ar, enc), deid.RatioCell(d.BothRate, both, enc), dtp, deid.RatioCell(d.DirectToPeerRate, dtp, enc))
	}
	total := rep.Table("total", deid.Object, cols...)
	tot := add(total, "", r.Total)
	for _, set := range []struct {
		name string
		gs   []DiversionGroup
	}{{"by_month", r.ByMonth}, {"by_town", r.ByTown}, {"by_source", r.BySource}} {
		t := rep.Table(set.name, deid.List, cols...)
		for _, g := range set.gs {
			row := add(t, g.Key, g.DiversionCounts)
			if set.name == "by_source" && g.Key == string(care.SourceDirectToPeer) {
				rep.Relate(deid.Relation{{Coef: 1, Cell: row[8]}, {Coef: -1, Cell: row[1]}})
			}
		}
		for _, c := range counts {
			rep.Relate(deid.Sum(tot[c], deid.Column(t.Rows, c)...))
		}
	}
	return rep
}
