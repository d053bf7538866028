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

// own records that the parent has these children, those of them that have an id.
func (u *childIDs) own(parentKind, parentID string, cs []child) {
	for _, c := range cs {
		if *c.id != "" {
			u.claims = append(u.claims, claim{c.kind, c.id, parentKind, parentID})
		}
	}
}

func (u *childIDs) service(s *Service) {
	if o := s.Organization; o != nil {
		u.organization(o)
	}
	u.own("service", s.ID, serviceChildren(s))
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		if sal.Location != nil {
			u.location(sal.Location)
		}
		u.own("service_at_location", sal.ID, salChildren(sal))
	}
}

func (u *childIDs) location(l *Location) {
	u.own("location", l.ID, locationChildren(l))
}

func (u *childIDs) organization(o *Organization) {
	u.own("organization", o.ID, organizationChildren(o))
}
