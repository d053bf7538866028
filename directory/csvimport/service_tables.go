package csvimport

import (
	"strings"

	"handoff/directory"
)

// The HSDS 1.x tables that add to services what the Ohana layout lists in services.csv.

// buildServiceAtLocations links services to their sites. A service without an
// organization of its own takes its site's later (adoptOrganizations), as in the Ohana
// layout: some 1.x exports leave services.organization_id empty.
func (b *builder) buildServiceAtLocations() {
	for _, r := range b.rows("service_at_location") {
		s, ok := b.serviceOf(r, "service_id")
		if !ok {
			continue
		}
		l, ok := b.locOf(r, "location_id")
		if !ok {
			continue
		}
		l.used = true
		id := b.childID("service", s.src, "service_at_location", r.get("location_id"))
		if r.get("id") != "" {
			id = b.id("service_at_location", r.get("id"))
		}
		sn := &salNode{sal: &directory.ServiceAtLocation{ID: id, ServiceID: s.svc.ID, LocationID: l.loc.ID,
			Description: r.get("description")}, loc: l}
		s.sals = append(s.sals, sn)
		if src := r.get("id"); src != "" {
			b.sals[src] = sn
		}
	}
}

// buildLanguages reads HSDS 1.x languages.csv onto services and locations. Every row
// counts: exports write one row per language of a service, sometimes all under one id, so
// a row whose id was already used gets an id of its own, derived from its content.
func (b *builder) buildLanguages() {
	used := map[string]bool{}
	for _, r := range b.rows("language") {
		id := b.rowID("language", r)
		if used[id] {
			id = directory.StableID("csv", b.src, "language", "row", strings.Join(r.fields, "\x1f"))
		}
		used[id] = true
		v := r.get("language")
		switch {
		case r.get("service_id") != "":
			if s, ok := b.serviceOf(r, "service_id"); ok {
				s.svc.Languages = b.addLanguage(s.svc.Languages, r, "language", id, v)
			}
		case r.get("location_id") != "":
			if l, ok := b.locOf(r, "location_id"); ok && l.loc != nil {
				l.loc.Languages = b.addLanguage(l.loc.Languages, r, "language", id, v)
			}
		default:
			b.probs.fail(r, "service_id", "the language names neither a service nor a location")
		}
	}
}

// buildServiceLists reads the HSDS 1.x tables that each add one kind of value to a service.
func (b *builder) buildServiceLists() {
	each := func(table string, fn func(r row, s *svcNode)) {
		for _, r := range b.rows(table) {
			if s, ok := b.serviceOf(r, "service_id"); ok {
				fn(r, s)
			}
		}
	}
	each("service_area", func(r row, s *svcNode) {
		s.svc.ServiceAreas = append(s.svc.ServiceAreas, directory.ServiceArea{ID: b.rowID("service_area", r),
			Name: r.get("service_area"), Description: r.get("description")})
	})
	each("eligibility", func(r row, s *svcNode) {
		s.svc.EligibilityDescription = joinText(s.svc.EligibilityDescription, labelled("Eligibility", r.get("eligibility")))
	})
	each("required_document", func(r row, s *svcNode) {
		s.documents = append(s.documents, documentJSON{ID: b.rowID("required_document", r), ServiceID: s.svc.ID, Document: r.get("document")})
	})
	each("payment_accepted", func(r row, s *svcNode) {
		s.svc.FeesDescription = joinText(s.svc.FeesDescription, labelled("Payment accepted", r.get("payment")))
	})
	each("service_taxonomy", func(r row, s *svcNode) {
		t := b.tax.terms[r.get("taxonomy_id")]
		if t == nil {
			b.probs.fail(r, "taxonomy_id", "%s", missing("taxonomy term", r.get("taxonomy_id"), b.tax.file))
			return
		}
		b.addTerm(s, t)
	})
}
