package hsds3csv

import (
	"encoding/json"
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

// owner is the most specific owner a row names among the directory's kinds: a service at a
// location, a service, a location, an organization. The directory keeps a phone, schedule
// or language under one owner; the other owner columns of the row are not kept, and a
// warning says so.
type owner struct {
	sal *salNode
	svc *svcNode
	loc *locNode
	org *orgNode
}

func (b *builder) ownerOf(r row, cols []string, warnOthers bool) (owner, string) {
	var o owner
	col := ""
	named := 0
	for _, c := range cols {
		v := r.get(c)
		if v == "" {
			continue
		}
		named++
		found := false
		switch c {
		case "service_at_location_id":
			o.sal, found = b.sals[v], b.sals[v] != nil
		case "service_id":
			o.svc, found = b.svcs[v], b.svcs[v] != nil
		case "location_id":
			o.loc, found = b.locs[v], b.locs[v] != nil
		case "organization_id":
			o.org, found = b.orgs[v], b.orgs[v] != nil
		}
		if found && col == "" {
			col = c
		}
	}
	if warnOthers && named > 1 && col != "" {
		b.warn(r, col, "the row names %d owners; the directory keeps it under its %s, without the other owner columns", named,
			strings.TrimSuffix(col, "_id"))
	}
	return o, col
}

var phoneOwners = []string{"service_at_location_id", "service_id", "location_id", "organization_id"}

func (b *builder) buildLanguages() {
	for _, r := range b.rows["language"] {
		o, col := b.ownerOf(r, []string{"service_id", "location_id"}, true)
		g := directory.Language{ID: r.get("id"), ServiceID: r.get("service_id"), LocationID: r.get("location_id"),
			PhoneID: r.get("phone_id"), Name: r.get("name"), Code: r.get("code"), Note: r.get("note")}
		switch col {
		case "service_id":
			o.svc.s.Languages = append(o.svc.s.Languages, g)
		case "location_id":
			o.loc.l.Languages = append(o.loc.l.Languages, g)
		default:
			if g.PhoneID != "" && g.ServiceID == "" && g.LocationID == "" {
				b.phoneLng[g.PhoneID] = append(b.phoneLng[g.PhoneID], g)
				continue
			}
			b.fail(r, "service_id", "names no service or location of the package; the language was left out")
		}
	}
}

func (b *builder) buildPhones() {
	for _, r := range b.rows["phone"] {
		o, col := b.ownerOf(r, phoneOwners, true)
		p := directory.Phone{ID: r.get("id"), ServiceID: r.get("service_id"), LocationID: r.get("location_id"),
			OrganizationID: r.get("organization_id"), ContactID: r.get("contact_id"),
			ServiceAtLocationID: r.get("service_at_location_id"), Number: r.get("number"), Extension: b.num(r, "extension"),
			Type: r.get("type"), Description: r.get("description")}
		if lg := b.phoneLng[p.ID]; len(lg) > 0 {
			p.Languages, _ = json.Marshal(lg)
			delete(b.phoneLng, p.ID)
		}
		switch col {
		case "service_at_location_id":
			o.sal.sal.Phones = append(o.sal.sal.Phones, p)
		case "service_id":
			o.svc.s.Phones = append(o.svc.s.Phones, p)
		case "location_id":
			o.loc.l.Phones = append(o.loc.l.Phones, p)
		case "organization_id":
			o.org.o.Phones = append(o.org.o.Phones, p)
		default:
			if p.ContactID != "" {
				b.contactP[p.ContactID] = append(b.contactP[p.ContactID], p)
				continue
			}
			b.fail(r, "service_id", "names no service, location, organization or contact of the package; the phone was left out")
		}
	}
	for id, lg := range b.phoneLng {
		for _, g := range lg {
			b.probs = append(b.probs, csvimport.Problem{File: "languages.csv", ID: g.ID, Field: "phone_id", Err: true,
				Msg:  fmt.Sprintf("names no phone %s of the package; the language was left out", id),
				Kind: "languages.csv phone_id: names no phone of the package; the language was left out"})
		}
	}
}

func (b *builder) buildSchedules() {
	for _, r := range b.rows["schedule"] {
		o, col := b.ownerOf(r, []string{"service_at_location_id", "service_id", "location_id"}, true)
		s := directory.Schedule{ID: r.get("id"), ServiceID: r.get("service_id"), LocationID: r.get("location_id"),
			ServiceAtLocationID: r.get("service_at_location_id"), ValidFrom: r.get("valid_from"), ValidTo: r.get("valid_to"),
			DTStart: r.get("dtstart"), Timezone: b.num(r, "timezone"), Until: r.get("until"), Count: b.num(r, "count"),
			Wkst: r.get("wkst"), Freq: r.get("freq"), Interval: b.num(r, "interval"), ByDay: r.get("byday"),
			ByWeekNo: r.get("byweekno"), ByMonthDay: r.get("bymonthday"), ByYearDay: r.get("byyearday"),
			Description: r.get("description"), OpensAt: r.get("opens_at"), ClosesAt: r.get("closes_at"),
			ScheduleLink: r.get("schedule_link"), AttendingType: r.get("attending_type"), Notes: r.get("notes")}
		switch col {
		case "service_at_location_id":
			o.sal.sal.Schedules = append(o.sal.sal.Schedules, s)
		case "service_id":
			o.svc.s.Schedules = append(o.svc.s.Schedules, s)
		case "location_id":
			o.loc.l.Schedules = append(o.loc.l.Schedules, s)
		default:
			b.fail(r, "service_id", "names no service, location or service at location of the package; the schedule was left out")
		}
	}
}

// buildContacts keeps each contact whole (every owner column and its phones) as JSON
// beside its most specific owner.
func (b *builder) buildContacts() {
	for _, r := range b.rows["contact"] {
		c := r.obj()
		if ps := b.contactP[r.get("id")]; len(ps) > 0 {
			c["phones"] = ps
		}
		o, col := b.ownerOf(r, phoneOwners, false)
		switch col {
		case "service_at_location_id":
			o.sal.contacts = append(o.sal.contacts, c)
		case "service_id":
			o.svc.contacts = append(o.svc.contacts, c)
		case "location_id":
			o.loc.contacts = append(o.loc.contacts, c)
		case "organization_id":
			o.org.contacts = append(o.org.contacts, c)
		default:
			b.fail(r, "organization_id", "names no organization, service or location of the package; the contact was left out")
		}
	}
}

// buildExtras places the tables kept as JSON: funding, accessibility, organization identifiers.
func (b *builder) buildExtras() {
	for _, r := range b.rows["funding"] {
		o, col := b.ownerOf(r, []string{"service_id", "organization_id"}, false)
		switch col {
		case "service_id":
			o.svc.funding = append(o.svc.funding, r.obj())
		case "organization_id":
			o.org.funding = append(o.org.funding, r.obj())
		default:
			b.fail(r, "organization_id", "names no organization or service of the package; the funding was left out")
		}
	}
	for _, r := range b.rows["accessibility"] {
		if n := b.locs[r.get("location_id")]; n != nil {
			n.access = append(n.access, r.obj())
		} else {
			b.fail(r, "location_id", "names no location in locations.csv; the accessibility was left out")
		}
	}
	for _, r := range b.rows["organization_identifier"] {
		if n := b.orgs[r.get("organization_id")]; n != nil {
			n.idents = append(n.idents, r.obj())
		} else {
			b.fail(r, "organization_id", "names no organization in organizations.csv; the identifier was left out")
		}
	}
}

func (b *builder) buildAttributes() {
	for _, r := range b.rows["attribute"] {
		t, ok := b.terms[r.get("taxonomy_term_id")]
		if !ok {
			b.fail(r, "taxonomy_term_id", "names no term in taxonomy_terms.csv; the attribute was left out")
			continue
		}
		a := directory.Attribute{ID: r.get("id"), LinkID: r.get("link_id"), TaxonomyTermID: t.ID, LinkType: r.get("link_type"),
			LinkEntity: r.get("link_entity"), Value: r.get("value"), TaxonomyTerm: &t}
		entity := ""
		switch id := a.LinkID; {
		case b.svcs[id] != nil:
			b.svcs[id].s.Attributes, entity = append(b.svcs[id].s.Attributes, a), "service"
		case b.locs[id] != nil:
			b.locs[id].l.Attributes, entity = append(b.locs[id].l.Attributes, a), "location"
		case b.orgs[id] != nil:
			b.orgs[id].o.Attributes, entity = append(b.orgs[id].o.Attributes, a), "organization"
		default:
			b.fail(r, "link_id", "names no service, location or organization of the package; the attribute was left out")
			continue
		}
		b.used[t.ID], b.used[t.TaxonomyID] = true, true
		if a.LinkEntity != "" && a.LinkEntity != entity {
			b.warn(r, "link_entity", "%q is not the kind of what link_id names; it is kept as %q", a.LinkEntity, entity)
		}
	}
}

func (b *builder) buildMetadata() {
	for _, r := range b.rows["metadata"] {
		id := r.get("resource_id")
		switch {
		case b.sals[id] != nil:
			b.sals[id].meta = append(b.sals[id].meta, r.obj())
		case b.svcs[id] != nil:
			b.svcs[id].meta = append(b.svcs[id].meta, r.obj())
		case b.locs[id] != nil:
			b.locs[id].meta = append(b.locs[id].meta, r.obj())
		case b.orgs[id] != nil:
			b.orgs[id].meta = append(b.orgs[id].meta, r.obj())
		default:
			b.fail(r, "resource_id", "names no service, location, organization or service at location of the package; the metadata row was left out")
		}
	}
}

// unusedTerms reports the terms and taxonomies that no attribute kept uses: the directory
// keeps a term with what it describes, so these are not imported.
func (b *builder) unusedTerms() {
	for _, table := range []string{"taxonomy_term", "taxonomy"} {
		for _, r := range b.rows[table] {
			if id := r.get("id"); id != "" && !b.used[id] {
				b.fail(r, "id", "no attribute of the package uses it; the directory keeps a term only with what it describes: not imported")
			}
		}
	}
}
