package geo

import (
	"slices"

	"github.com/agnivade/levenshtein"
)

// maxSuggestions bounds "did you mean …".
const maxSuggestions = 5

// maxEdits is how many single-letter edits a typo of a key of n letters may have: none
// for very short names (any three letters are one edit from dozens of places), then
// one up to six letters ("Holyok"), two up to eleven ("Holyoak"), three beyond. More
// would offer "Fayville" for "Xyzzyville": a suggestion must look like what was typed.
func maxEdits(n int) int {
	switch {
	case n <= 3:
		return 0
	case n <= 6:
		return 1
	case n <= 11:
		return 2
	}
	return 3
}

// suggest returns the places whose names are closest (fewest edits, Levenshtein) to a
// name that matched nothing, home-region towns first, then by rank. The readings are
// tried in order, so "Hialea, FL" looks among Florida's names first.
func (g *Gazetteer) suggest(rs []query) []Candidate {
	for _, r := range rs {
		if s := g.suggestKey(r.Key(), r.State); len(s) > 0 {
			return s
		}
	}
	return nil
}

func (g *Gazetteer) suggestKey(key, state string) []Candidate {
	limit := maxEdits(len([]rune(key)))
	if limit == 0 {
		return nil
	}
	best, keys := limit+1, []string(nil)
	consider := func(k string) {
		if d := len(k) - len(key); d > best || -d > best {
			return // the length difference alone is more edits than the best so far
		}
		switch d := levenshtein.ComputeDistance(key, k); {
		case d < best:
			best, keys = d, append(keys[:0], k)
		case d == best:
			keys = append(keys, k)
		}
	}
	for k := range g.byKey {
		consider(k)
	}
	for _, k := range g.nat.keys {
		consider(k)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)

	var out []Candidate
	homeNames := map[string]bool{}
	if state == "" || state == g.home {
		for _, k := range keys {
			if i, ok := g.byKey[k]; ok {
				t := g.towns[i]
				out = append(out, Candidate{Name: t.Name, State: g.home, Point: t.Centroid})
				homeNames[k] = true
			}
		}
	}
	var rest []int32
	for _, k := range keys {
		for _, i := range g.nat.byKey[k] {
			p := g.nat.places[i]
			if state != "" && p.State != state || homeNames[k] && p.State == g.home {
				continue
			}
			rest = append(rest, i)
		}
	}
	slices.SortStableFunc(rest, func(a, b int32) int {
		ha, hb := g.nat.places[a].State == g.home, g.nat.places[b].State == g.home
		if ha != hb {
			if ha {
				return -1
			}
			return 1
		}
		return g.nat.rank(a, b)
	})
	for _, i := range rest {
		out = append(out, g.nat.candidate(i))
	}
	if len(out) > maxSuggestions {
		out = out[:maxSuggestions]
	}
	return out
}
