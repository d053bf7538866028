package search

import "sort"

// FacetCount is how many results have one code.
type FacetCount struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// Facets counts the results per need, level of care and language, so that a peer sees
// what the search holds before filtering.
type Facets struct {
	Needs        []FacetCount `json:"need"`
	LevelsOfCare []FacetCount `json:"level_of_care"`
	Languages    []FacetCount `json:"language"`
}

// facetCounts are counted in arrays indexed by the codes' numbers: a search counts every
// result, and arrays cost nothing per result.
type facetCounts struct {
	needs, levels, langs [256]int32
}

func (f *facetCounts) add(e *entry) {
	for _, c := range e.needs() {
		f.needs[c]++
	}
	for _, c := range e.levels() {
		f.levels[c]++
	}
	for _, c := range e.langs() {
		f.langs[c]++
	}
}

// result lists the counts by count, then in the codes' order (the vocabulary's order for
// Handoff's own codes).
func (f *facetCounts) result(t *tables) Facets {
	return Facets{
		Needs:        counts(&f.needs, t.needs.snapshot()),
		LevelsOfCare: counts(&f.levels, t.levels.snapshot()),
		Languages:    counts(&f.langs, t.langs.snapshot()),
	}
}

func counts(a *[256]int32, codes []string) []FacetCount {
	out := []FacetCount{}
	for i, code := range codes {
		if a[i] > 0 {
			out = append(out, FacetCount{Code: code, Count: int(a[i])})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out
}
