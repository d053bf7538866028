package measures

import (
	"strconv"
	"strings"
	"time"

	"handoff/care/measures/deid"
	"handoff/directory"
)

// Gaps is the service-gap measure (directory.GapsReport: the searches that found
// nothing, or nothing open, by need and town) as the measure routes answer it.
type Gaps struct{ directory.GapReport }

// Deid is the summary and one row per need and town, its filters and words as
// "word:count" joined by "; ". Every count is a tally of searches, not of people or
// their events, and is never suppressed (the dictionary says so).
func (g Gaps) Deid(*time.Location) *deid.Report {
	rep := &deid.Report{Measure: "service-gaps"}
	rep.Table("summary", deid.Inline, "from", "to", "searches").Add(deid.TextCell(g.From), deid.TextCell(g.To),
		deid.TallyCell(g.Searches))
	counts := func(ws []directory.WordCount) *deid.Cell {
		parts := make([]string, len(ws))
		for i, w := range ws {
			parts[i] = w.Word + ":" + strconv.Itoa(w.Count)
		}
		return deid.TextCell(strings.Join(parts, "; "))
	}
	t := rep.Table("groups", deid.List, "need", "town", "searches", "nothing_found", "nothing_open", "filters", "words")
	for _, gr := range g.Groups {
		t.Add(deid.TextCell(gr.Need), deid.TextCell(gr.Town), deid.TallyCell(gr.Searches), deid.TallyCell(gr.NothingFound),
			deid.TallyCell(gr.NothingOpen), counts(gr.Filters), counts(gr.Words))
	}
	return rep
}
