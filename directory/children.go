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

// serviceChildren is a service's own children, its services at locations last (not
// their locations' or their own children, nor its organization's).
func serviceChildren(s *Service) []child {
	var cs []child
	for i := range s.Phones {
		cs = append(cs, child{kind: "phone", i: i, id: &s.Phones[i].ID, parent: &s.Phones[i].ServiceID})
	}
	for i := range s.Schedules {
		cs = append(cs, child{kind: "schedule", i: i, id: &s.Schedules[i].ID, parent: &s.Schedules[i].ServiceID})
	}
	for i := range s.ServiceAreas {
		cs = append(cs, child{kind: "service_area", i: i, id: &s.ServiceAreas[i].ID, parent: &s.ServiceAreas[i].ServiceID})
	}
	for i := range s.Languages {
		cs = append(cs, child{kind: "language", i: i, id: &s.Languages[i].ID, parent: &s.Languages[i].ServiceID})
	}
	for i := range s.CostOptions {
		cs = append(cs, child{kind: "cost_option", i: i, id: &s.CostOptions[i].ID, parent: &s.CostOptions[i].ServiceID})
	}
	for i := range s.Capacities {
		cs = append(cs, child{kind: "capacity", i: i, id: &s.Capacities[i].ID, parent: &s.Capacities[i].ServiceID})
	}
	for i := range s.Attributes {
		cs = append(cs, child{kind: "attribute", i: i, id: &s.Attributes[i].ID, attr: &s.Attributes[i]})
	}
	for i := range s.ServiceAtLocations {
		sal := &s.ServiceAtLocations[i]
		cs = append(cs, child{kind: "service_at_location", i: i, id: &sal.ID, parent: &sal.ServiceID})
	}
	return cs
}

// locationChildren is a location's children.
func locationChildren(l *Location) []child {
	var cs []child
	for i := range l.Addresses {
		cs = append(cs, child{kind: "address", i: i, id: &l.Addresses[i].ID, parent: &l.Addresses[i].LocationID})
	}
	for i := range l.Phones {
		cs = append(cs, child{kind: "phone", i: i, id: &l.Phones[i].ID, parent: &l.Phones[i].LocationID})
	}
	for i := range l.Schedules {
		cs = append(cs, child{kind: "schedule", i: i, id: &l.Schedules[i].ID, parent: &l.Schedules[i].LocationID})
	}
	for i := range l.Languages {
		cs = append(cs, child{kind: "language", i: i, id: &l.Languages[i].ID, parent: &l.Languages[i].LocationID})
	}
	for i := range l.Attributes {
		cs = append(cs, child{kind: "attribute", i: i, id: &l.Attributes[i].ID, attr: &l.Attributes[i]})
	}
	return cs
}

// organizationChildren is an organization's children other than its locations and
// services, which are records of their own.
func organizationChildren(o *Organization) []child {
	var cs []child
	for i := range o.Phones {
		cs = append(cs, child{kind: "phone", i: i, id: &o.Phones[i].ID, parent: &o.Phones[i].OrganizationID})
	}
	for i := range o.Attributes {
		cs = append(cs, child{kind: "attribute", i: i, id: &o.Attributes[i].ID, attr: &o.Attributes[i]})
	}
	return cs
}

// salChildren is a service at location's own children (not its location's).
func salChildren(sal *ServiceAtLocation) []child {
	var cs []child
	for i := range sal.Phones {
		cs = append(cs, child{kind: "phone", i: i, id: &sal.Phones[i].ID, parent: &sal.Phones[i].ServiceAtLocationID})
	}
	for i := range sal.Schedules {
		cs = append(cs, child{kind: "schedule", i: i, id: &sal.Schedules[i].ID, parent: &sal.Schedules[i].ServiceAtLocationID})
	}
	return cs
}
