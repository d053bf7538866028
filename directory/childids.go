package directory

// childIDs tells apart, within one record, the children of different parents that carry
// the same id. A child row belongs to one parent and an id names one row, so the store
// refuses a record whose child id is another parent's. HSDS files repeat ids freely,
// though: the HSDS 3.0 examples give the service, its organization, its location and its
// service-at-location one and the same phone. Read from a file, the id stays with one
// parent, and every other parent's child gets an id derived from its parent and the id
// it had, so that importing the file again updates the same rows.
type childIDs struct {
	claims []claim
}

// claim is one child's id and its parent.
type claim struct {
	kind               string
	id                 *string
	parentKind, parent string
}

// keeperRank orders the parents that may keep a repeated id: the most general first, so
// that the same parent keeps it whether the file holds the service with its organization
// or the organization with its services and locations (the HSDS examples do both).
var keeperRank = map[string]int{"organization": 0, "service": 1, "service_at_location": 2, "location": 3}

// uniqueChildIDs gives the children of rec that repeat another parent's id their own ids.
func uniqueChildIDs(rec *Record) {
	var u childIDs
	switch {
	case rec.Service != nil:
		u.service(rec.Service)
	case rec.Organization != nil:
		o := rec.Organization
		u.organization(o)
		for i := range o.Locations {
			u.location(&o.Locations[i])
		}
		for i := range o.Services {
			u.service(&o.Services[i])
		}
	}
	type key struct{ kind, id string }
	keeper := make(map[key]claim, len(u.claims)) // the parent that keeps each id
	for _, c := range u.claims {
		k := key{c.kind, *c.id}
		if had, ok := keeper[k]; !ok || keeperRank[c.parentKind] < keeperRank[had.parentKind] {
			keeper[k] = c
		}
	}
	if len(keeper) == len(u.claims) {
		return // no id repeats: the common case
	}
	for _, c := range u.claims {
		if k := keeper[key{c.kind, *c.id}]; k.parentKind != c.parentKind || k.parent != c.parent {
			*c.id = StableID(c.parentKind, c.parent, c.kind, *c.id)
		}
	}
}

// own records that the parent has a child of this kind with the id at *id.
func (u *childIDs) own(kind string, id *string, parentKind, parentID string) {
	if *id != "" {
		u.claims = append(u.claims, claim{kind, id, parentKind, parentID})
	}
}

func (u *childIDs) service(s *Service) {
	if o := s.Organization; o != nil {
		u.organization(o)
	}
	for i := range s.Phones {
		u.own("phone", &s.Phones[i].ID, "service", s.ID)
	}
	for i := range s.Schedules {
		u.own("schedule", &s.Schedules[i].ID, "service", s.ID)
	}
	for i := range s.ServiceAreas {
		u.own("service_area", &s.ServiceAreas[i].ID, "service", s.ID)
	}
	for i := range s.Languages {
		u.own("language", &s.Languages[i].ID, "service", s.ID)
	}
	for i := range s.CostOptions {
		u.own("cost_option", &s.CostOptions[i].ID, "service", s.ID)
	}
	for i := range s.Capacities {
		u.own("capacity", &s.Capacities[i].ID, "service", s.ID)
	}
	for i := range s.Attributes {
		u.own("attribute", &s.Attributes[i].ID, "service", s.ID)
	}
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		u.own("service_at_location", &sal.ID, "service", s.ID)
		if sal.Location != nil {
			u.location(sal.Location)
		}
		for j := range sal.Phones {
			u.own("phone", &sal.Phones[j].ID, "service_at_location", sal.ID)
		}
		for j := range sal.Schedules {
			u.own("schedule", &sal.Schedules[j].ID, "service_at_location", sal.ID)
		}
	}
}

func (u *childIDs) location(l *Location) {
	for i := range l.Addresses {
		u.own("address", &l.Addresses[i].ID, "location", l.ID)
	}
	for i := range l.Phones {
		u.own("phone", &l.Phones[i].ID, "location", l.ID)
	}
	for i := range l.Schedules {
		u.own("schedule", &l.Schedules[i].ID, "location", l.ID)
	}
	for i := range l.Languages {
		u.own("language", &l.Languages[i].ID, "location", l.ID)
	}
	for i := range l.Attributes {
		u.own("attribute", &l.Attributes[i].ID, "location", l.ID)
	}
}

func (u *childIDs) organization(o *Organization) {
	for i := range o.Phones {
		u.own("phone", &o.Phones[i].ID, "organization", o.ID)
	}
	for i := range o.Attributes {
		u.own("attribute", &o.Attributes[i].ID, "organization", o.ID)
	}
}
