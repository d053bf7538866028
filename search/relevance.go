package search

import (
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
)

// Relevance is computed by the ranker, not by bleve. bleve's scored term searchers read
// every posting of a term to keep its frequencies in step, so a common word ("food",
// "crisis") cost a walk over tens of thousands of postings per query, whatever the place
// and the filters left; measured on 100,000 listings that walk was three quarters of a
// search. Matching is therefore boolean in bleve (bitmaps, see plan.go), and each
// candidate that survives the place and the filters is scored here from what the index
// stored about it: the hashes of the distinct terms of its name and of its text, and
// their lengths. The formula is BM25 with a term frequency of one (listings are short;
// a word rarely repeats), the inverse document frequencies taken from the index when the
// query is planned.

// BM25's parameters, at their usual values.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// termHash identifies an analyzed term in an entry's term set.
func termHash(term string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(term))
	return h.Sum32()
}

// termSet returns the sorted distinct hashes of a token stream's terms.
func termSet(ts analysis.TokenStream) []uint32 {
	out := make([]uint32, 0, len(ts))
	for _, t := range ts {
		h := fnv.New32a()
		h.Write(t.Term)
		out = append(out, h.Sum32())
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hashList is a term set as stored in facts: base64 of little-endian uint32s, a quarter
// the size of a JSON array of numbers.
type hashList []uint32

// MarshalJSON implements json.Marshaler.
func (h hashList) MarshalJSON() ([]byte, error) {
	b := make([]byte, 4*len(h))
	for i, v := range h {
		binary.LittleEndian.PutUint32(b[4*i:], v)
	}
	return json.Marshal(base64.StdEncoding.EncodeToString(b))
}

// UnmarshalJSON implements json.Unmarshaler.
func (h *hashList) UnmarshalJSON(data []byte) error {
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return err
	}
	out := make([]uint32, len(b)/4)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	*h = out
	return nil
}

// cachedAnalyzer hands bleve tokens the document builder already produced, so that a
// field is analyzed once although both the builder (for the term sets) and bleve (for
// the postings) need its tokens.
type cachedAnalyzer struct{ tokens analysis.TokenStream }

// Analyze implements analysis.Analyzer.
func (c cachedAnalyzer) Analyze([]byte) analysis.TokenStream { return c.tokens }

func hasHash(sorted []uint32, h uint32) bool {
	_, ok := slices.BinarySearch(sorted, h)
	return ok
}

// relevance scores a candidate against the plan: for each group the best alternative it
// matches (the average of its terms' BM25 weights, doubled for terms in the name, times
// the alternative's weight), summed over the groups, as a fraction of what a listing
// matching every group exactly in a short name would score. It also returns which
// alternative each group matched (-1: none), for the explanation.
func (p *textPlan) relevance(e *entry, avgLen float64, matched []int) float64 {
	if len(p.groups) == 0 {
		return 1
	}
	names, text := e.nameTerms(), e.textTerms()
	lenNorm := 1.0
	if avgLen > 0 {
		lenNorm = (bm25K1 + 1) / (1 + bm25K1*(1-bm25B+bm25B*float64(e.textLen)/avgLen))
	}
	total, ideal := 0.0, 0.0
	for gi := range p.groups {
		g := &p.groups[gi]
		best, firstAlt := 0.0, -1
		for ai := range g.alts {
			a := &g.alts[ai]
			s, ok := 0.0, true
			for i, h := range a.hashes {
				if !hasHash(text, h) {
					ok = false
					break
				}
				w := a.idf[i]
				if hasHash(names, h) {
					w *= nameBoost
				}
				s += w
			}
			if !ok || len(a.hashes) == 0 {
				continue
			}
			if firstAlt < 0 {
				firstAlt = ai // explained by the first that matches: the word typed, else its first synonym
			}
			best = max(best, s/float64(len(a.hashes))*a.weight)
		}
		if matched != nil {
			matched[gi] = firstAlt
		}
		total += best * lenNorm
		ideal += g.idealScore()
	}
	if ideal <= 0 {
		return 0
	}
	return total / ideal
}

// idealScore is what the group's exact alternative scores in a short name.
func (g *group) idealScore() float64 {
	top := 0.0
	for _, a := range g.alts {
		s := 0.0
		for _, v := range a.idf {
			s += v
		}
		if len(a.idf) > 0 {
			s = s / float64(len(a.idf)) * a.weight
		}
		top = max(top, s)
	}
	return top * nameBoost * (bm25K1 + 1) / (1 + bm25K1*(1-bm25B))
}
