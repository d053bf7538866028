package search

import (
	"context"
	"math"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// How query words are widened, and how much each kind of match counts against the words
// typed. A synonym or a corrected typo is a real match, but the word itself is better.
const (
	weightExact   = 1.0
	weightSynonym = 0.5
	weightFuzzy   = 0.6
	weightPrefix  = 0.7
	nameBoost     = 2.0 // a word in the service's name counts double (relevance.go)
	maxExpansions = 6   // terms one typo or prefix may stand for
	minPrefixLen  = 3   // shorter prefixes match too much to help type-ahead
)

// altKind says how an alternative relates to what was typed, for the explanation.
type altKind uint8

const (
	altExact altKind = iota
	altSynonym
	altFuzzy
	altPrefix
)

// alt is one way to satisfy a group: all of its terms must match.
type alt struct {
	terms  []string
	label  string // the synonym or corrected word, as shown in explanations
	kind   altKind
	weight float64
	hashes []uint32  // termHash of each term, for the ranker
	idf    []float64 // rarity of each term in the index
}

// group is one thing the user asked for: a word, or a phrase the thesaurus knows. Every
// group must match (one of its alternatives), unless the search is relaxed.
type group struct {
	typed string
	alts  []alt
}

// textPlan is a query's words planned into groups.
type textPlan struct {
	groups []group
}

func (p *textPlan) empty() bool { return len(p.groups) == 0 }

// planText analyzes the query and widens each word: synonyms from the thesaurus; for a
// word the index does not know, the indexed words within one or two typos, and for the
// last word (still being typed) the indexed words it begins. Words the index knows are
// not corrected: "detox" is never second-guessed into "detour". Nor are the words of the
// synonyms file, which is where the region's other languages are written down: a Creole
// "sante" (health) that no listing has is looked for as it is, not as "want".
func planText(ctx context.Context, r index.IndexReader, an analyzers, th *thesaurus, text string) textPlan {
	// The analyzer folds accents before it splits words, so the offsets of its tokens are
	// offsets in the folded text: fold first, so that the words quoted back ("matched
	// consejeria") are the words typed, and so that invalid UTF-8, which folding widens,
	// cannot put an offset past the end.
	text = foldASCII(strings.ToValidUTF8(text, " "))
	toks := an.text.Analyze([]byte(text))
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = string(t.Term)
	}
	var plan textPlan
	defer plan.balance(ctx, r)
	for i := 0; i < len(terms); {
		if e, n := th.longestAt(terms, i); n > 0 {
			g := group{typed: text[toks[i].Start:toks[i+n-1].End]}
			g.alts = append(g.alts, alt{terms: e.phrase.terms, label: g.typed, kind: altExact, weight: weightExact})
			for _, p := range e.alts {
				g.alts = append(g.alts, alt{terms: p.terms, label: p.text, kind: altSynonym, weight: weightSynonym})
			}
			plan.groups = append(plan.groups, g)
			i += n
			continue
		}
		typed := text[toks[i].Start:toks[i].End]
		g := group{typed: typed}
		term := terms[i]
		if docCount(ctx, r, term) > 0 || th.knows(term) {
			g.alts = []alt{{terms: []string{term}, label: typed, kind: altExact, weight: weightExact}}
		} else {
			g.alts = expand(ctx, r, th, term, strings.ToLower(foldASCII(typed)), i == len(terms)-1)
			if len(g.alts) == 0 {
				g.alts = []alt{{terms: []string{term}, label: typed, kind: altExact, weight: weightExact}}
			}
		}
		plan.groups = append(plan.groups, g)
		i++
	}
	return plan
}

// balance drops alternatives that no document could match (they would only cost term
// lookups) and scales down those made of rarer words than what was typed. tf-idf weighs
// a term by the square of its rarity, so without this a synonym found in two listings
// ("hotline") would outrank the word the peer typed ("crisis line") found in twenty.
func (p *textPlan) balance(ctx context.Context, r index.IndexReader) {
	n, err := r.DocCount()
	if err != nil || n == 0 {
		return
	}
	counts := map[string]uint64{}
	termIDF := func(t string) float64 {
		c, ok := counts[t]
		if !ok {
			c = docCount(ctx, r, t)
			counts[t] = c
		}
		if c == 0 {
			return 0
		}
		return 1 + math.Log(float64(n)/float64(c+1))
	}
	idf := func(terms []string) (float64, bool) {
		sum := 0.0
		for _, t := range terms {
			v := termIDF(t)
			if v == 0 {
				return 0, false
			}
			sum += v
		}
		return sum / float64(len(terms)), true
	}
	defer func() {
		for gi := range p.groups {
			for ai := range p.groups[gi].alts {
				a := &p.groups[gi].alts[ai]
				a.hashes, a.idf = make([]uint32, len(a.terms)), make([]float64, len(a.terms))
				for i, t := range a.terms {
					a.hashes[i], a.idf[i] = termHash(t), termIDF(t)
				}
			}
		}
	}()
	for gi := range p.groups {
		g := &p.groups[gi]
		base := 0.0
		kept := g.alts[:0]
		for i, a := range g.alts {
			v, ok := idf(a.terms)
			if !ok && !(i == 0 && len(g.alts) == 1) {
				continue
			}
			if len(kept) == 0 {
				base = v // what was typed, or when no listing has it, its first synonym
			} else if base > 0 && v > base {
				a.weight *= (base / v) * (base / v)
			}
			kept = append(kept, a)
		}
		if len(kept) == 0 {
			kept = g.alts[:1]
		}
		g.alts = kept
	}
}

// docCount is how many documents have the term in their text.
func docCount(ctx context.Context, r index.IndexReader, term string) uint64 {
	tfr, err := r.TermFieldReader(ctx, []byte(term), fieldText, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

// fuzziness allows one typo in a word of four letters or more and two from eight: shorter
// words have too many neighbours one letter away.
func fuzziness(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n >= 8:
		return 2
	case n >= 4:
		return 1
	}
	return 0
}

// expand finds indexed words near an unknown one: within its typo budget, and, for the
// word being typed, those it begins. The most common candidates win, and a candidate the
// thesaurus knows brings its synonyms along.
func expand(ctx context.Context, r index.IndexReader, th *thesaurus, term, typed string, last bool) []alt {
	type cand struct {
		term  string
		count uint64
		kind  altKind
	}
	var cands []cand
	seen := map[string]bool{}
	collect := func(d index.FieldDict, kind altKind) {
		if d == nil {
			return
		}
		defer d.Close()
		for {
			e, err := d.Next()
			if err != nil || e == nil {
				return
			}
			if !seen[e.Term] {
				seen[e.Term] = true
				cands = append(cands, cand{e.Term, e.Count, kind})
			}
			if len(cands) > 200 {
				return
			}
		}
	}
	if f := fuzziness(typed); f > 0 {
		if fr, ok := r.(index.IndexReaderFuzzy); ok {
			// The stem is compared, since the dictionary holds stems: "shleter" is two
			// edits from "shelter".
			d, err := fr.FieldDictFuzzy(fieldText, term, f, "")
			if err == nil {
				collect(d, altFuzzy)
			}
		}
	}
	if last && utf8.RuneCountInString(typed) >= minPrefixLen {
		if d, err := r.FieldDictPrefix(fieldText, []byte(term)); err == nil {
			collect(d, altPrefix)
		}
		if typed != term { // the stem may be shorter than the typed prefix
			if d, err := r.FieldDictPrefix(fieldText, []byte(typed)); err == nil {
				collect(d, altPrefix)
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].kind != cands[j].kind {
			return cands[i].kind == altFuzzy // a corrected typo before a completion
		}
		return cands[i].count > cands[j].count
	})
	var out []alt
	for _, c := range cands {
		if len(out) >= maxExpansions {
			break
		}
		w := weightFuzzy
		if c.kind == altPrefix {
			w = weightPrefix
		}
		out = append(out, alt{terms: []string{c.term}, label: c.term, kind: c.kind, weight: w})
		if e, n := th.longestAt([]string{c.term}, 0); n == 1 {
			for _, p := range e.alts {
				out = append(out, alt{terms: p.terms, label: p.text, kind: altSynonym, weight: w * weightSynonym})
			}
		}
	}
	return out
}

// query turns the plan into a bleve query that only says which documents match: every
// group (or, relaxed, any group), each group any of its alternatives, each alternative
// all of its terms. It runs without scoring, so bleve reduces it to bitmap operations on
// the postings; the ranker scores the few candidates left once the place and the filters
// are applied (relevance.go).
func (p *textPlan) query(relaxed bool) query.Query {
	groups := make([]query.Query, 0, len(p.groups))
	for _, g := range p.groups {
		alts := make([]query.Query, 0, len(g.alts))
		for _, a := range g.alts {
			ts := make([]query.Query, 0, len(a.terms))
			for _, t := range a.terms {
				tq := query.NewTermQuery(t)
				tq.SetField(fieldText)
				ts = append(ts, tq)
			}
			alts = append(alts, one(ts, true))
		}
		groups = append(groups, one(alts, false))
	}
	return filterQuery{one(groups, !relaxed)}
}

// one combines queries with AND (all) or OR, without a wrapper for a single one.
func one(qs []query.Query, all bool) query.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	if all {
		return query.NewConjunctionQuery(qs)
	}
	return query.NewDisjunctionQuery(qs)
}
