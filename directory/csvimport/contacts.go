package csvimport

// contactNode is a contact of the package. Contacts name real staff: they are imported as
// the source publishes them, as part of the directory, and nowhere else.
type contactNode struct {
	row row
	c   contactJSON
	ok  bool
}

// owner is the most specific thing a row of a child table (contact, phone, schedule)
// belongs to; HSDS 3.0 gives each such row exactly one.
type owner struct {
	org  *orgNode
	loc  *locNode
	svc  *svcNode
	sal  *salNode
	cont *contactNode
}

// ownerOf resolves the first non-empty of the given reference columns. ok is false when
// the row must be left out: no reference, one to nothing (a problem), or one to a
// rejected row (already reported).
func (b *builder) ownerOf(r row, cols ...string) (owner, bool) {
	for _, col := range cols {
		src := r.get(col)
		if src == "" {
			continue
		}
		var o owner
		found, ok := false, false
		file := ""
		switch col {
		case "contact_id":
			o.cont = b.contacts[src]
			found, ok, file = o.cont != nil, o.cont != nil && o.cont.ok, fileOf(b, "contact", "contacts.csv")
		case "service_at_location_id":
			o.sal = b.sals[src]
			found, ok, file = o.sal != nil, o.sal != nil, fileOf(b, "service_at_location", "services_at_location.csv")
		case "service_id":
			o.svc = b.svcs[src]
			found, ok, file = o.svc != nil, o.svc != nil, fileOf(b, "service", "services.csv")
		case "location_id":
			o.loc = b.locs[src]
			found, ok, file = o.loc != nil, o.loc != nil && o.loc.loc != nil, fileOf(b, "location", "locations.csv")
		case "organization_id":
			o.org = b.orgs[src]
			found, ok, file = o.org != nil, o.org != nil && o.org.org != nil, fileOf(b, "organization", "organizations.csv")
		}
		if !found {
			b.probs.fail(r, col, "%s", missing(what(col), src, file))
		}
		return o, ok
	}
	b.probs.fail(r, cols[0], "the row names none of %s", joinComma(cols...))
	return owner{}, false
}

func what(col string) string {
	switch col {
	case "contact_id":
		return "contact"
	case "service_at_location_id":
		return "service at location"
	case "service_id":
		return "service"
	case "location_id":
		return "location"
	}
	return "organization"
}

func (b *builder) buildContacts() {
	b.unique("contact", func(r row, src string) {
		n := &contactNode{row: r}
		b.contacts[src] = n
		o, ok := b.ownerOf(r, "service_at_location_id", "service_id", "location_id", "organization_id")
		if !ok {
			return
		}
		n.c = contactJSON{ID: b.id("contact", src), Name: r.get("name"), Title: r.get("title"),
			Department: r.get("department"), Email: b.email(r, "email")}
		switch {
		case o.sal != nil:
			n.c.ServiceAtLocationID = o.sal.sal.ID
			o.sal.contacts = append(o.sal.contacts, n)
		case o.svc != nil:
			n.c.ServiceID = o.svc.svc.ID
			o.svc.contacts = append(o.svc.contacts, n)
		case o.loc != nil:
			n.c.LocationID = o.loc.loc.ID
			o.loc.contacts = append(o.loc.contacts, n)
		case o.org != nil:
			n.c.OrganizationID = o.org.org.ID
			o.org.contacts = append(o.org.contacts, n)
		}
		n.ok = true
	})
}
