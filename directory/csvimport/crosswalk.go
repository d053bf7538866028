package csvimport

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"handoff/directory"
)

//go:embed crosswalk.csv
var defaultCrosswalk string

// Crosswalk maps terms of other taxonomies (AIRS/211 names, Open Eligibility, Ohana
// keywords) onto handoff:need and handoff:level_of_care. It is data, not code, so that a
// coordinator can adapt it to a local directory's habits; crosswalk.csv explains the rules.
type Crosswalk struct {
	rules []rule
	codes []rule // rules of taxonomy codes ("airs:BD-1800"), see crosswalk_codes.go
}

type rule struct {
	line     int
	words    []string
	exact    bool
	code     string // an AIRS / 211 code prefix, for a code rule
	none     bool   // need "-": the term is known and maps to nothing (a target population)
	needs    []string
	levels   []string
	requires string
}

// DefaultCrosswalk is the table embedded in the package (crosswalk.csv). Its tests keep it
// valid, so a broken edit fails the build's tests rather than an import.
func DefaultCrosswalk() *Crosswalk {
	c, err := ParseCrosswalk(strings.NewReader(defaultCrosswalk))
	if err != nil {
		panic("csvimport: embedded crosswalk.csv: " + err.Error())
	}
	return c
}

// ParseCrosswalk reads a crosswalk table (the format of crosswalk.csv). Every code must
// belong to its Handoff vocabulary: a typo would silently tag nothing.
func ParseCrosswalk(r io.Reader) (*Crosswalk, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	c := &Crosswalk{}
	header := true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("crosswalk: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if header {
			header = false
			if len(rec) > 0 && strings.EqualFold(strings.TrimSpace(rec[0]), "term") {
				continue
			}
		}
		ru, err := parseRule(line, rec)
		if err != nil {
			return nil, fmt.Errorf("crosswalk line %d: %w", line, err)
		}
		if ru.code != "" {
			c.codes = append(c.codes, ru)
		} else {
			c.rules = append(c.rules, ru)
		}
	}
	if len(c.rules)+len(c.codes) == 0 {
		return nil, errors.New("crosswalk: no rows")
	}
	return c, nil
}

func parseRule(line int, rec []string) (rule, error) {
	for len(rec) < 4 {
		rec = append(rec, "")
	}
	if len(rec) > 4 {
		return rule{}, fmt.Errorf("%d fields; want term,need,level_of_care,requires", len(rec))
	}
	term := strings.TrimSpace(rec[0])
	ru := rule{line: line, exact: strings.HasPrefix(term, "=")}
	if code, ok := codePrefix(term); ok {
		if code == "" {
			return rule{}, fmt.Errorf("%q: not an AIRS code after %q", term, codeScheme)
		}
		ru.code = code
	} else if ru.words = words(strings.TrimPrefix(term, "=")); len(ru.words) == 0 {
		return rule{}, errors.New("term is empty")
	}
	if strings.TrimSpace(rec[1]) == "-" {
		if strings.TrimSpace(rec[2]) != "" || strings.TrimSpace(rec[3]) != "" {
			return rule{}, fmt.Errorf("%q: need \"-\" (nothing) takes no level of care or requires", term)
		}
		ru.none = true
		return ru, nil
	}
	var err error
	if ru.needs, err = codes(rec[1], directory.TaxonomyNeed); err != nil {
		return rule{}, err
	}
	if ru.levels, err = codes(rec[2], directory.TaxonomyLevelOfCare); err != nil {
		return rule{}, err
	}
	ru.requires = strings.TrimSpace(rec[3])
	if ru.requires != "" && !directory.HasTerm(directory.TaxonomyNeed, ru.requires) {
		return rule{}, fmt.Errorf("requires: %q is not a %s code", ru.requires, directory.TaxonomyNeed)
	}
	if len(ru.needs)+len(ru.levels) == 0 {
		return rule{}, fmt.Errorf("%q maps to nothing: give a need or a level of care", term)
	}
	return ru, nil
}

func codes(field, taxonomy string) ([]string, error) {
	out := strings.Fields(field)
	for _, c := range out {
		if !directory.HasTerm(taxonomy, c) {
			return nil, fmt.Errorf("%q is not a %s code", c, taxonomy)
		}
	}
	return out, nil
}

// Term is one source term to crosswalk: its name and, for a term of a hierarchical
// taxonomy, its ancestors' names, nearest first. Ancestors decide only when the name alone
// matches no row, so that "Job Placement" under "Work" is employment. Code is the term's
// AIRS / 211 code when the source gives one ("BD-1800.2000"); a code row that matches it
// decides over the words (see crosswalk_codes.go). A term may have a code and no name.
type Term struct {
	Name      string
	Ancestors []string
	Code      string
}

// Mapping is what a service's terms crosswalk to: codes in the order their first source
// term gave them, and for each code the source terms that gave it, to explain a tag.
type Mapping struct {
	Needs  []string
	Levels []string
	From   map[string][]string // "handoff:need/food" → ["Food Pantries", …]
}

type hit struct {
	r          *rule
	from       string
	levelsOnly bool // words of a term whose code row decided its needs: only their levels count
}

// Map crosswalks the terms of one service.
func (c *Crosswalk) Map(terms []Term) Mapping {
	var hits []hit
	for _, t := range terms {
		from := t.Name
		if from == "" {
			from = t.Code
		}
		levelsOnly := false
		if r := c.matchCode(t.Code); r != nil {
			hits = append(hits, hit{r: r, from: from})
			if r.none || len(r.levels) > 0 {
				continue
			}
			// The code row gives the needs but no level of care: the term's words may
			// ("Residential Substance Abuse Treatment Facilities" under RX-8450).
			levelsOnly = true
		}
		for _, name := range append([]string{t.Name}, t.Ancestors...) {
			rs := c.match(name)
			for _, r := range rs {
				hits = append(hits, hit{r: r, from: from, levelsOnly: levelsOnly})
			}
			if len(rs) > 0 {
				break
			}
		}
	}
	have := map[string]bool{}
	for _, h := range hits {
		if h.r.requires == "" && !h.levelsOnly {
			for _, n := range h.r.needs {
				have[n] = true
			}
		}
	}
	m := Mapping{From: map[string][]string{}}
	add := func(list *[]string, taxonomy, code, from string) {
		if !slices.Contains(*list, code) {
			*list = append(*list, code)
		}
		k := taxonomy + "/" + code
		if !slices.Contains(m.From[k], from) {
			m.From[k] = append(m.From[k], from)
		}
	}
	for _, h := range hits {
		if h.r.requires != "" && !have[h.r.requires] {
			continue
		}
		if !h.levelsOnly {
			for _, n := range h.r.needs {
				add(&m.Needs, directory.TaxonomyNeed, n, h.from)
			}
		}
		for _, l := range h.r.levels {
			add(&m.Levels, directory.TaxonomyLevelOfCare, l, h.from)
		}
	}
	if len(m.Needs) > 1 && slices.Contains(m.Needs, "other") {
		m.Needs = slices.DeleteFunc(m.Needs, func(s string) bool { return s == "other" })
		delete(m.From, directory.TaxonomyNeed+"/other")
	}
	return m
}

// match returns the rules that match name, without those whose words lie inside a longer
// match's words, in the order of their words in name.
func (c *Crosswalk) match(name string) []*rule {
	ws := words(name)
	if len(ws) == 0 {
		return nil
	}
	type span struct {
		r          *rule
		start, end int
	}
	var found []span
	for i := range c.rules {
		r := &c.rules[i]
		if r.exact {
			if slices.Equal(r.words, ws) {
				found = append(found, span{r, 0, len(ws)})
			}
			continue
		}
		if at := indexWords(ws, r.words); at >= 0 {
			found = append(found, span{r, at, at + len(r.words)})
		}
	}
	// In the order the words come in the term: "Help Pay for Food" is benefits, then food.
	slices.SortStableFunc(found, func(a, b span) int { return a.start - b.start })
	var out []*rule
	for _, f := range found {
		inside := false
		for _, g := range found {
			if g.end-g.start > f.end-f.start && g.start <= f.start && f.end <= g.end {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, f.r)
		}
	}
	return out
}

func indexWords(ws, sub []string) int {
	for i := 0; i+len(sub) <= len(ws); i++ {
		if slices.Equal(ws[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// words lowercases s, removes its accents, reads "&" as "and", splits it on anything but
// letters and digits, and makes each word singular, so that "Food Pantries" and "food
// pantry" compare equal, and so do "Línea de crisis" and "linea de crisis".
func words(s string) []string {
	s = strings.ReplaceAll(strings.ToLower(unaccent(s)), "&", " and ")
	f := strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for i, w := range f {
		f[i] = singular(w)
	}
	return f
}

// singular is a crude English plural folding, good enough for category names; applied to
// both sides of a comparison, its mistakes ("crisis" → "crisi") cancel out.
func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// unaccent removes the accents of s: its letters decomposed, without their marks.
func unaccent(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Mn, r) {
			return -1
		}
		return r
	}, norm.NFD.String(s))
}
