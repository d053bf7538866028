package directory

import "strconv"

// NormalizeService fills what a compiled service implies but may leave out: each child's
// parent id, the organization id, and stable ids (derived from the parent's) for children
// that came without one. It runs before validation, so a missing child id is minted but a
// malformed one is still reported.
func NormalizeService(s *Service) {
	if s.Organization != nil && s.OrganizationID == "" {
		s.OrganizationID = s.Organization.ID
	}
	if s.Organization != nil {
		normalizeOrgChildren(s.Organization)
	}
	mint := minter{"service", s.ID}.mint
	for i := range s.Phones {
		mint(&s.Phones[i].ID, "phone", i)
		s.Phones[i].ServiceID = s.ID
	}
	for i := range s.Schedules {
		mint(&s.Schedules[i].ID, "schedule", i)
		s.Schedules[i].ServiceID = s.ID
	}
	for i := range s.ServiceAreas {
		mint(&s.ServiceAreas[i].ID, "service_area", i)
		s.ServiceAreas[i].ServiceID = s.ID
	}
	for i := range s.Languages {
		mint(&s.Languages[i].ID, "language", i)
		s.Languages[i].ServiceID = s.ID
	}
	for i := range s.CostOptions {
		mint(&s.CostOptions[i].ID, "cost_option", i)
		s.CostOptions[i].ServiceID = s.ID
	}
	for i := range s.Capacities {
		mint(&s.Capacities[i].ID, "capacity", i)
		s.Capacities[i].ServiceID = s.ID
	}
	for i := range s.Attributes {
		mint(&s.Attributes[i].ID, "attribute", i)
		normalizeAttribute(&s.Attributes[i], "service", s.ID)
	}
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		mint(&sal.ID, "service_at_location", i)
		sal.ServiceID = s.ID
		if sal.Location != nil {
			if sal.LocationID == "" {
				sal.LocationID = sal.Location.ID
			}
			if sal.Location.OrganizationID == "" {
				sal.Location.OrganizationID = s.OrganizationID
			}
			NormalizeLocation(sal.Location)
		}
		mintSAL := minter{"service_at_location", sal.ID}.mint
		for j := range sal.Phones {
			mintSAL(&sal.Phones[j].ID, "phone", j)
			sal.Phones[j].ServiceAtLocationID = sal.ID
		}
		for j := range sal.Schedules {
			mintSAL(&sal.Schedules[j].ID, "schedule", j)
			sal.Schedules[j].ServiceAtLocationID = sal.ID
		}
	}
}

// NormalizeLocation fills a location's children's parent ids and missing ids.
func NormalizeLocation(l *Location) {
	mint := minter{"location", l.ID}.mint
	for i := range l.Addresses {
		mint(&l.Addresses[i].ID, "address", i)
		l.Addresses[i].LocationID = l.ID
	}
	for i := range l.Phones {
		mint(&l.Phones[i].ID, "phone", i)
		l.Phones[i].LocationID = l.ID
	}
	for i := range l.Schedules {
		mint(&l.Schedules[i].ID, "schedule", i)
		l.Schedules[i].LocationID = l.ID
	}
	for i := range l.Languages {
		mint(&l.Languages[i].ID, "language", i)
		l.Languages[i].LocationID = l.ID
	}
	for i := range l.Attributes {
		mint(&l.Attributes[i].ID, "attribute", i)
		normalizeAttribute(&l.Attributes[i], "location", l.ID)
	}
}

// NormalizeOrganization fills a compiled organization's children, including its services,
// which inherit the organization.
func NormalizeOrganization(o *Organization) {
	normalizeOrgChildren(o)
	for i := range o.Locations {
		if o.Locations[i].OrganizationID == "" {
			o.Locations[i].OrganizationID = o.ID
		}
		NormalizeLocation(&o.Locations[i])
	}
	for i := range o.Services {
		s := &o.Services[i]
		if s.OrganizationID == "" {
			s.OrganizationID = o.ID
		}
		NormalizeService(s)
	}
}

func normalizeOrgChildren(o *Organization) {
	mint := minter{"organization", o.ID}.mint
	for i := range o.Phones {
		mint(&o.Phones[i].ID, "phone", i)
		o.Phones[i].OrganizationID = o.ID
	}
	for i := range o.Attributes {
		mint(&o.Attributes[i].ID, "attribute", i)
		normalizeAttribute(&o.Attributes[i], "organization", o.ID)
	}
}

func normalizeAttribute(a *Attribute, entity, id string) {
	a.LinkEntity, a.LinkID = entity, id
	if a.TaxonomyTerm != nil && a.TaxonomyTermID == "" {
		a.TaxonomyTermID = a.TaxonomyTerm.ID
	}
}

// minter fills the missing ids of one parent's children. An id is derived from the
// parent's kind and id, the child's kind and its place among its siblings, so that
// compiling the same record again gives the same ids; a parent without an id mints none.
type minter struct{ kind, id string }

// mint fills *id, when it is empty, with the id of the i-th child of this kind.
func (m minter) mint(id *string, kind string, i int) {
	if *id == "" && m.id != "" {
		*id = StableID(m.kind, m.id, kind, strconv.Itoa(i))
	}
}
