package csvimport

import (
	"fmt"
	"strings"

	"handoff/directory"
)

// taxonomy is the package's taxonomy.csv: terms by source id.
type taxonomy struct {
	file  string
	terms map[string]*termNode
}

type termNode struct {
	row      row
	term     directory.TaxonomyTerm
	parent   string // the parent's source id
	ancestry []string
}

// readTaxonomy reads taxonomy.csv. Terms keep their source id as code and their taxonomy:
// the vocabulary column names it when given (AIRS, Open Eligibility); otherwise it is the
// source's own ("<source>:taxonomy").
func (b *builder) readTaxonomy() *taxonomy {
	tx := &taxonomy{file: fileOf(b, "taxonomy", "taxonomy.csv"), terms: map[string]*termNode{}}
	b.unique("taxonomy", func(r row, src string) {
		if r.get("name") == "" {
			b.probs.fail(r, "name", "is required")
			return
		}
		name := r.get("vocabulary")
		if name == "" {
			name = b.src + ":taxonomy"
		}
		detail := b.sourceTaxonomy(name, fmt.Sprintf("Terms of %s's %s", b.src, tx.file))
		id := b.id("taxonomy_term", src)
		tx.terms[src] = &termNode{row: r, parent: r.get("parent_id"), term: directory.TaxonomyTerm{ID: id, Code: src,
			Name: r.get("name"), Description: r.get("name"), Taxonomy: name, TaxonomyID: detail.ID, TaxonomyDetail: detail}}
	})
	for _, r := range b.rows("taxonomy") {
		t := tx.terms[r.get("id")]
		if t == nil || t.row.line != r.line || t.parent == "" {
			continue
		}
		if p := tx.terms[t.parent]; p != nil {
			t.term.ParentID = p.term.ID
		} else {
			b.probs.warn(t.row, "parent_id", "%s; the term is kept without its parent", missing("term", t.parent, tx.file))
		}
	}
	for _, t := range tx.terms {
		t.ancestry = tx.ancestors(t)
	}
	return tx
}

// ancestors are the names above a term, nearest first. parent_name stands in for a parent
// that is not in the file; a cycle in the data ends the walk.
func (tx *taxonomy) ancestors(t *termNode) []string {
	var out []string
	seen := map[*termNode]bool{t: true}
	for cur := t; cur.parent != ""; {
		p := tx.terms[cur.parent]
		if p == nil {
			if n := cur.row.get("parent_name"); n != "" {
				out = append(out, n)
			}
			break
		}
		if seen[p] {
			break
		}
		seen[p] = true
		out = append(out, p.term.Name)
		cur = p
	}
	return out
}

// sourceTaxonomy is the HSDS taxonomy record of one of the source's vocabularies.
func (b *builder) sourceTaxonomy(name, desc string) *directory.Taxonomy {
	return &directory.Taxonomy{ID: directory.StableID("csv", b.src, "taxonomy", name), Name: name, Description: desc}
}

// addTerm tags a service with a source taxonomy term, once.
func (b *builder) addTerm(n *svcNode, t *termNode) {
	term := t.term
	b.addAttr(n, &term, "service_taxonomy")
	ct := Term{Name: t.term.Name, Ancestors: t.ancestry}
	if strings.Contains(t.term.Code, "-") && IsAIRSCode(t.term.Code) {
		ct.Code = t.term.Code // a 211 package's taxonomy ids are AIRS codes ("BD-1800.2000")
	}
	n.terms = append(n.terms, ct)
}

// addKeyword tags a service with a keyword, kept as a term of the source's keyword
// vocabulary: HSDS 3.0 has no keywords, and they are what Ohana classifies services by.
func (b *builder) addKeyword(n *svcNode, kw string) {
	name := b.src + ":keywords"
	detail := b.sourceTaxonomy(name, fmt.Sprintf("Keywords of %s's services", b.src))
	term := directory.TaxonomyTerm{ID: directory.StableID("csv", b.src, "keyword", strings.ToLower(kw)), Name: kw,
		Description: kw, Taxonomy: name, TaxonomyID: detail.ID, TaxonomyDetail: detail}
	b.addAttr(n, &term, "keyword")
	n.terms = append(n.terms, Term{Name: kw})
}

func (b *builder) addAttr(n *svcNode, t *directory.TaxonomyTerm, linkType string) {
	for _, a := range n.attrs {
		if a.TaxonomyTermID == t.ID {
			return
		}
	}
	n.attrs = append(n.attrs, directory.Attribute{ID: directory.StableID("service", n.svc.ID, "attribute", t.ID),
		LinkID: n.svc.ID, LinkEntity: "service", LinkType: linkType, TaxonomyTermID: t.ID, TaxonomyTerm: t})
}

// crosswalked adds the Handoff terms the service's source terms map to, after them, so
// that the originals come first in the record as they did in the source.
func (b *builder) crosswalked(n *svcNode) []directory.Attribute {
	attrs := n.attrs
	m := b.cw.Map(n.terms)
	for _, c := range m.Needs {
		attrs = append(attrs, directory.VocabAttribute(n.svc.ID, directory.TaxonomyNeed, c))
	}
	for _, c := range m.Levels {
		attrs = append(attrs, directory.VocabAttribute(n.svc.ID, directory.TaxonomyLevelOfCare, c))
	}
	return attrs
}
