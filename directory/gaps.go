package directory

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// A service gap (issue 15) is a search that found nothing, or nothing open: what the
// program's people looked for and could not find, kept so that coordinators see where
// the directory or the region falls short. It is kept without personal data: the day (in
// the program's zone, never the time), the needs and filters asked, the town searched
// near, and only the words of the query that are in the directory's vocabulary (its
// need and level-of-care terms and the search synonyms) — never the text as typed. The
// search package decides what a gap is (search.GapOf); the store keeps them.

// Why a search is a gap.
const (
	GapNothingFound = "nothing-found" // no listing matched
	GapNothingOpen  = "nothing-open"  // listings matched, none open at the time asked
)

// ServiceGap is one search that found nothing, or nothing open.
type ServiceGap struct {
	Day     string   `json:"day"` // YYYY-MM-DD in the program's zone
	Reason  string   `json:"reason"`
	Needs   []string `json:"needs"`
	Filters []string `json:"filters"`
	Town    string   `json:"town"`
	Words   []string `json:"words"`
}

// GapDay is the day a gap is kept under: the day of at in the zone.
func GapDay(at time.Time, zone *time.Location) string {
	if zone == nil {
		zone = time.UTC
	}
	return at.In(zone).Format(time.DateOnly)
}

// GapGroup counts the gaps of one need and town.
type GapGroup struct {
	Need         string      `json:"need"`
	Town         string      `json:"town"`
	Searches     int         `json:"searches"`
	NothingFound int         `json:"nothing_found"`
	NothingOpen  int         `json:"nothing_open"`
	Filters      []WordCount `json:"filters"`
	Words        []WordCount `json:"words"`
}

// WordCount is how often a word or filter came up.
type WordCount struct {
	Word  string `json:"word"`
	Count int    `json:"count"`
}

// GapReport is the service-gap measure: the gaps of a period by need and town, most
// first. A search for several needs counts under each; one for none under "(any)".
type GapReport struct {
	From     string     `json:"from"`
	To       string     `json:"to"`
	Searches int        `json:"searches"`
	Groups   []GapGroup `json:"groups"`
}

// GapAnyNeed and GapNoTown label gaps that named no need or no town.
const (
	GapAnyNeed = "(any)"
	GapNoTown  = "(no town)"
)

// GapsReport groups gaps by need and town.
func GapsReport(from, to string, gaps []ServiceGap) GapReport {
	r := GapReport{From: from, To: to, Searches: len(gaps), Groups: []GapGroup{}}
	type acc struct {
		g              GapGroup
		filters, words map[string]int
	}
	groups := map[[2]string]*acc{}
	for _, gap := range gaps {
		needs := gap.Needs
		if len(needs) == 0 {
			needs = []string{GapAnyNeed}
		}
		town := gap.Town
		if town == "" {
			town = GapNoTown
		}
		for _, need := range needs {
			k := [2]string{need, town}
			a := groups[k]
			if a == nil {
				a = &acc{g: GapGroup{Need: need, Town: town}, filters: map[string]int{}, words: map[string]int{}}
				groups[k] = a
			}
			a.g.Searches++
			if gap.Reason == GapNothingOpen {
				a.g.NothingOpen++
			} else {
				a.g.NothingFound++
			}
			for _, f := range gap.Filters {
				a.filters[f]++
			}
			for _, w := range gap.Words {
				a.words[w]++
			}
		}
	}
	for _, a := range groups {
		a.g.Filters, a.g.Words = wordCounts(a.filters), wordCounts(a.words)
		r.Groups = append(r.Groups, a.g)
	}
	slices.SortFunc(r.Groups, func(a, b GapGroup) int {
		return cmp.Or(cmp.Compare(b.Searches, a.Searches), cmp.Compare(a.Need, b.Need), cmp.Compare(a.Town, b.Town))
	})
	return r
}

func wordCounts(m map[string]int) []WordCount {
	out := make([]WordCount, 0, len(m))
	for w, n := range m {
		out = append(out, WordCount{w, n})
	}
	slices.SortFunc(out, func(a, b WordCount) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Word, b.Word))
	})
	return out
}
