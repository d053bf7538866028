package geo

// How a typed name becomes one place:
//
//  1. Each reading of the text (parseName: with a state, then as a whole name) is
//     tried in turn, and each reading's keys (the name, then the name without a Census
//     suffix such as "city" or "CDP").
//  2. A home-region town answers first when no state, or the home state, was given:
//     "Springfield" in the Massachusetts deployment is Springfield, MA, and "Holyoke"
//     keeps its plain label.
//  3. Then the national places with that key (in the given state, if one was given).
//     With a state, the best ranked one answers. Without one, a namesake in the home
//     state wins; otherwise the name must be unique, or clearly dominant (see
//     dominant), else the answer is an *AmbiguousError listing the namesakes.
//  4. Nothing matched: a *NotFoundError with the closest names (suggest). A typo is
//     never resolved silently to another place.

// dominantRatio: a bare name resolves to its largest namesake when it has at least
// this many times the population of every other one ("Houston" is Houston, TX, 2.3
// million people, and not Houston, MO, 2,000). Portland, OR is 9.4 times Portland, ME,
// and both are real answers to "Portland", so that one is asked. Ten times is where a
// call-taker would not think to ask, and the answer's label names the state, so the
// person sees which one was taken.
const dominantRatio = 10

// Resolve resolves a place name (no ZIP code, no coordinates): a home-region town, or
// a Census place, post-office name or county anywhere in the United States.
func (g *Gazetteer) Resolve(q string) (Place, error) {
	readings := parseName(q)
	for _, r := range readings {
		for _, k := range r.keys() {
			if pl, err, ok := g.resolveKey(q, k, r.State); ok {
				return pl, err
			}
		}
	}
	return Place{}, &NotFoundError{Query: q, Suggestions: g.suggest(readings)}
}

// resolveKey answers one key; ok is false when nothing has that key.
func (g *Gazetteer) resolveKey(q, key, state string) (Place, error, bool) {
	if state == "" || state == g.home {
		if i, ok := g.byKey[key]; ok {
			t := g.towns[i]
			return Place{Point: t.Centroid, Kind: KindTown, Label: t.Name, Town: t.Name, State: g.home}, nil, true
		}
	}
	var cands []int32
	for _, i := range g.nat.byKey[key] {
		if state == "" || g.nat.places[i].State == state {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return Place{}, nil, false
	}
	if state == "" {
		for _, i := range cands {
			if g.nat.places[i].State == g.home {
				return g.named(i), nil, true
			}
		}
		if !g.dominant(cands) {
			cs := make([]Candidate, len(cands))
			for j, i := range cands {
				cs[j] = g.nat.candidate(i)
			}
			return Place{}, &AmbiguousError{Query: q, Candidates: cs}, true
		}
	}
	return g.named(cands[0]), nil, true
}

// dominant reports whether the first of cands (ranked) is the one a bare name means:
// the only one, or a Census place with dominantRatio times the population of every
// other Census place or county of the name. A namesake of unknown population (a CDP:
// Bethesda, MD has no estimate, Bethesda, OH has 1,205) forbids the guess. Post-office
// names without a Census place are hamlets and do not.
func (g *Gazetteer) dominant(cands []int32) bool {
	if len(cands) == 1 {
		return true
	}
	top := g.nat.places[cands[0]]
	if top.Src != srcCensus || top.Pop == 0 {
		return false
	}
	for _, i := range cands[1:] {
		p := g.nat.places[i]
		if p.Src == srcPostal {
			continue
		}
		if p.Pop == 0 || top.Pop < dominantRatio*p.Pop {
			return false
		}
	}
	return true
}

// named is the Place of a national place.
func (g *Gazetteer) named(i int32) Place {
	p := g.nat.places[i]
	return g.place(p.Point, KindTown, p.Name+", "+p.State, p.State)
}

func (n *national) candidate(i int32) Candidate {
	p := n.places[i]
	return Candidate{Name: p.Name, State: p.State, Point: p.Point, Population: p.Pop}
}
