package hsds3csv

// The rows a record keeps beside its own: languages, phones, schedules, contacts, the rows
// kept whole as JSON, attributes and metadata, each placed under the one owner it names.

import (
	"encoding/json"
	"fmt"
	"strings"

	"handoff/directory"
	"handoff/directory/csvimport"
)

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
