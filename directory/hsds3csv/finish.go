package hsds3csv

import (
	"encoding/json"

	"handoff/directory"
	"handoff/directory/csvimport"
)

// raw encodes a list as a JSON member, nil when empty so that the member is left out.
func raw[T any](list []T) json.RawMessage {
	if len(list) == 0 {
		return nil
	}
	b, err := json.Marshal(list)
	if err != nil {
		panic("hsds3csv: " + err.Error()) // objects of strings and phones always encode
	}
	return b
}

// finish attaches the JSON members, compiles each service with its organization and
// locations, and makes a record of each organization that no service names.
func (b *builder) finish() {
	for _, n := range b.orgs {
		o := n.o
		o.Programs, o.OrganizationIdentifiers, o.Funding, o.Contacts, o.Metadata =
			raw(n.programs), raw(n.idents), raw(n.funding), raw(n.contacts), raw(n.meta)
	}
	for _, n := range b.locs {
		n.l.Accessibility, n.l.Contacts, n.l.Metadata = raw(n.access), raw(n.contacts), raw(n.meta)
	}
	for _, n := range b.svcOrder {
		s := n.s
		s.Funding, s.RequiredDocuments, s.Contacts, s.Metadata = raw(n.funding), raw(n.docs), raw(n.contacts), raw(n.meta)
		if n.program != nil {
			s.Program, _ = json.Marshal(n.program)
		}
		if n.org != nil {
			s.Organization = n.org.o
		}
		for _, sn := range n.sals {
			sal := *sn.sal
			sal.Contacts, sal.Metadata = raw(sn.contacts), raw(sn.meta)
			sal.Location = sn.loc.l
			s.ServiceAtLocations = append(s.ServiceAtLocations, sal)
		}
		directory.NormalizeService(s)
		chk := directory.ValidateService(s)
		chk.Errors = append(append(directory.FieldErrors{}, n.errs...), chk.Errors...)
		b.items = append(b.items, b.item(n.row, directory.Record{Line: n.row.line, Service: s}, chk))
	}
	b.organizationRecords()
}

// organizationRecords makes a record of each organization no service names, with the
// locations of it where no service is delivered; a location of neither is left out.
func (b *builder) organizationRecords() {
	locs := map[string][]directory.Location{}
	for _, r := range b.rows["location"] {
		n := b.locs[r.get("id")]
		if n == nil || n.linked || n.row.line != r.line {
			continue
		}
		if o := b.orgs[n.l.OrganizationID]; o != nil {
			locs[o.o.ID] = append(locs[o.o.ID], *n.l)
			continue
		}
		b.fail(r, "organization_id", "no service is delivered at the location and its organization is not in organizations.csv; the location was left out")
	}
	for _, r := range b.rows["organization"] {
		n := b.orgs[r.get("id")]
		if n == nil || n.row.line != r.line || (n.named && len(locs[n.o.ID]) == 0) {
			continue
		}
		// An organization that services name is written again, whole, with its locations
		// where no service is delivered; the copy leaves the services' embedded one as it is.
		o := *n.o
		o.Locations = locs[o.ID]
		directory.NormalizeOrganization(&o)
		b.items = append(b.items, b.item(n.row, directory.Record{Line: r.line, Organization: &o}, directory.ValidateOrganization(&o)))
	}
}

func (b *builder) item(r row, rec directory.Record, chk directory.Checked) Item {
	it := Item{Record: rec, File: r.file}
	if len(chk.Errors) > 0 {
		it.Err = &directory.RecordError{Line: r.line, ID: r.get("id"), Fields: chk.Errors}
	}
	for _, w := range chk.Warnings {
		it.Warnings = append(it.Warnings, csvimport.Problem{File: r.file, Line: r.line, ID: r.get("id"), Field: w.Field, Msg: w.Message})
	}
	return it
}
