package seed

import (
	"maps"
	"slices"
	"time"

	"handoff/directory"
)

// gapFilters are the search filters a generated gap may carry (search.GapOf's names).
var gapFilters = []string{"free", "walk_in", "open_now", "available", "age", "language:es"}

// gaps makes the year's service gaps: searches that found nothing, or nothing open, one
// per four encounters, on the period's days, for the needs the program refers to, near
// its towns or none, with a filter or two and the need's own word. They are drawn after
// the encounters, so that adding them left the rest of the story as it was.
func (y *year) gaps() {
	needs := slices.Sorted(maps.Keys(y.targets))
	if len(needs) == 0 {
		return
	}
	z := y.opt.Zone
	days := max(1, int(y.opt.To.Sub(y.opt.From)/(24*time.Hour)))
	for range y.n / 4 {
		g := directory.ServiceGap{Day: directory.GapDay(y.opt.From.Add(time.Duration(y.r.IntN(days))*24*time.Hour), z),
			Reason: directory.GapNothingFound, Needs: []string{}, Filters: []string{}, Words: []string{}}
		if y.r.IntN(3) == 0 {
			g.Reason = directory.GapNothingOpen
			g.Filters = append(g.Filters, "open_now")
		}
		if y.r.IntN(10) > 0 {
			need := needs[y.r.IntN(len(needs))]
			g.Needs, g.Words = append(g.Needs, need), append(g.Words, need)
		}
		if y.r.IntN(2) == 0 {
			if f := gapFilters[y.r.IntN(len(gapFilters))]; !slices.Contains(g.Filters, f) {
				g.Filters = append(g.Filters, f)
				slices.Sort(g.Filters)
			}
		}
		if y.r.IntN(8) > 0 {
			g.Town = y.towns[y.r.IntN(len(y.towns))].Name
		}
		y.load.Gaps = append(y.load.Gaps, g)
	}
	y.sum.Gaps = len(y.load.Gaps)
}
