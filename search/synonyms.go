package search

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
)

//go:embed synonyms.txt
var defaultSynonyms string

// SynonymSets reads a synonyms file: one set per line, its words or phrases separated by
// commas; blank lines and lines starting with # are skipped.
func SynonymSets(r io.Reader) ([][]string, error) {
	var sets [][]string
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		var set []string
		for _, p := range strings.Split(text, ",") {
			if p = strings.TrimSpace(p); p != "" {
				set = append(set, p)
			}
		}
		if len(set) < 2 {
			return nil, fmt.Errorf("synonyms line %d: a set needs at least two phrases", line)
		}
		sets = append(sets, set)
	}
	return sets, sc.Err()
}

// LoadSynonyms reads the synonyms file at path, or the built-in one when path is "".
func LoadSynonyms(path string) ([][]string, error) {
	if path == "" {
		return SynonymSets(strings.NewReader(defaultSynonyms))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("synonyms: %w", err)
	}
	defer f.Close()
	sets, err := SynonymSets(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return sets, nil
}

// phrase is one synonym as written and as analyzed.
type phrase struct {
	text  string
	terms []string
}

// thesaurus finds synonyms of analyzed query terms.
type thesaurus struct {
	// byFirst lists, for each first term, the phrases that start with it, each with the
	// other phrases of its sets.
	byFirst map[string][]synEntry
	// words are the analyzed words of every phrase: words of a language the file
	// speaks, which typo tolerance must not correct into another word (plan.go).
	words map[string]bool
}

type synEntry struct {
	phrase phrase
	alts   []phrase
}

// newThesaurus analyzes the sets with the index's text analyzer. A phrase that appears
// in several sets gets the union of their phrases.
func newThesaurus(sets [][]string, an analysis.Analyzer) *thesaurus {
	th := &thesaurus{byFirst: map[string][]synEntry{}, words: map[string]bool{}}
	byKey := map[string]*synEntry{}
	var order []string
	for _, set := range sets {
		var ps []phrase
		for _, text := range set {
			if terms := analyzeTerms(an, text); len(terms) > 0 {
				ps = append(ps, phrase{text: text, terms: terms})
				for _, t := range terms {
					th.words[t] = true
				}
			}
		}
		for _, p := range ps {
			key := strings.Join(p.terms, " ")
			e, ok := byKey[key]
			if !ok {
				e = &synEntry{phrase: p}
				byKey[key] = e
				order = append(order, key)
			}
			for _, q := range ps {
				if q.text != p.text && !hasPhrase(e.alts, q) && strings.Join(q.terms, " ") != key {
					e.alts = append(e.alts, q)
				}
			}
		}
	}
	for _, key := range order {
		e := byKey[key]
		th.byFirst[e.phrase.terms[0]] = append(th.byFirst[e.phrase.terms[0]], *e)
	}
	return th
}

func hasPhrase(ps []phrase, q phrase) bool {
	for _, p := range ps {
		if strings.Join(p.terms, " ") == strings.Join(q.terms, " ") {
			return true
		}
	}
	return false
}

// knows reports whether an analyzed word is a word of some phrase of the synonyms file.
func (th *thesaurus) knows(term string) bool { return th.words[term] }

// longestAt returns the longest synonym phrase that starts at terms[i], its length in
// terms, and its alternatives.
func (th *thesaurus) longestAt(terms []string, i int) (synEntry, int) {
	var best synEntry
	n := 0
	for _, e := range th.byFirst[terms[i]] {
		l := len(e.phrase.terms)
		if l <= n || i+l > len(terms) {
			continue
		}
		match := true
		for j, t := range e.phrase.terms {
			match = match && terms[i+j] == t
		}
		if match {
			best, n = e, l
		}
	}
	return best, n
}

// analyzeTerms runs text through an analyzer and returns the terms.
func analyzeTerms(an analysis.Analyzer, text string) []string {
	ts := an.Analyze([]byte(text))
	out := make([]string, 0, len(ts))
	for _, t := range ts {
		out = append(out, string(t.Term))
	}
	return out
}
