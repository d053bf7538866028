package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// childIDsOfB are the ids of organization B's children, one of every kind, and of one
// child of organization A's location (another parent of the same organization).
type childIDsOfB struct {
	svc, loc                                                           string // B's rich service and location
	phone, schedule, area, language, cost, capacity, attribute, sal    string // of B's service
	salPhone, salSchedule                                              string // of B's service-at-location
	address, locPhone, locSchedule, locLanguage, locAttribute, contact string // of B's location (contact: of its service)
	orgPhone, orgAttribute                                             string // of organization B
	phoneOfLocA                                                        string // of A's own location
}

// addChildrenOfB writes a service and a location of organization B with a child of every
// kind, phones and attributes of B itself, and a phone of A's location.
func (f *accFixture) addChildrenOfB() childIDsOfB {
	f.t.Helper()
	n := directory.NewID
	ids := childIDsOfB{svc: n(), loc: n(), phone: n(), schedule: n(), area: n(), language: n(), cost: n(), capacity: n(),
		attribute: n(), sal: n(), salPhone: n(), salSchedule: n(), address: n(), locPhone: n(), locSchedule: n(),
		locLanguage: n(), locAttribute: n(), contact: n(), orgPhone: n(), orgAttribute: n(), phoneOfLocA: n()}
	food := directory.TermID("handoff:need", "food")
	zero, five := 0.0, 5.0
	weekly := directory.Schedule{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "17:00"}
	sched := func(id string) directory.Schedule { s := weekly; s.ID = id; return s }
	lat, lon := 42.2, -72.6
	f.writeService(directory.Service{
		ID: ids.svc, OrganizationID: f.orgB, Name: "B shelter", Status: "active",
		Phones:       []directory.Phone{{ID: ids.phone, Number: "413-555-0200"}},
		Schedules:    []directory.Schedule{sched(ids.schedule)},
		ServiceAreas: []directory.ServiceArea{{ID: ids.area, Name: "Hampden County"}},
		Languages:    []directory.Language{{ID: ids.language, Name: "Spanish", Code: "es"}},
		CostOptions:  []directory.CostOption{{ID: ids.cost, Option: "Free", Amount: &zero}},
		Capacities:   []directory.Capacity{{ID: ids.capacity, Available: &zero, Maximum: &five, Updated: "2026-11-30T12:00:00Z"}},
		Attributes:   []directory.Attribute{{ID: ids.attribute, TaxonomyTermID: food}},
		Contacts:     json.RawMessage(`[{"id":"` + ids.contact + `","name":"Front desk"}]`),
		ServiceAtLocations: []directory.ServiceAtLocation{{ID: ids.sal,
			Phones:    []directory.Phone{{ID: ids.salPhone, Number: "413-555-0201"}},
			Schedules: []directory.Schedule{sched(ids.salSchedule)},
			Location: &directory.Location{ID: ids.loc, OrganizationID: f.orgB, LocationType: "physical", Name: "B shelter site",
				Latitude: &lat, Longitude: &lon,
				Addresses:  []directory.Address{{ID: ids.address, Address1: "5 Oak St", City: "Springfield", StateProvince: "MA", PostalCode: "01105", Country: "US"}},
				Phones:     []directory.Phone{{ID: ids.locPhone, Number: "413-555-0202"}},
				Schedules:  []directory.Schedule{sched(ids.locSchedule)},
				Languages:  []directory.Language{{ID: ids.locLanguage, Name: "Portuguese", Code: "pt"}},
				Attributes: []directory.Attribute{{ID: ids.locAttribute, TaxonomyTermID: food}},
			}}},
	})
	ctx := context.Background()
	orgB, err := f.st.Organization(ctx, f.orgB, false)
	if err != nil {
		f.t.Fatal(err)
	}
	orgB.Phones = []directory.Phone{{ID: ids.orgPhone, Number: "413-555-0203"}}
	orgB.Attributes = []directory.Attribute{{ID: ids.orgAttribute, TaxonomyTermID: food}}
	directory.NormalizeOrganization(&orgB)
	if _, err := f.st.WriteAll(ctx, []directory.Record{{Line: 1, Organization: &orgB}}); err != nil {
		f.t.Fatalf("organization B: %v", err)
	}
	locA, err := f.st.Location(ctx, f.locA)
	if err != nil {
		f.t.Fatal(err)
	}
	locA.Phones = []directory.Phone{{ID: ids.phoneOfLocA, Number: "413-555-0101"}}
	directory.NormalizeLocation(&locA)
	if _, err := f.st.WriteLocation(ctx, &locA); err != nil {
		f.t.Fatalf("location A: %v", err)
	}
	return ids
}

// records reads, as the store serves them, every record of both organizations: a refused
// write must leave all of them as they were.
func (f *accFixture) records(ids childIDsOfB) string {
	f.t.Helper()
	ctx := context.Background()
	var out []any
	for _, id := range []string{f.svcA, f.svcB, ids.svc} {
		s, err := f.st.Service(ctx, id)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, s)
	}
	for _, id := range []string{f.locA, f.locB, ids.loc} {
		l, err := f.st.Location(ctx, id)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, l)
	}
	for _, id := range []string{f.orgA, f.orgB} {
		o, err := f.st.Organization(ctx, id, false)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, o)
	}
	b, err := json.MarshalIndent(out, "", " ")
	if err != nil {
		f.t.Fatal(err)
	}
	return string(b)
}

// TestChildIDsOfAnotherRecordAreRefused (issue 11, finding 1): agency A names, as a child
// of its own service, location or organization, a child row of organization B (or of
// another of A's own records), through every directory write route. Each write is
// refused with 422 naming the field, and no record of either organization changes. The
// same children with new ids are created.
func TestChildIDsOfAnotherRecordAreRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		ids := f.addChildrenOfB()
		food := directory.TermID("handoff:need", "food")
		child := map[string]func(id string) map[string]any{
			"phones": func(id string) map[string]any { return map[string]any{"id": id, "number": "(900) 555-6666"} },
			"schedules": func(id string) map[string]any {
				return map[string]any{"id": id, "freq": "WEEKLY", "byday": "SU", "opens_at": "01:00", "closes_at": "02:00"}
			},
			"service_areas": func(id string) map[string]any { return map[string]any{"id": id, "name": "Moved"} },
			"languages":     func(id string) map[string]any { return map[string]any{"id": id, "name": "French", "code": "fr"} },
			"cost_options":  func(id string) map[string]any { return map[string]any{"id": id, "option": "Moved", "amount": 9} },
			"capacities":    func(id string) map[string]any { return map[string]any{"id": id, "available": 99, "maximum": 99} },
			"attributes":    func(id string) map[string]any { return map[string]any{"id": id, "taxonomy_term_id": food} },
			"addresses": func(id string) map[string]any {
				return map[string]any{"id": id, "address_1": "6 Moved St", "city": "Holyoke"}
			},
			"service_at_locations": func(id string) map[string]any { return map[string]any{"id": id, "location_id": f.locA} },
		}
		// A's own location as a service embeds it, so that its children are written too.
		locA := func(list string, c map[string]any) map[string]any {
			return map[string]any{"id": f.locA, "organization_id": f.orgA, "location_type": "physical", "name": "Organization A main site",
				list: []map[string]any{c}}
		}
		type kindCase struct {
			name  string // the child kind, and whose it is
			id    string // the id the write names
			body  func(id string) map[string]any
			field string
		}
		flat := func(name, list, id string) kindCase {
			return kindCase{name, id, func(id string) map[string]any { return map[string]any{list: []map[string]any{child[list](id)}} }, list + "[0].id"}
		}
		inSAL := func(name, list, id string) kindCase {
			return kindCase{name, id, func(id string) map[string]any {
				return map[string]any{"service_at_locations": []map[string]any{{"id": directory.NewID(), "location_id": f.locA, list: []map[string]any{child[list](id)}}}}
			}, "service_at_locations[0]." + list + "[0].id"}
		}
		inLocation := func(name, list, id string) kindCase {
			return kindCase{name, id, func(id string) map[string]any {
				return map[string]any{"service_at_locations": []map[string]any{{"id": directory.NewID(), "location": locA(list, child[list](id))}}}
			}, "service_at_locations[0].location." + list + "[0].id"}
		}
		serviceKinds := []kindCase{
			flat("phone of B's service", "phones", ids.phone),
			flat("schedule of B's service", "schedules", ids.schedule),
			flat("service area of B's service", "service_areas", ids.area),
			flat("language of B's service", "languages", ids.language),
			flat("cost option of B's service", "cost_options", ids.cost),
			flat("capacity of B's service", "capacities", ids.capacity),
			flat("attribute of B's service", "attributes", ids.attribute),
			flat("service-at-location of B's service", "service_at_locations", ids.sal),
			flat("phone of B's location", "phones", ids.locPhone),
			flat("phone of A's own location", "phones", ids.phoneOfLocA),
			inSAL("phone of B's service-at-location", "phones", ids.salPhone),
			inSAL("schedule of B's service-at-location", "schedules", ids.salSchedule),
			inSAL("phone of B's service, in a service-at-location", "phones", ids.phone),
			inLocation("address of B's location", "addresses", ids.address),
			inLocation("phone of B's location", "phones", ids.locPhone),
			inLocation("schedule of B's location", "schedules", ids.locSchedule),
			inLocation("language of B's location", "languages", ids.locLanguage),
			inLocation("attribute of B's location", "attributes", ids.locAttribute),
		}
		locationKinds := []kindCase{
			flat("address of B's location", "addresses", ids.address),
			flat("phone of B's location", "phones", ids.locPhone),
			flat("schedule of B's location", "schedules", ids.locSchedule),
			flat("language of B's location", "languages", ids.locLanguage),
			flat("attribute of B's location", "attributes", ids.locAttribute),
			flat("phone of B's service", "phones", ids.phone),
			flat("schedule of B's service", "schedules", ids.schedule),
			flat("language of B's service", "languages", ids.language),
			flat("attribute of B's service", "attributes", ids.attribute),
		}
		organizationKinds := []kindCase{
			flat("phone of organization B", "phones", ids.orgPhone),
			flat("attribute of organization B", "attributes", ids.orgAttribute),
			flat("phone of B's service", "phones", ids.phone),
			flat("phone of A's own location", "phones", ids.phoneOfLocA),
		}
		type route struct {
			method, path, who string
			base              func() map[string]any // the rest of the body; nil for PATCH
			kinds             []kindCase
		}
		routes := []route{
			{"POST", "/api/v1/services", "agency", func() map[string]any {
				return map[string]any{"id": directory.NewID(), "name": "A new service", "status": "active", "organization_id": f.orgA}
			}, serviceKinds},
			{"PUT", "/api/v1/services/" + f.svcA, "agency", func() map[string]any {
				return map[string]any{"name": "Organization A food pantry", "status": "active", "organization_id": f.orgA}
			}, serviceKinds},
			{"PATCH", "/api/v1/services/" + f.svcA, "agency", nil, serviceKinds},
			{"POST", "/api/v1/locations", "agency", func() map[string]any {
				return map[string]any{"id": directory.NewID(), "location_type": "physical", "name": "A annex"}
			}, locationKinds},
			{"PUT", "/api/v1/locations/" + f.locA, "agency", func() map[string]any {
				return map[string]any{"location_type": "physical", "name": "Organization A main site", "organization_id": f.orgA}
			}, locationKinds},
			{"PATCH", "/api/v1/locations/" + f.locA, "agency", nil, locationKinds},
			// Only an admin creates organizations; the rule is the same for admins.
			{"POST", "/api/v1/organizations", "admin", func() map[string]any {
				return map[string]any{"id": directory.NewID(), "name": "A new organization"}
			}, organizationKinds},
			{"PUT", "/api/v1/organizations/" + f.orgA, "agency", func() map[string]any {
				return map[string]any{"name": "Organization A", "description": "A fixture organization."}
			}, organizationKinds},
			{"PATCH", "/api/v1/organizations/" + f.orgA, "agency", nil, organizationKinds},
		}
		bodyOf := func(r route, k kindCase, id string) map[string]any {
			body := map[string]any{}
			if r.base != nil {
				body = r.base()
			}
			for key, v := range k.body(id) {
				body[key] = v
			}
			return body
		}
		cases := 0
		for _, r := range routes {
			for _, k := range r.kinds {
				cases++
				name := fmt.Sprintf("%s %s: %s", r.method, r.path, k.name)
				before, counts := f.records(ids), f.snapshot()
				res := f.do(accReq{method: r.method, path: r.path, who: r.who, body: bodyOf(r, k, k.id)})
				var p problemBody
				if res.status != 422 || !strings.HasPrefix(res.header.Get("Content-Type"), "application/problem+json") {
					t.Errorf("%s: %d %s, want a 422 problem: %s", name, res.status, res.header.Get("Content-Type"), res.body)
					continue
				}
				res.json(t, &p)
				if !p.names(k.field) {
					t.Errorf("%s: the problem does not name %s: %s", name, k.field, res.body)
				}
				if after := f.records(ids); after != before {
					t.Errorf("%s: a refused write changed records:\nbefore %s\nafter  %s", name, before, after)
				}
				if after := f.snapshot(); !equalCounts(counts, after) {
					t.Errorf("%s: a refused write changed rows:\n%v\n%v", name, counts, after)
				}
			}
		}
		if cases < 50 {
			t.Fatalf("only %d cases", cases)
		}
		// The refusals are audited as such, naming the record written.
		var refused int
		if err := st.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE allowed = $1 AND detail LIKE 'foreign %'`, false).Scan(&refused); err != nil {
			t.Fatal(err)
		}
		if refused != cases {
			t.Errorf("%d refusals audited, want %d", refused, cases)
		}

		// Contacts are kept inside their record (HSDS members Handoff stores as they
		// came), not as rows of their own: B's contact id in A's service reaches nothing
		// of B's.
		before := f.records(ids)
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency", body: map[string]any{
			"contacts": []map[string]any{{"id": ids.contact, "name": "Moved"}}}})
		var b, a []map[string]any
		json.Unmarshal([]byte(before), &b)
		json.Unmarshal([]byte(f.records(ids)), &a)
		if !reflect.DeepEqual(b[1:], a[1:]) {
			t.Errorf("B's contact id in A's service changed another record")
		}

		// The same writes with ids that exist nowhere create the children.
		for _, r := range routes {
			for _, k := range r.kinds {
				id := directory.NewID()
				res := f.do(accReq{method: r.method, path: r.path, who: r.who, body: bodyOf(r, k, id)})
				if res.status != 200 && res.status != 201 {
					t.Errorf("%s %s: %s with a new id: %d %s", r.method, r.path, k.name, res.status, res.body)
					continue
				}
				if !strings.Contains(string(res.body), id) {
					t.Errorf("%s %s: %s with a new id: %s is not in the answer %s", r.method, r.path, k.name, id, res.body)
				}
			}
		}
	})
}

// TestChildOwnerColumnsNameOnlyTheParent: a new phone of A's service that names B's
// location as its location_id (the review's trick with a fresh id) is A's alone: B's
// location does not show it.
func TestChildOwnerColumnsNameOnlyTheParent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		id := directory.NewID()
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency", body: map[string]any{
			"phones":    []map[string]any{{"id": id, "location_id": f.locB, "organization_id": f.orgB, "number": "(900) 555-6666"}},
			"schedules": []map[string]any{{"id": directory.NewID(), "location_id": f.locB, "freq": "WEEKLY", "byday": "SU", "opens_at": "01:00", "closes_at": "02:00"}},
			"languages": []map[string]any{{"id": directory.NewID(), "location_id": f.locB, "name": "French"}},
		}})
		var loc directory.Location
		f.must(200, accReq{method: "GET", path: "/api/v1/locations/" + f.locB}).json(t, &loc)
		if len(loc.Phones)+len(loc.Schedules)+len(loc.Languages) != 0 {
			t.Errorf("B's location shows A's children: %+v", loc)
		}
		var org directory.Organization
		f.must(200, accReq{method: "GET", path: "/api/v1/organizations/" + f.orgB}).json(t, &org)
		if len(org.Phones) != 0 {
			t.Errorf("organization B shows A's phone: %+v", org.Phones)
		}
		svc, err := st.Service(context.Background(), f.svcA)
		if err != nil {
			t.Fatal(err)
		}
		if len(svc.Phones) != 1 || svc.Phones[0].ID != id || svc.Phones[0].LocationID != "" || svc.Phones[0].OrganizationID != "" {
			t.Errorf("A's phone: %+v", svc.Phones)
		}
	})
}

// TestDirectoryWriteAuditNamesEveryRecord: the audit rows of a service write name every
// record it changed: the service, a location it creates, and a location it links to
// or unlinks from.
func TestDirectoryWriteAuditNamesEveryRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		since := time.Now().Add(-time.Second)
		rows := func(recordID string) []string {
			t.Helper()
			es, _, err := st.AuditEntries(context.Background(), store.AuditFilter{RecordID: recordID, From: since}, store.Page{Number: 1, PerPage: 100})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, e := range es {
				if e.Allowed {
					out = append(out, e.Action+" "+e.RecordType+": "+e.Detail)
				}
			}
			return out
		}
		// A new service delivered at a new location of A's and at A's existing one.
		svc, loc := directory.NewID(), directory.NewID()
		f.must(201, accReq{method: "POST", path: "/api/v1/services", who: "agency", body: map[string]any{
			"id": svc, "name": "Outreach", "status": "active",
			"service_at_locations": []map[string]any{
				{"location": map[string]any{"id": loc, "location_type": "physical", "name": "Outreach van stop"}},
				{"location_id": f.locA},
			}}})
		if got := rows(svc); len(got) != 1 || got[0] != "create service: " {
			t.Errorf("service rows: %q", got)
		}
		if got := rows(loc); len(got) != 1 || got[0] != "create location: by create of service "+svc {
			t.Errorf("new location rows: %q", got)
		}
		if got := rows(f.locA); len(got) != 1 || got[0] != "update location: service_at_location of service "+svc+", by create of service "+svc {
			t.Errorf("linked location rows: %q", got)
		}
		// Moving it from A's location to B's: both named.
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + svc, who: "agency", body: map[string]any{
			"service_at_locations": []map[string]any{{"location_id": f.locB}}}})
		for _, l := range []string{f.locA, f.locB, loc} {
			got := rows(l)
			if len(got) == 0 || got[0] != "update location: service_at_location of service "+svc+", by update of service "+svc {
				t.Errorf("location %s rows after the move: %q", l, got)
			}
		}
		// Deleting it unlinks B's location.
		f.must(204, accReq{method: "DELETE", path: "/api/v1/services/" + svc, who: "agency"})
		if got := rows(f.locB); len(got) == 0 || got[0] != "update location: service_at_location of service "+svc+", by delete of service "+svc {
			t.Errorf("location rows after the delete: %q", got)
		}
	})
}
