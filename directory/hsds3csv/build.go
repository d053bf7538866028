package hsds3csv

import (
	"fmt"
	"strings"

	"handoff/directory"
	"handoff/directory/csvimport"
)

// The nodes of the package's records: a row's own object and the rows kept as JSON beside
// it (the directory keeps funding, contacts, programs, metadata … as the record's extra).

type orgNode struct {
	row                                       row
	o                                         *directory.Organization
	programs, idents, funding, contacts, meta []any
	named                                     bool // a service names it
}

type locNode struct {
	row                    row
	l                      *directory.Location
	access, contacts, meta []any
	linked                 bool // a service is delivered there
}

type svcNode struct {
	row                           row
	s                             *directory.Service
	org                           *orgNode
	program                       map[string]any
	funding, docs, contacts, meta []any
	sals                          []*salNode
	errs                          directory.FieldErrors
}

type salNode struct {
	row            row
	sal            *directory.ServiceAtLocation
	loc            *locNode
	contacts, meta []any
}

// builder joins the tables into compiled records.
type builder struct {
	rows  map[string][]row
	probs []csvimport.Problem
	items []Item

	orgs     map[string]*orgNode
	locs     map[string]*locNode
	svcs     map[string]*svcNode
	svcOrder []*svcNode
	sals     map[string]*salNode
	terms    map[string]directory.TaxonomyTerm
	used     map[string]bool // the terms and taxonomies an attribute uses
	phones   map[string]bool // the phones kept, for languages of a phone
	phoneLng map[string][]directory.Language
	contactP map[string][]directory.Phone // phones that only a contact owns
}

func newBuilder(rows map[string][]row) *builder {
	return &builder{rows: rows, orgs: map[string]*orgNode{}, locs: map[string]*locNode{}, svcs: map[string]*svcNode{},
		sals: map[string]*salNode{}, terms: map[string]directory.TaxonomyTerm{}, used: map[string]bool{}, phones: map[string]bool{},
		phoneLng: map[string][]directory.Language{}, contactP: map[string][]directory.Phone{}}
}

func (b *builder) build() {
	b.buildTerms()
	b.buildOrganizations()
	b.buildLocations()
	b.buildServices()
	b.buildServiceAtLocations()
	b.buildServiceChildren()
	b.buildLanguages()
	b.buildPhones()
	b.buildSchedules()
	b.buildContacts()
	b.buildExtras()
	b.buildAttributes()
	b.buildMetadata()
	b.unusedTerms()
	b.leftOut("meta_table_description", "the directory has no place for descriptions of the tables: not imported")
	b.finish()
}

func (b *builder) warn(r row, col, format string, args ...any) {
	b.probs = append(b.probs, csvimport.Problem{File: r.file, Line: r.line, ID: r.get("id"), Field: col,
		Msg: fmt.Sprintf(format, args...), Kind: kindOf(r.file, col, format)})
}

func (b *builder) fail(r row, col, format string, args ...any) {
	b.warn(r, col, format, args...)
	b.probs[len(b.probs)-1].Err = true
}

// kindOf groups problems by file, column and message, with the values left out.
func kindOf(file, col, format string) string {
	k := file
	if col != "" {
		k += " " + col
	}
	r := strings.NewReplacer("%q", "…", "%s", "…", "%d", "…", "%v", "…")
	return k + ": " + r.Replace(format)
}

// unique walks a table's rows with an id not seen before; the others are left out.
func (b *builder) unique(table string, fn func(r row, id string)) {
	first := map[string]int{}
	for _, r := range b.rows[table] {
		id := r.get("id")
		switch {
		case id == "":
			b.fail(r, "id", "is required; the row was left out")
			continue
		case first[id] != 0:
			b.fail(r, "id", "repeats the row at line %d; this row was left out", first[id])
			continue
		}
		first[id] = r.line
		fn(r, id)
	}
}

func (b *builder) leftOut(table, msg string) {
	for _, r := range b.rows[table] {
		b.fail(r, "", "%s", msg)
		b.probs[len(b.probs)-1].Kind = r.file + ": " + msg
	}
}

func (b *builder) buildTerms() {
	taxa := map[string]directory.Taxonomy{}
	b.unique("taxonomy", func(r row, id string) {
		taxa[id] = directory.Taxonomy{ID: id, Name: r.get("name"), Description: r.get("description"), URI: r.get("uri"), Version: r.get("version")}
	})
	b.unique("taxonomy_term", func(r row, id string) {
		t := directory.TaxonomyTerm{ID: id, Code: r.get("code"), Name: r.get("name"), Description: r.get("description"),
			ParentID: r.get("parent_id"), Taxonomy: r.get("taxonomy"), Language: r.get("language"),
			TaxonomyID: r.get("taxonomy_id"), TermURI: r.get("term_uri")}
		if d, ok := taxa[t.TaxonomyID]; ok {
			t.TaxonomyDetail = &d
		}
		b.terms[id] = t
	})
}

func (b *builder) buildOrganizations() {
	b.unique("organization", func(r row, id string) {
		b.orgs[id] = &orgNode{row: r, o: &directory.Organization{ID: id, Name: r.get("name"), AlternateName: r.get("alternate_name"),
			Description: r.get("description"), Email: r.get("email"), Website: r.get("website"), TaxStatus: r.get("tax_status"),
			TaxID: r.get("tax_id"), YearIncorporated: b.num(r, "year_incorporated"), LegalStatus: r.get("legal_status"),
			Logo: r.get("logo"), URI: r.get("uri"), ParentOrganizationID: r.get("parent_organization_id")}}
	})
}

func (b *builder) buildLocations() {
	b.unique("location", func(r row, id string) {
		b.locs[id] = &locNode{row: r, l: &directory.Location{ID: id, LocationType: r.get("location_type"), URL: r.get("url"),
			OrganizationID: r.get("organization_id"), Name: r.get("name"), AlternateName: r.get("alternate_name"),
			Description: r.get("description"), Transportation: r.get("transportation"), Latitude: b.num(r, "latitude"),
			Longitude: b.num(r, "longitude"), ExternalIdentifier: r.get("external_identifier"),
			ExternalIdentifierType: r.get("external_identifier_type")}}
	})
	for _, r := range b.rows["address"] {
		n := b.locs[r.get("location_id")]
		if n == nil {
			b.fail(r, "location_id", "names no location in locations.csv; the address was left out")
			continue
		}
		n.l.Addresses = append(n.l.Addresses, directory.Address{ID: r.get("id"), LocationID: n.l.ID, Attention: r.get("attention"),
			Address1: r.get("address_1"), Address2: r.get("address_2"), City: r.get("city"), Region: r.get("region"),
			StateProvince: r.get("state_province"), PostalCode: r.get("postal_code"), Country: r.get("country"),
			AddressType: r.get("address_type")})
	}
}

func (b *builder) buildServices() {
	b.unique("service", func(r row, id string) {
		n := &svcNode{row: r, s: &directory.Service{ID: id, OrganizationID: r.get("organization_id"), ProgramID: r.get("program_id"),
			Name: r.get("name"), AlternateName: r.get("alternate_name"), Description: r.get("description"), URL: r.get("url"),
			Email: r.get("email"), Status: r.get("status"), InterpretationServices: r.get("interpretation_services"),
			ApplicationProcess: r.get("application_process"), FeesDescription: r.get("fees_description"),
			WaitTime: r.get("wait_time"), Fees: r.get("fees"), Accreditations: r.get("accreditations"),
			EligibilityDescription: r.get("eligibility_description"), MinimumAge: b.num(r, "minimum_age"),
			MaximumAge: b.num(r, "maximum_age"), AssuredDate: r.get("assured_date"), AssurerEmail: r.get("assurer_email"),
			Licenses: r.get("licenses"), Alert: r.get("alert"), LastModified: r.get("last_modified")}}
		if o := b.orgs[n.s.OrganizationID]; o != nil {
			n.org, o.named = o, true
		} else {
			field := "organization_id"
			msg := "names no organization in organizations.csv"
			if n.s.OrganizationID == "" {
				msg = "is required"
			}
			n.errs = append(n.errs, directory.FieldError{Field: field, Message: msg})
		}
		b.svcs[id] = n
		b.svcOrder = append(b.svcOrder, n)
	})
	programs := map[string]map[string]any{}
	for _, r := range b.rows["program"] {
		o := b.orgs[r.get("organization_id")]
		if o == nil {
			b.fail(r, "organization_id", "names no organization in organizations.csv; the program was left out")
			continue
		}
		p := r.obj()
		o.programs = append(o.programs, p)
		programs[r.get("id")] = p
	}
	for _, n := range b.svcOrder {
		if p, ok := programs[n.s.ProgramID]; ok {
			n.program = p
		}
	}
}

func (b *builder) buildServiceAtLocations() {
	b.unique("service_at_location", func(r row, id string) {
		s, l := b.svcs[r.get("service_id")], b.locs[r.get("location_id")]
		switch {
		case s == nil:
			b.fail(r, "service_id", "names no service in services.csv; the row was left out")
			return
		case l == nil:
			b.fail(r, "location_id", "names no location in locations.csv; the row was left out")
			return
		}
		n := &salNode{row: r, loc: l, sal: &directory.ServiceAtLocation{ID: id, ServiceID: s.s.ID, LocationID: l.l.ID,
			Description: r.get("description")}}
		l.linked = true
		s.sals = append(s.sals, n)
		b.sals[id] = n
	})
}

func (b *builder) buildServiceChildren() {
	for _, r := range b.rows["service_area"] {
		if n := b.service(r, "service area"); n != nil {
			n.s.ServiceAreas = append(n.s.ServiceAreas, directory.ServiceArea{ID: r.get("id"), ServiceID: n.s.ID, Name: r.get("name"),
				Description: r.get("description"), Extent: r.get("extent"), ExtentType: r.get("extent_type"), URI: r.get("uri")})
		}
	}
	for _, r := range b.rows["cost_option"] {
		if n := b.service(r, "cost option"); n != nil {
			n.s.CostOptions = append(n.s.CostOptions, directory.CostOption{ID: r.get("id"), ServiceID: n.s.ID,
				ValidFrom: r.get("valid_from"), ValidTo: r.get("valid_to"), Option: r.get("option"), Currency: r.get("currency"),
				Amount: b.num(r, "amount"), AmountDescription: r.get("amount_description")})
		}
	}
	for _, r := range b.rows["required_document"] {
		if n := b.service(r, "required document"); n != nil {
			n.docs = append(n.docs, r.obj())
		}
	}
}

// service is the service a row of a service's own table names, or nil (a problem).
func (b *builder) service(r row, what string) *svcNode {
	n := b.svcs[r.get("service_id")]
	if n == nil {
		b.fail(r, "service_id", "names no service in services.csv; the %s was left out", what)
	}
	return n
}
