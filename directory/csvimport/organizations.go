package csvimport

import (
	"strconv"

	"handoff/directory"
)

// orgNode is an organization of the package; org is nil when its row was rejected.
type orgNode struct {
	row      row
	org      *directory.Organization
	contacts []*contactNode
	funding  []fundingJSON
	programs []programJSON
	locs     []*locNode // its locations, in file order
	used     bool       // some service carries it
}

type programNode struct {
	prog programJSON
	ok   bool
}

func (b *builder) buildOrganizations() {
	b.unique("organization", func(r row, src string) {
		n := &orgNode{row: r}
		b.orgs[src] = n
		if r.get("name") == "" {
			b.probs.fail(r, "name", "is required")
			return
		}
		o := &directory.Organization{ID: b.id("organization", src), Name: r.get("name"),
			AlternateName: r.get("alternate_name"), Description: r.get("description"), Email: b.email(r, "email"),
			Website: b.website(r, "url"), TaxStatus: r.get("tax_status"), TaxID: r.get("tax_id"),
			LegalStatus: r.get("legal_status"), Logo: r.get("logo"), URI: b.website(r, "uri"),
			YearIncorporated: b.yearIncorporated(r)}
		if p := r.get("parent_organization_id"); p != "" {
			o.ParentOrganizationID = b.id("organization", p)
		}
		for _, f := range list(r.get("funding_sources")) {
			n.funding = append(n.funding, fundingJSON{ID: b.childID("organization", src, "funding", f), OrganizationID: o.ID, Source: f})
		}
		n.org = o
	})
	// A parent is checked once every organization is known, since it may come later.
	for _, n := range b.orgs {
		if n.org == nil {
			continue
		}
		if p := n.row.get("parent_organization_id"); p != "" && b.orgs[p] == nil {
			b.probs.warn(n.row, "parent_organization_id", "%s; left out", missing("organization", p, n.row.t.file))
			n.org.ParentOrganizationID = ""
		}
	}
}

// yearIncorporated reads year_incorporated, or the year of Ohana's date_incorporated.
func (b *builder) yearIncorporated(r row) *float64 {
	if r.get("year_incorporated") != "" {
		return b.number(r, "year_incorporated")
	}
	v := r.get("date_incorporated")
	if v == "" {
		return nil
	}
	if y, err := strconv.Atoi(v); err == nil {
		f := float64(y)
		return &f
	}
	d, err := parseDate(v)
	if err != nil || d.yearless {
		b.probs.warn(r, "date_incorporated", "%q is not a date; left out", clip(v))
		return nil
	}
	f := float64(d.t.Year())
	return &f
}

// buildPrograms puts each program on its organization (HSDS 3.0 organization.programs),
// and keeps it for the services that name it.
func (b *builder) buildPrograms() {
	b.unique("program", func(r row, src string) {
		n := &programNode{}
		b.programs[src] = n
		org, ok := b.orgOf(r, "organization_id", true)
		if !ok {
			return
		}
		if r.get("name") == "" {
			b.probs.fail(r, "name", "is required")
			return
		}
		n.prog = programJSON{ID: b.id("program", src), Name: r.get("name"), AlternateName: r.get("alternate_name"),
			Description: r.get("description")}
		if org != nil {
			n.prog.OrganizationID = org.org.ID
			org.programs = append(org.programs, n.prog)
		}
		n.ok = true
	})
}

// orgOf resolves a row's organization reference. ok is false when the row must be left
// out: the reference is required and empty, names nothing (a problem), or names a rejected
// organization (already reported). An empty optional reference gives nil and true.
func (b *builder) orgOf(r row, col string, required bool) (*orgNode, bool) {
	src := r.get(col)
	if src == "" {
		if required {
			b.probs.fail(r, col, "is required")
			return nil, false
		}
		return nil, true
	}
	n := b.orgs[src]
	if n == nil {
		b.probs.fail(r, col, "%s", missing("organization", src, fileOf(b, "organization", "organizations.csv")))
		return nil, false
	}
	return n, n.org != nil
}

// buildFunding reads HSDS 1.x funding.csv onto organizations and services.
func (b *builder) buildFunding() {
	for _, r := range b.rows("funding") {
		f := fundingJSON{ID: b.rowID("funding", r), Source: r.get("source")}
		if f.Source == "" {
			continue
		}
		switch {
		case r.get("service_id") != "":
			if s, ok := b.serviceOf(r, "service_id"); ok {
				f.ServiceID = s.svc.ID
				s.funding = append(s.funding, f)
			}
		case r.get("organization_id") != "":
			if o, ok := b.orgOf(r, "organization_id", true); ok {
				f.OrganizationID = o.org.ID
				o.funding = append(o.funding, f)
			}
		default:
			b.probs.fail(r, "service_id", "funding names neither a service nor an organization")
		}
	}
}

// finishOrganizations gives every organization its funding, programs and contacts, and
// makes a record of each organization whose sites no service uses (or that has no
// services), so that they are not lost.
func (b *builder) finishOrganizations() {
	for _, r := range b.rows("organization") {
		n := b.orgs[r.get("id")]
		if n == nil || n.org == nil || n.row.line != r.line {
			continue
		}
		var spare []directory.Location
		for _, l := range n.locs {
			if !l.used {
				spare = append(spare, *l.loc)
			}
		}
		if n.used && len(spare) == 0 {
			continue
		}
		o := *n.org
		o.Locations = spare
		directory.NormalizeOrganization(&o)
		chk := directory.ValidateOrganization(&o)
		it := Item{Record: directory.Record{Line: r.line, Organization: &o}, File: r.t.file}
		b.addChecked(&it, r, chk)
		b.items = append(b.items, it)
	}
	for _, lr := range b.rows("location") {
		l := b.locs[lr.get("id")]
		switch {
		case l == nil || l.loc == nil || l.org != nil || l.used || l.row.line != lr.line:
		case l.badOrg:
			b.probs.fail(lr, "organization_id", "%s, and no service is offered there", missing("organization", lr.get("organization_id"), fileOf(b, "organization", "organizations.csv")))
		default:
			b.probs.warn(lr, "", "the location belongs to no organization and no service is offered there; not imported")
		}
	}
}
