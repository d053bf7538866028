package store

// The records the writer writes: a service with everything it embeds, a service at a
// location, a location, an organization and attributes. write.go holds the writer itself.

import (
	"encoding/json"
	"fmt"

	"handoff/directory"
)

// service writes a compiled service with its organization, locations and children, and
// reports whether it was new. Children of an existing service are replaced, not merged:
// the record is the whole truth about the service. path is the service's place in the
// record written ("" or "services[2]."), for the fields of errors.
func (w *writer) service(s *directory.Service, path string) (created bool, err error) {
	if s.Organization != nil {
		if err := w.organization(s.Organization, false, path+"organization."); err != nil {
			return false, err
		}
	} else if s.OrganizationID != "" {
		ok, err := w.exists("organizations", s.OrganizationID)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, directory.FieldErrors{{Field: path + "organization_id", Message: "no organization with this id"}}
		}
	}
	existed, err := w.exists("services", s.ID)
	if err != nil {
		return false, err
	}
	if existed {
		if err := w.ensureBefore("services", s.ID); err != nil {
			return false, err
		}
	}
	if err := w.upsert(tServices, s, extraOfService(s), w.now); err != nil {
		return false, err
	}
	if err := w.assuredFromChecks(s.ID); err != nil {
		return false, err
	}
	w.markKnown("services", s.ID, true)
	var linked []string
	if existed {
		if w.track {
			if linked, err = w.locationsLinked(s.ID); err != nil {
				return false, err
			}
		}
		if err := w.deleteChildren("service", s.ID); err != nil {
			return false, err
		}
	}
	for i := range s.Phones {
		p := &s.Phones[i]
		if err := w.child(childOf("service", "phones"), s.ID, p, path, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return false, err
		}
	}
	for i := range s.Schedules {
		if err := w.child(childOf("service", "schedules"), s.ID, &s.Schedules[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.ServiceAreas {
		if err := w.child(childOf("service", "service_areas"), s.ID, &s.ServiceAreas[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.Languages {
		if err := w.child(childOf("service", "languages"), s.ID, &s.Languages[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.CostOptions {
		if err := w.child(childOf("service", "cost_options"), s.ID, &s.CostOptions[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.Capacities {
		c := &s.Capacities[i]
		if err := w.child(childOf("service", "capacities"), s.ID, c, path, i, encodeExtra(capacityExtra{c.Unit, c.Source, c.TTLHours}), i); err != nil {
			return false, err
		}
	}
	if err := w.attributes(childOf("service", "attributes"), s.ID, s.Attributes, path); err != nil {
		return false, err
	}
	for i := range s.ServiceAtLocations {
		if err := w.serviceAtLocation(s.ID, &s.ServiceAtLocations[i], path, i); err != nil {
			return false, err
		}
	}
	if w.track {
		w.noteLinks(s, linked)
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return !existed, w.change("service", s.ID, op)
}

// serviceAtLocation writes the path.service_at_locations[pos] of the service serviceID.
func (w *writer) serviceAtLocation(serviceID string, sal *directory.ServiceAtLocation, path string, pos int) error {
	at := fmt.Sprintf("%sservice_at_locations[%d].", path, pos)
	if sal.Location != nil {
		if err := w.location(sal.Location, at+"location."); err != nil {
			return err
		}
	} else {
		ok, err := w.exists("locations", sal.LocationID)
		if err != nil {
			return err
		}
		if !ok {
			return directory.FieldErrors{{Field: path + "service_at_locations.location_id", Message: "no location with this id"}}
		}
	}
	if err := w.child(childOf("service", "service_at_locations"), serviceID, sal, path, pos, encodeExtra(salExtra{sal.Contacts, sal.Metadata}), pos); err != nil {
		return err
	}
	for i := range sal.Phones {
		p := &sal.Phones[i]
		if err := w.child(childOf("service_at_location", "phones"), sal.ID, p, at, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return err
		}
	}
	for i := range sal.Schedules {
		if err := w.child(childOf("service_at_location", "schedules"), sal.ID, &sal.Schedules[i], at, i, i); err != nil {
			return err
		}
	}
	return nil
}

// location writes a location and replaces its children; path as for service.
func (w *writer) location(l *directory.Location, path string) error {
	existed, err := w.exists("locations", l.ID)
	if err != nil {
		return err
	}
	if existed {
		if err := w.ensureBefore("locations", l.ID); err != nil {
			return err
		}
	}
	if err := w.upsert(tLocations, l, extraOfLocation(l), w.now); err != nil {
		return err
	}
	w.markKnown("locations", l.ID, true)
	if existed {
		if err := w.deleteChildren("location", l.ID); err != nil {
			return err
		}
	}
	for i := range l.Addresses {
		if err := w.child(childOf("location", "addresses"), l.ID, &l.Addresses[i], path, i, i); err != nil {
			return err
		}
	}
	for i := range l.Phones {
		p := &l.Phones[i]
		if err := w.child(childOf("location", "phones"), l.ID, p, path, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return err
		}
	}
	for i := range l.Schedules {
		if err := w.child(childOf("location", "schedules"), l.ID, &l.Schedules[i], path, i, i); err != nil {
			return err
		}
	}
	for i := range l.Languages {
		if err := w.child(childOf("location", "languages"), l.ID, &l.Languages[i], path, i, i); err != nil {
			return err
		}
	}
	if err := w.attributes(childOf("location", "attributes"), l.ID, l.Attributes, path); err != nil {
		return err
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return w.change("location", l.ID, op)
}

// organization writes an organization. With replace, its phones and attributes are
// replaced by the record's; an organization embedded in a service only updates its columns
// and adds what it carries, since a service record is not the whole truth about it.
func (w *writer) organization(o *directory.Organization, replace bool, path string) error {
	var sum string
	if !replace {
		b, _ := json.Marshal(o)
		sum = string(b)
		if w.orgs[o.ID] == sum {
			return nil // the same organization, already written by this import
		}
	}
	existed, err := w.exists("organizations", o.ID)
	if err != nil {
		return err
	}
	if existed {
		if err := w.ensureBefore("organizations", o.ID); err != nil {
			return err
		}
	}
	if err := w.upsert(tOrganizations, o, extraOfOrganization(o), w.now); err != nil {
		return err
	}
	w.markKnown("organizations", o.ID, true)
	if sum != "" {
		w.orgs[o.ID] = sum
	}
	if existed && replace {
		if err := w.deleteChildren("organization", o.ID); err != nil {
			return err
		}
	}
	for i := range o.Phones {
		p := &o.Phones[i]
		if err := w.child(childOf("organization", "phones"), o.ID, p, path, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return err
		}
	}
	if err := w.attributes(childOf("organization", "attributes"), o.ID, o.Attributes, path); err != nil {
		return err
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return w.change("organization", o.ID, op)
}

// attributes writes the attributes of the parent parentID (c is its attribute table),
// with the taxonomy terms they embed.
func (w *writer) attributes(c *childTable, parentID string, attrs []directory.Attribute, path string) error {
	for i := range attrs {
		a := &attrs[i]
		if t := a.TaxonomyTerm; t != nil && !w.terms[t.ID] {
			if d := t.TaxonomyDetail; d != nil {
				if err := w.upsert(tTaxonomies, d); err != nil {
					return err
				}
				if t.TaxonomyID == "" {
					t.TaxonomyID = d.ID
				}
			}
			if err := w.upsert(tTerms, t); err != nil {
				return err
			}
			w.terms[t.ID] = true
		} else if t == nil && !w.terms[a.TaxonomyTermID] {
			ok, err := w.exists("taxonomy_terms", a.TaxonomyTermID)
			if err != nil {
				return err
			}
			if !ok {
				return directory.FieldErrors{{Field: path + "attributes.taxonomy_term_id", Message: "no taxonomy term with this id"}}
			}
			w.terms[a.TaxonomyTermID] = true
		}
		if err := w.child(c, parentID, a, path, i, i); err != nil {
			return err
		}
	}
	return nil
}
