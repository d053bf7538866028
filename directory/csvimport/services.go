package csvimport

import (
	"fmt"
	"regexp"
	"strings"

	"handoff/directory"
)

// svcNode is a service of the package with what its row and the other tables give it.
// errs rejects it: they are about its own row or a row it cannot do without.
type svcNode struct {
	row       row
	src       string
	svc       *directory.Service
	org       *orgNode
	errs      directory.FieldErrors
	badOrg    bool // its organization_id names no organization that was imported
	sals      []*salNode
	contacts  []*contactNode
	funding   []fundingJSON
	documents []documentJSON
	program   *programJSON
	terms     []Term
	attrs     []directory.Attribute
}

// salNode is a service at a location, from services_at_location.csv or, in the Ohana
// layout, from a service's location_id.
type salNode struct {
	sal      *directory.ServiceAtLocation
	loc      *locNode
	contacts []*contactNode
}

// freeRE recognizes a fees text that says the service costs nothing, so that the "free"
// filter finds it; any other text stays a description only.
var freeRE = regexp.MustCompile(`(?i)^\s*(none|free|no fees?|no charge|no cost|free of charge)\s*\.?\s*$`)

func (b *builder) buildServices() {
	t := b.p.tables["service"]
	if !t.has("status") {
		b.probs = append(b.probs, Problem{File: t.file, Field: "status", Msg: "the column is missing; every service is read as active"})
	}
	b.unique("service", func(r row, src string) {
		s := &directory.Service{ID: b.id("service", src), Name: r.get("name"), AlternateName: r.get("alternate_name"),
			Description: r.get("description"), URL: b.website(r, "url"), Email: b.email(r, "email"),
			Status: b.status(r), InterpretationServices: r.get("interpretation_services"),
			ApplicationProcess: r.get("application_process"), WaitTime: r.get("wait_time"),
			Accreditations: r.get("accreditations"), Licenses: r.get("licenses"), Alert: r.get("alert"),
			AssurerEmail: b.email(r, "assurer_email"), MinimumAge: b.number(r, "minimum_age"), MaximumAge: b.number(r, "maximum_age"),
			EligibilityDescription: joinText(r.get("eligibility_description"), r.get("eligibility"), labelled("Audience", r.get("audience"))),
			FeesDescription:        joinText(r.get("fees_description"), r.get("fees"), labelled("Payment accepted", strings.Join(list(r.get("accepted_payments")), ", ")))}
		n := &svcNode{row: r, src: src, svc: s}
		b.svcs[src] = n
		b.svcOrder = append(b.svcOrder, n)
		if s.Name == "" {
			n.errs = append(n.errs, directory.FieldError{Field: "name", Message: "is required"})
		}
		if d := r.get("assured_date"); d != "" {
			if dd, err := parseDate(d); err == nil && !dd.yearless {
				s.AssuredDate = dd.iso()
			} else {
				b.probs.warn(r, "assured_date", "%q is not a date; left out", clip(d))
			}
		}
		if freeRE.MatchString(r.get("fees")) {
			zero := 0.0
			s.CostOptions = append(s.CostOptions, directory.CostOption{ID: b.childID("service", src, "cost_option", "free"),
				Option: "Free", Amount: &zero, AmountDescription: r.get("fees")})
		}
		b.serviceParents(n)
		b.serviceLists(n)
	})
}

func labelled(label, v string) string {
	if v == "" {
		return ""
	}
	return label + ": " + v
}

// status reads a service's status; HSDS 1.x spells "temporarily closed" in several ways.
func (b *builder) status(r row) string {
	v := strings.ToLower(strings.Join(strings.FieldsFunc(r.get("status"), func(c rune) bool { return c == '_' || c == ' ' || c == '-' }), " "))
	switch v {
	case "":
		if r.t.has("status") {
			b.probs.warn(r, "status", "is empty; read as active")
		}
		return "active"
	case "closed temporarily", "temp closed", "temporarily closed":
		return "temporarily closed"
	}
	return v
}

// serviceParents resolves a service's organization, program and (Ohana) location.
func (b *builder) serviceParents(n *svcNode) {
	r := n.row
	if src := r.get("organization_id"); src != "" {
		o := b.orgs[src]
		if o == nil || o.org == nil {
			n.badOrg = true // adoptOrganizations finds it one, and says so once for all
		} else {
			n.org = o
		}
	}
	if src := r.get("location_id"); src != "" {
		l := b.locs[src]
		switch {
		case l == nil:
			n.errs = append(n.errs, directory.FieldError{Field: "location_id", Message: missing("location", src, fileOf(b, "location", "locations.csv"))})
		case l.loc == nil:
			n.errs = append(n.errs, directory.FieldError{Field: "location_id", Message: fmt.Sprintf("location %q was not imported (see %s:line %d)", clip(src), l.row.t.file, l.row.line)})
		default:
			l.used = true
			if n.org == nil && !n.badOrg {
				n.org = l.org // the Ohana layout: a service belongs to its location's organization
			}
			sal := &directory.ServiceAtLocation{ID: b.childID("service", n.src, "service_at_location", src),
				ServiceID: n.svc.ID, LocationID: l.loc.ID}
			n.sals = append(n.sals, &salNode{sal: sal, loc: l})
		}
	}
	if src := r.get("program_id"); src != "" {
		if p := b.programs[src]; p == nil || !p.ok {
			b.probs.warn(r, "program_id", "%s; left out", missing("program", src, fileOf(b, "program", "programs.csv")))
		} else {
			n.svc.ProgramID = p.prog.ID
			n.program = &p.prog
		}
	}
	if n.org != nil {
		n.svc.OrganizationID = n.org.org.ID
		n.org.used = true
	}
}

// serviceLists reads the columns in which the Ohana layout lists what HSDS 1.x puts in
// tables of their own: languages, service areas, documents, funding, taxonomy and keywords.
func (b *builder) serviceLists(n *svcNode) {
	r, s := n.row, n.svc
	for _, v := range list(r.get("languages")) {
		s.Languages = b.addLanguage(s.Languages, r, "languages", b.childID("service", n.src, "language", v), v)
	}
	for _, v := range list(r.get("service_areas")) {
		s.ServiceAreas = append(s.ServiceAreas, directory.ServiceArea{ID: b.childID("service", n.src, "service_area", v), Name: v})
	}
	for _, v := range list(r.get("required_documents")) {
		n.documents = append(n.documents, documentJSON{ID: b.childID("service", n.src, "required_document", v), ServiceID: s.ID, Document: v})
	}
	for _, v := range list(r.get("funding_sources")) {
		n.funding = append(n.funding, fundingJSON{ID: b.childID("service", n.src, "funding", v), ServiceID: s.ID, Source: v})
	}
	for _, v := range list(r.get("taxonomy_ids")) {
		t := b.tax.terms[v]
		if t == nil {
			b.probs.warn(r, "taxonomy_ids", "%s; left out", missing("taxonomy term", v, b.tax.file))
			continue
		}
		b.addTerm(n, t)
	}
	for _, v := range list(r.get("keywords")) {
		b.addKeyword(n, v)
	}
}

// serviceOf resolves a row's service reference like orgOf.
func (b *builder) serviceOf(r row, col string) (*svcNode, bool) {
	src := r.get(col)
	n := b.svcs[src]
	if n == nil {
		b.probs.fail(r, col, "%s", missing("service", src, fileOf(b, "service", "services.csv")))
		return nil, false
	}
	return n, true
}
