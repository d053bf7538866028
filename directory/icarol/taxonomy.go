package icarol

import (
	"strings"

	"handoff/directory"
	"handoff/directory/csvimport"
)

// airs is the AIRS / 211 LA taxonomy the codes belong to.
const airs = "AIRS"

// taxonomy tags a service with its AIRS codes, kept as they are, and with the Handoff
// needs and levels of care the crosswalk finds for their codes and names (a code row
// decides over the words of its term). TaxonomyTerms writes each
// term as its path ("Basic Needs - Food - Food Pantries"), several joined by "*" or ";",
// in the order of TaxonomyCodes; the name is the last step and the steps above are its
// ancestors, which decide when the name alone matches no crosswalk row.
func (b *builder) taxonomy(r row, svcID string) []directory.Attribute {
	codes := items(r.get("TaxonomyCodes"))
	names := items(r.get("TaxonomyTerms"))
	var attrs []directory.Attribute
	var terms []csvimport.Term
	detail := &directory.Taxonomy{ID: b.id("taxonomy", airs), Name: airs, Description: "AIRS / 211 taxonomy codes of " + b.src}
	seen := map[string]bool{}
	for i, path := range names {
		steps := strings.Split(path, " - ")
		t := csvimport.Term{Name: strings.TrimSpace(steps[len(steps)-1])}
		for j := len(steps) - 2; j >= 0; j-- {
			t.Ancestors = append(t.Ancestors, strings.TrimSpace(steps[j]))
		}
		if len(codes) == len(names) {
			t.Code = codes[i] // the code decides over the words (crosswalk.csv, "airs:")
		}
		terms = append(terms, t)
		if len(codes) != len(names) || seen[codes[i]] {
			continue
		}
		seen[codes[i]] = true
		term := &directory.TaxonomyTerm{ID: b.id("taxonomy_term", airs, codes[i]), Code: codes[i], Name: t.Name,
			Description: path, Taxonomy: airs, TaxonomyID: detail.ID, TaxonomyDetail: detail}
		attrs = append(attrs, directory.Attribute{ID: directory.StableID("service", svcID, "attribute", term.ID),
			LinkID: svcID, LinkEntity: "service", LinkType: "service_taxonomy", TaxonomyTermID: term.ID, TaxonomyTerm: term})
	}
	// Codes that cannot be paired with a name are still kept, as codes, and crosswalked
	// as codes; their names went through the crosswalk as words above.
	if len(codes) != len(names) {
		for _, c := range codes {
			if seen[c] {
				continue
			}
			seen[c] = true
			terms = append(terms, csvimport.Term{Code: c})
			term := &directory.TaxonomyTerm{ID: b.id("taxonomy_term", airs, c), Code: c, Name: c, Description: c,
				Taxonomy: airs, TaxonomyID: detail.ID, TaxonomyDetail: detail}
			attrs = append(attrs, directory.Attribute{ID: directory.StableID("service", svcID, "attribute", term.ID),
				LinkID: svcID, LinkEntity: "service", LinkType: "service_taxonomy", TaxonomyTermID: term.ID, TaxonomyTerm: term})
		}
	}
	m := b.cw.Map(terms)
	for _, c := range m.Needs {
		attrs = append(attrs, directory.VocabAttribute(svcID, directory.TaxonomyNeed, c))
	}
	for _, c := range m.Levels {
		attrs = append(attrs, directory.VocabAttribute(svcID, directory.TaxonomyLevelOfCare, c))
	}
	return attrs
}

// flag tags a service with one of the source's own flags ("do_not_refer").
func (b *builder) flag(svcID, code, label string) directory.Attribute {
	name := "icarol:flags"
	detail := &directory.Taxonomy{ID: b.id("taxonomy", name), Name: name, Description: "Flags of " + b.src + "'s iCarol export"}
	term := &directory.TaxonomyTerm{ID: b.id("taxonomy_term", name, code), Code: code, Name: label, Description: label,
		Taxonomy: name, TaxonomyID: detail.ID, TaxonomyDetail: detail}
	return directory.Attribute{ID: directory.StableID("service", svcID, "attribute", term.ID), LinkID: svcID,
		LinkEntity: "service", LinkType: "service_taxonomy", TaxonomyTermID: term.ID, TaxonomyTerm: term}
}

// items splits a taxonomy column on ";" and "*", trimmed, without empties.
func items(v string) []string {
	var out []string
	for _, s := range strings.FieldsFunc(v, func(r rune) bool { return r == ';' || r == '*' }) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
