package search

import (
	"slices"
	"strings"
	"sync"
	"unicode"

	"handoff/directory"
)

// Service gaps (directory.ServiceGap): a search that found nothing, or nothing open. The
// rule of what is a gap and of which words may be kept is here, beside the query it
// reads; the API records what GapOf answers.

// GapOf says whether a search is a gap, and what of it may be kept: its needs, its
// filters (never the age asked, a date or a point), the town it searched near, and the
// words of its text that VocabularyWords keeps. Only the first page of a search counts,
// so that paging through results is not counted twice. A search that found listings but
// none open is a gap only when all its listings are on the page (none elsewhere may be
// open).
func GapOf(e *Engine, q Query, res *Result, town, day string) (directory.ServiceGap, bool) {
	if res == nil || (q.Page > 1) {
		return directory.ServiceGap{}, false
	}
	reason := ""
	switch {
	case res.Total == 0 && q.OpenNow:
		reason = directory.GapNothingOpen
	case res.Total == 0:
		reason = directory.GapNothingFound
	case res.Total <= len(res.Hits) && !slices.ContainsFunc(res.Hits, func(h Hit) bool { return h.Open.Open }):
		reason = directory.GapNothingOpen
	default:
		return directory.ServiceGap{}, false
	}
	g := directory.ServiceGap{Day: day, Reason: reason, Needs: sortedSet(q.Needs), Town: town, Filters: []string{}, Words: []string{}}
	for _, f := range []struct {
		on   bool
		name string
	}{{q.Free, "free"}, {q.WalkIn, "walk_in"}, {q.OpenNow, "open_now"}, {q.Available, "available"}, {q.Age != nil, "age"}} {
		if f.on {
			g.Filters = append(g.Filters, f.name)
		}
	}
	for _, l := range sortedSet(q.Levels) {
		g.Filters = append(g.Filters, "level:"+l)
	}
	for _, l := range sortedSet(q.Languages) {
		g.Filters = append(g.Filters, "language:"+l)
	}
	if e != nil {
		g.Words = e.VocabularyWords(q.Text)
	}
	return g, true
}

func sortedSet(xs []string) []string {
	out := slices.Clone(xs)
	slices.Sort(out)
	return slices.Compact(out)
}

// vocabulary is the words and phrases a gap may keep: every word and phrase of the
// search's synonyms file, and the codes and labels of the need and level-of-care terms.
type vocabulary struct {
	words   map[string]bool
	phrases []string // of several words, each " word word "
}

var vocabOnce sync.Map // *Engine → *vocabulary

func (e *Engine) vocabulary() *vocabulary {
	if v, ok := vocabOnce.Load(e); ok {
		return v.(*vocabulary)
	}
	v := &vocabulary{words: map[string]bool{}}
	add := func(s string) {
		w := strings.Join(gapTokens(s), " ")
		switch {
		case w == "":
		case strings.Contains(w, " "):
			v.phrases = append(v.phrases, " "+w+" ")
		default:
			v.words[w] = true
		}
	}
	for _, set := range e.sets {
		for _, s := range set {
			add(s)
		}
	}
	for _, name := range []string{directory.TaxonomyNeed, directory.TaxonomyLevelOfCare} {
		if voc, ok := directory.Vocab(name); ok {
			for _, t := range voc.Terms {
				add(t.Label)
				add(strings.ReplaceAll(t.Code, "_", " "))
			}
		}
	}
	slices.Sort(v.phrases)
	v.phrases = slices.Compact(v.phrases)
	got, _ := vocabOnce.LoadOrStore(e, v)
	return got.(*vocabulary)
}

// VocabularyWords returns the words and phrases of text that are in the directory's
// vocabulary (see vocabulary), lower case, sorted, each once: a phrase ("place to
// sleep") is kept whole and its words are not kept again. Anything else typed — a name,
// an address, a story — is dropped.
func (e *Engine) VocabularyWords(text string) []string {
	toks := gapTokens(text)
	if len(toks) == 0 {
		return []string{}
	}
	v := e.vocabulary()
	line := " " + strings.Join(toks, " ") + " "
	used := make([]bool, len(toks))
	var out []string
	for _, p := range v.phrases {
		if i := strings.Index(line, p); i >= 0 {
			out = append(out, strings.TrimSpace(p))
			start := strings.Count(line[:i+1], " ") - 1
			for k := range strings.Count(strings.TrimSpace(p), " ") + 1 {
				if start+k < len(used) {
					used[start+k] = true
				}
			}
		}
	}
	for i, t := range toks {
		if !used[i] && v.words[t] {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// gapTokens lowers text and splits it into words of letters and digits.
func gapTokens(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
