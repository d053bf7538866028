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
	fillChildren("service", s.ID, serviceChildren(s))
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		if sal.Location != nil {
			if sal.LocationID == "" {
				sal.LocationID = sal.Location.ID
			}
			if sal.Location.OrganizationID == "" {
				sal.Location.OrganizationID = s.OrganizationID
			}
			NormalizeLocation(sal.Location)
		}
		fillChildren("service_at_location", sal.ID, salChildren(sal))
	}
}

// NormalizeLocation fills a location's children's parent ids and missing ids.
func NormalizeLocation(l *Location) {
	fillChildren("location", l.ID, locationChildren(l))
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
	fillChildren("organization", o.ID, organizationChildren(o))
}

// fillChildren points each of one parent's children at the parent, and gives a child
// without an id one derived from the parent's kind and id, the child's kind and its place
// among its siblings, so that compiling the same record again gives the same ids. A
// parent without an id mints none.
func fillChildren(parentKind, parentID string, cs []child) {
	for _, c := range cs {
		if *c.id == "" && parentID != "" {
			*c.id = StableID(parentKind, parentID, c.kind, strconv.Itoa(c.i))
		}
		if c.attr != nil {
			normalizeAttribute(c.attr, parentKind, parentID)
		} else {
			*c.parent = parentID
		}
	}
}

func normalizeAttribute(a *Attribute, entity, id string) {
	a.LinkEntity, a.LinkID = entity, id
	if a.TaxonomyTerm != nil && a.TaxonomyTermID == "" {
		a.TaxonomyTermID = a.TaxonomyTerm.ID
	}
}
