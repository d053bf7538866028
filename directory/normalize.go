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
	mint := func(id *string, kind string, i int) {
		if *id == "" && s.ID != "" {
			*id = StableID("service", s.ID, kind, strconv.Itoa(i))
		}
	}
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
		for j := range sal.Phones {
			if sal.Phones[j].ID == "" && sal.ID != "" {
				sal.Phones[j].ID = StableID("service_at_location", sal.ID, "phone", strconv.Itoa(j))
			}
			sal.Phones[j].ServiceAtLocationID = sal.ID
		}
		for j := range sal.Schedules {
			if sal.Schedules[j].ID == "" && sal.ID != "" {
				sal.Schedules[j].ID = StableID("service_at_location", sal.ID, "schedule", strconv.Itoa(j))
			}
			sal.Schedules[j].ServiceAtLocationID = sal.ID
		}
	}
}

// NormalizeLocation fills a location's children's parent ids and missing ids.
func NormalizeLocation(l *Location) {
	mint := func(id *string, kind string, i int) {
		if *id == "" && l.ID != "" {
			*id = StableID("location", l.ID, kind, strconv.Itoa(i))
		}
	}
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
	for i := range o.Phones {
		if o.Phones[i].ID == "" && o.ID != "" {
			o.Phones[i].ID = StableID("organization", o.ID, "phone", strconv.Itoa(i))
		}
		o.Phones[i].OrganizationID = o.ID
	}
	for i := range o.Attributes {
		if o.Attributes[i].ID == "" && o.ID != "" {
			o.Attributes[i].ID = StableID("organization", o.ID, "attribute", strconv.Itoa(i))
		}
		normalizeAttribute(&o.Attributes[i], "organization", o.ID)
	}
}

func normalizeAttribute(a *Attribute, entity, id string) {
	a.LinkEntity, a.LinkID = entity, id
	if a.TaxonomyTerm != nil && a.TaxonomyTermID == "" {
		a.TaxonomyTermID = a.TaxonomyTerm.ID
	}
}
