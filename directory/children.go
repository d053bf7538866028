package directory

// child is one child row of a directory record, as the walks that fill in and tell apart
// child ids see it (NormalizeService, uniqueChildIDs): its kind, its place among its
// parent's children of that kind, its id, and the column that names its parent. An
// attribute names its parent by entity and id instead, and is given as attr.
type child struct {
	kind   string
	i      int
	id     *string
	parent *string
	attr   *Attribute
}

// The lists below are the one place that says which children a service, a location, an
// organization and a service at location have, in the order the walks take them.

// kids appends one child per element of xs, of the given kind; ref points at the element's
// id and at the column that names its parent (nil for attributes, which name it by entity).
func kids[T any](cs []child, kind string, xs []T, ref func(*T) (id, parent *string)) []child {
	for i := range xs {
		id, parent := ref(&xs[i])
		cs = append(cs, child{kind: kind, i: i, id: id, parent: parent})
	}
	return cs
}

// attrs appends one child per attribute: an attribute names its parent by entity and id.
func attrs(cs []child, as []Attribute) []child {
	for i := range as {
		cs = append(cs, child{kind: "attribute", i: i, id: &as[i].ID, attr: &as[i]})
	}
	return cs
}

// serviceChildren is a service's own children, its services at locations last (not
// their locations' or their own children, nor its organization's).
func serviceChildren(s *Service) []child {
	var cs []child
	cs = kids(cs, "phone", s.Phones, func(x *Phone) (*string, *string) { return &x.ID, &x.ServiceID })
	cs = kids(cs, "schedule", s.Schedules, func(x *Schedule) (*string, *string) { return &x.ID, &x.ServiceID })
	cs = kids(cs, "service_area", s.ServiceAreas, func(x *ServiceArea) (*string, *string) { return &x.ID, &x.ServiceID })
	cs = kids(cs, "language", s.Languages, func(x *Language) (*string, *string) { return &x.ID, &x.ServiceID })
	cs = kids(cs, "cost_option", s.CostOptions, func(x *CostOption) (*string, *string) { return &x.ID, &x.ServiceID })
	cs = kids(cs, "capacity", s.Capacities, func(x *Capacity) (*string, *string) { return &x.ID, &x.ServiceID })
	cs = attrs(cs, s.Attributes)
	return kids(cs, "service_at_location", s.ServiceAtLocations, func(x *ServiceAtLocation) (*string, *string) { return &x.ID, &x.ServiceID })
}

// locationChildren is a location's children.
func locationChildren(l *Location) []child {
	var cs []child
	cs = kids(cs, "address", l.Addresses, func(x *Address) (*string, *string) { return &x.ID, &x.LocationID })
	cs = kids(cs, "phone", l.Phones, func(x *Phone) (*string, *string) { return &x.ID, &x.LocationID })
	cs = kids(cs, "schedule", l.Schedules, func(x *Schedule) (*string, *string) { return &x.ID, &x.LocationID })
	cs = kids(cs, "language", l.Languages, func(x *Language) (*string, *string) { return &x.ID, &x.LocationID })
	return attrs(cs, l.Attributes)
}

// organizationChildren is an organization's children other than its locations and
// services, which are records of their own.
func organizationChildren(o *Organization) []child {
	cs := kids(nil, "phone", o.Phones, func(x *Phone) (*string, *string) { return &x.ID, &x.OrganizationID })
	return attrs(cs, o.Attributes)
}

// salChildren is a service at location's own children (not its location's).
func salChildren(sal *ServiceAtLocation) []child {
	cs := kids(nil, "phone", sal.Phones, func(x *Phone) (*string, *string) { return &x.ID, &x.ServiceAtLocationID })
	return kids(cs, "schedule", sal.Schedules, func(x *Schedule) (*string, *string) { return &x.ID, &x.ServiceAtLocationID })
}
