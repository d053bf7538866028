package deid

import (
	"cmp"
	"slices"
)

// DefaultMin is the default threshold: counts from 1 to 10 are suppressed, the rule of
// the CMS cell-size suppression policy (no cell under 11 published).
const DefaultMin = 11

// Rule is the de-identification rule: a count from 1 to Min−1 is suppressed (zero
// points to no one and is shown). Min 0 or 1 turns suppression off.
type Rule struct {
	Min int
}

// On reports whether the rule suppresses anything.
func (r Rule) On() bool { return r.Min > 1 }

// Small reports whether a count is suppressed for itself.
func (r Rule) Small(n int) bool { return r.On() && n > 0 && n < r.Min }

// clears reports whether a shown count may stand in a rate: zero, or at least Min.
func (r Rule) clears(c *Cell) bool {
	if c == nil || c.Suppressed {
		return false
	}
	return !r.On() || c.Kind == Workload || c.Kind == Known || c.N == 0 || c.N >= r.Min
}

// Apply suppresses rep in place, in four steps:
//
//  1. primary: every small count;
//  2. complementary: while a relation (a total and its parts) has exactly one unknown,
//     the smallest shown count of it is suppressed too (the smallest non-zero first), so
//     no total minus the shown parts gives a suppressed cell back; then, while the
//     relations taken together still determine a suppressed cell (Determined), one more
//     cell of a relation holding it is suppressed, and step 2 repeats;
//  3. derived cells: a rate is shown only when its numerator and denominator are both
//     shown and clear the threshold, a difference only when both terms are shown, a
//     median or mean only when the count it is over clears the threshold, and a tied
//     cell (a place's point) goes with its count;
//  4. times: a row holding a suppressed cell keeps its instants only to the month.
//
// Workload counts (about staff, not the people served) are never suppressed.
func (r Rule) Apply(rep *Report) {
	if !r.On() {
		return
	}
	rep.Threshold = r.Min
	for _, t := range rep.Tables {
		for _, row := range t.Rows {
			for _, c := range row {
				if c.Kind == Count && r.Small(c.N) {
					c.Suppressed, c.Primary = true, true
				}
			}
		}
	}
	for range 10_000 { // each pass suppresses one more cell or ends
		if complement(rep.Relations) {
			continue
		}
		// A determined cell may sit only in relations with nothing left to withhold
		// (a bucket's places equal its calls): widen around the first one that can.
		det := Determined(rep.Relations)
		if !slices.ContainsFunc(det, func(c *Cell) bool { return widen(rep.Relations, c) }) {
			break
		}
	}
	for _, t := range rep.Tables {
		for _, row := range t.Rows {
			for _, c := range row {
				r.derive(c)
			}
			coarsen(row)
		}
	}
}

// derive withholds a derived cell whose inputs are withheld or too small.
func (r Rule) derive(c *Cell) {
	switch c.Kind {
	case Ratio:
		if c.Den != nil && c.Den.N == 0 && !c.Den.Suppressed {
			return // no rate of nothing: shown empty
		}
		c.Suppressed = !r.clears(c.Num) || !r.clears(c.Den)
	case Difference:
		c.Suppressed = c.Minuend.Suppressed || c.Subtrahend.Suppressed
	case Statistic:
		c.Suppressed = r.Small(c.N)
	}
	if c.Tied != nil && c.Tied.Suppressed {
		c.Suppressed = true
	}
}

// coarsen keeps a row's instants to the month when any of its cells is withheld.
func coarsen(row []*Cell) {
	withheld := slices.ContainsFunc(row, func(c *Cell) bool { return c.Suppressed && c.Kind != Hidden })
	if !withheld {
		return
	}
	for _, c := range row {
		if c.Kind == When {
			c.P = Month
		}
	}
}

// complement suppresses one more cell of the first relation with exactly one unknown,
// and reports whether it did.
func complement(rels []Relation) bool {
	for _, rel := range rels {
		if unknowns(rel) == 1 && suppressSmallest(rel) {
			return true
		}
	}
	return false
}

// widen suppresses one more cell of a relation holding the determined cell c (the one
// with fewest unknowns), and reports whether it could.
func widen(rels []Relation, c *Cell) bool {
	var with []Relation
	for _, rel := range rels {
		if slices.ContainsFunc(rel, func(t Term) bool { return t.Cell == c }) {
			with = append(with, rel)
		}
	}
	slices.SortStableFunc(with, func(a, b Relation) int { return cmp.Compare(unknowns(a), unknowns(b)) })
	for _, rel := range with {
		if suppressSmallest(rel) {
			return true
		}
	}
	return false
}

func unknowns(rel Relation) int {
	seen := map[*Cell]bool{}
	for _, t := range rel {
		if t.Cell.Suppressed {
			seen[t.Cell] = true
		}
	}
	return len(seen)
}

// suppressSmallest suppresses the smallest shown count of rel, non-zero ones first
// (a zero hides nothing and withholding it hides little), the first listed on ties.
func suppressSmallest(rel Relation) bool {
	var best *Cell
	better := func(c *Cell) bool {
		if best == nil {
			return true
		}
		if (c.N == 0) != (best.N == 0) {
			return best.N == 0
		}
		return c.N < best.N
	}
	for _, t := range rel {
		if c := t.Cell; !c.Suppressed && c.Kind == Count && better(c) {
			best = c
		}
	}
	if best == nil {
		return false
	}
	best.Suppressed = true
	return true
}
