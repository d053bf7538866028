package api_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestEveryRouteHasAPolicy walks the router: a route without a rule in the route policy
// (api/routes_policy.go) would be closed (403) in production, so it must not ship.
func TestEveryRouteHasAPolicy(t *testing.T) {
	f := accNew(t, storetest.SQLite(t), api.Options{}, nil)
	routes := map[string]bool{}
	for _, r := range f.srv.App().GetRoutes(false) {
		if r.Path == "/" && r.Method != http.MethodGet && r.Method != http.MethodHead {
			continue // the global middleware
		}
		if _, ok := api.LookupRoute(r.Method, r.Path); !ok {
			t.Errorf("%s %s has no access policy: add a rule to api/routes_policy.go", r.Method, r.Path)
		}
		routes[r.Method+" "+r.Path] = true
	}
	for _, rule := range api.RoutePolicy() {
		if rule.Method != "*" && !routes[rule.Method+" "+rule.Path] {
			t.Logf("policy for %s %s matches no route (yet)", rule.Method, rule.Path)
		}
		if rule.Who == access.Restricted && len(rule.Roles) == 0 {
			t.Errorf("%s %s is restricted to no role", rule.Method, rule.Path)
		}
	}
}

// routeCase builds the request one identity makes to a route, and says what it should
// answer. Requests that change data get fresh records, so each call stands alone.
type routeCase struct {
	req func(f *accFixture, who string) accReq
	// want maps identities to the status; identities not listed use def.
	want map[string]int
	def  int
}

// Status shorthands: the owner is the agency user of organization A (the records' owner).
var (
	adminOnly = func(ok int) map[string]int {
		return map[string]int{"admin": ok}
	}
	listingWriters = func(ok int) map[string]int {
		return map[string]int{"admin": ok, "agency": ok}
	}
	signedIn = func(ok int) map[string]int {
		return map[string]int{"peer": ok, "clinician": ok, "coordinator": ok, "agency": ok, "agency_other": ok, "admin": ok}
	}
)

func accRouteCases() map[string]routeCase {
	get := func(path func(f *accFixture) string) func(*accFixture, string) accReq {
		return func(f *accFixture, who string) accReq { return accReq{method: "GET", path: path(f), who: who} }
	}
	static := func(p string) func(*accFixture) string { return func(*accFixture) string { return p } }
	everyone := func(status int) map[string]int {
		m := signedIn(status)
		m["anon"] = status
		return m
	}
	return map[string]routeCase{
		"GET /":                    {req: get(static("/")), want: everyone(200)},
		"GET /healthz":             {req: get(static("/healthz")), want: everyone(200)},
		"GET /i18n/:lang.js":       {req: get(static("/i18n/es.js")), want: everyone(200)},
		"GET /readyz":              {req: get(static("/readyz")), want: everyone(200)},
		"GET /metrics":             {req: get(static("/metrics")), want: everyone(200)},
		"GET /api/v1/openapi.json": {req: get(static("/api/v1/openapi.json")), want: everyone(200)},
		"GET /hsds/":               {req: get(static("/hsds/")), want: everyone(200)},
		"GET /hsds/openapi.json":   {req: get(static("/hsds/openapi.json")), want: everyone(200)},
		"GET /hsds/services":       {req: get(static("/hsds/services")), want: everyone(200)},
		"GET /hsds/services/:id":   {req: get(func(f *accFixture) string { return "/hsds/services/" + f.svcA }), want: everyone(200)},
		"GET /hsds/organizations":  {req: get(static("/hsds/organizations")), want: everyone(200)},
		"GET /hsds/organizations/:id": {req: get(func(f *accFixture) string { return "/hsds/organizations/" + f.orgA }),
			want: everyone(200)},
		"GET /hsds/service_at_locations": {req: get(static("/hsds/service_at_locations")), want: everyone(200)},
		"GET /hsds/service_at_locations/:id": {req: get(func(f *accFixture) string { return "/hsds/service_at_locations/" + f.salA }),
			want: everyone(200)},
		"GET /hsds/taxonomies": {req: get(static("/hsds/taxonomies")), want: everyone(200)},
		"GET /hsds/taxonomies/:id": {req: get(static("/hsds/taxonomies/" + directory.TaxonomyID("handoff:need"))),
			want: everyone(200)},
		"GET /hsds/taxonomy_terms": {req: get(static("/hsds/taxonomy_terms")), want: everyone(200)},
		"GET /hsds/taxonomy_terms/:id": {req: get(static("/hsds/taxonomy_terms/" + directory.TermID("handoff:need", "food"))),
			want: everyone(200)},

		"POST /api/v1/auth/login": {req: func(f *accFixture, who string) accReq {
			u := f.users[who]
			if who == "anon" {
				u = f.users["peer"]
			}
			return accReq{method: "POST", path: "/api/v1/auth/login", who: who, body: map[string]string{"email": u.Email, "password": accPassword}}
		}, want: everyone(200)},
		"POST /api/v1/auth/logout": {req: func(f *accFixture, who string) accReq {
			r := accReq{method: "POST", path: "/api/v1/auth/logout", who: who}
			if who != "anon" {
				r.token = f.newSession(f.users[who].ID) // logging out must not end the identity's session
			}
			return r
		}, want: signedIn(204), def: 401},
		"GET /api/v1/me": {req: get(static("/api/v1/me")), want: signedIn(200), def: 401},
		"PUT /api/v1/me/password": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PUT", path: "/api/v1/me/password", who: who,
				body: map[string]string{"current_password": accPassword, "new_password": accPassword}}
		}, want: signedIn(204), def: 401},
		"GET /api/v1/me/tokens": {req: get(static("/api/v1/me/tokens")), want: signedIn(200), def: 401},
		"POST /api/v1/me/tokens": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/me/tokens", who: who, body: map[string]string{"name": "matrix", "current_password": accPassword}}
		}, want: signedIn(201), def: 401},
		"DELETE /api/v1/me/tokens/:id": {req: func(f *accFixture, who string) accReq {
			id := directory.NewID()
			if who != "anon" {
				id = f.addToken(f.users[who].ID)
			}
			return accReq{method: "DELETE", path: "/api/v1/me/tokens/" + id, who: who}
		}, want: signedIn(204), def: 401},

		"GET /api/v1/users": {req: get(static("/api/v1/users")),
			want: map[string]int{"admin": 200, "coordinator": 200, "agency": 200, "agency_other": 200}, def: 403},
		"POST /api/v1/users": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/users", who: who, body: map[string]string{
				"email": directory.NewID() + "@fixture.example", "name": "New Person", "role": "peer", "password": accPassword}}
		}, want: adminOnly(201), def: 403},
		"GET /api/v1/users/:id": {req: get(func(f *accFixture) string { return "/api/v1/users/" + f.users["agency"].ID }),
			want: map[string]int{"admin": 200, "coordinator": 200, "agency": 200, "agency_other": 404}, def: 403},
		"PATCH /api/v1/users/:id": {req: func(f *accFixture, who string) accReq {
			u := f.addUser("agency", f.orgA, "Patch Target", directory.NewID()+"@fixture.example")
			return accReq{method: "PATCH", path: "/api/v1/users/" + u.ID, who: who, body: map[string]string{"name": "Renamed"}}
		}, want: adminOnly(200), def: 403},
		"GET /api/v1/audit":      {req: get(static("/api/v1/audit")), want: adminOnly(200), def: 403},
		"GET /api/v1/colleagues": {req: get(static("/api/v1/colleagues")), want: programOK(200), def: 403},

		"GET /api/v1/services/:id": {req: get(func(f *accFixture) string { return "/api/v1/services/" + f.svcA }), want: everyone(200)},
		"POST /api/v1/services": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/services", who: who, body: accServiceBody(f.orgA, "Matrix service")}
		}, want: listingWriters(201), def: 403},
		"PUT /api/v1/services/:id": {req: func(f *accFixture, who string) accReq {
			b := accServiceBody(f.orgA, "Matrix service, replaced")
			b["id"] = f.svcA
			return accReq{method: "PUT", path: "/api/v1/services/" + f.svcA, who: who, body: b}
		}, want: listingWriters(200), def: 403},
		"PATCH /api/v1/services/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: who, body: map[string]string{"description": "Patched by " + who}}
		}, want: listingWriters(200), def: 403},
		"DELETE /api/v1/services/:id": {req: func(f *accFixture, who string) accReq {
			_, id, _, _ := f.addListingTo(f.orgA)
			return accReq{method: "DELETE", path: "/api/v1/services/" + id, who: who}
		}, want: listingWriters(204), def: 403},
		// What a peer heard by phone: the program's; agency staff and admins are refused
		// (agency staff update their own figures), anonymous callers get 401.
		"POST /api/v1/services/:id/capacity-observations": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/capacity-observations", who: who,
				body: map[string]any{"available": 2, "unit": "bed", "note": "Heard by " + who}}
		}, want: map[string]int{"peer": 201, "clinician": 201, "coordinator": 201}, def: 403},

		"GET /api/v1/organizations/:id": {req: get(func(f *accFixture) string { return "/api/v1/organizations/" + f.orgA }), want: everyone(200)},
		"POST /api/v1/organizations": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/organizations", who: who,
				body: map[string]any{"name": "Matrix organization", "description": "New."}}
		}, want: adminOnly(201), def: 403},
		"PUT /api/v1/organizations/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PUT", path: "/api/v1/organizations/" + f.orgA, who: who,
				body: map[string]any{"id": f.orgA, "name": "Organization A", "description": "Replaced by " + who}}
		}, want: listingWriters(200), def: 403},
		"PATCH /api/v1/organizations/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PATCH", path: "/api/v1/organizations/" + f.orgA, who: who, body: map[string]any{"website": "https://a.example.org"}}
		}, want: listingWriters(200), def: 403},
		"DELETE /api/v1/organizations/:id": {req: func(f *accFixture, who string) accReq {
			id := f.addEmptyOrganization()
			return accReq{method: "DELETE", path: "/api/v1/organizations/" + id, who: who}
		}, want: adminOnly(204), def: 403},

		"GET /api/v1/locations/:id": {req: get(func(f *accFixture) string { return "/api/v1/locations/" + f.locA }), want: everyone(200)},
		"POST /api/v1/locations": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/locations", who: who,
				body: map[string]any{"location_type": "physical", "name": "Matrix site", "organization_id": f.orgA}}
		}, want: listingWriters(201), def: 403},
		"PUT /api/v1/locations/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PUT", path: "/api/v1/locations/" + f.locA, who: who,
				body: map[string]any{"location_type": "physical", "name": "Replaced site", "organization_id": f.orgA}}
		}, want: listingWriters(200), def: 403},
		"PATCH /api/v1/locations/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PATCH", path: "/api/v1/locations/" + f.locA, who: who, body: map[string]any{"transportation": "Bus 7"}}
		}, want: listingWriters(200), def: 403},
		"DELETE /api/v1/locations/:id": {req: func(f *accFixture, who string) accReq {
			id := f.addEmptyLocation(f.orgA)
			return accReq{method: "DELETE", path: "/api/v1/locations/" + id, who: who}
		}, want: listingWriters(204), def: 403},
	}
}

// TestRouteAccessMatrix is acceptance 1: every route, called over HTTP as anonymous, as
// each role and as an agency user of another organization, answers the status the
// policy promises; on SQLite and PostgreSQL, with the directory public and private.
func TestRouteAccessMatrix(t *testing.T) {
	cases := accRouteCases()
	for k, c := range careRouteCases() {
		cases[k] = c
	}
	for k, c := range updateLinkRouteCases() {
		cases[k] = c
	}
	for k, c := range verificationRouteCases() {
		cases[k] = c
	}
	for k, c := range agencyPortalRouteCases() {
		cases[k] = c
	}
	for k, c := range adminRouteCases() {
		cases[k] = c
	}
	for k, c := range agencyEditRouteCases() {
		cases[k] = c
	}
	for k, c := range historyRouteCases() {
		cases[k] = c
	}
	for k, c := range dashboardRouteCases() {
		cases[k] = c
	}
	for k, c := range fhirRouteCases() {
		cases[k] = c
	}
	for k, c := range erasureRouteCases() {
		cases[k] = c
	}
	for k, c := range outboxRouteCases() {
		cases[k] = c
	}
	for k, c := range offlineRouteCases() {
		cases[k] = c
	}
	for _, b := range storetest.Backends(t) {
		for _, private := range []bool{false, true} {
			name := b.Name + "/public"
			if private {
				name = b.Name + "/private"
			}
			t.Run(name, func(t *testing.T) {
				f := careNew(t, b.Open(t), api.Options{PrivateDirectory: private})
				seen := map[string]bool{}
				var routes []string
				for _, r := range f.srv.App().GetRoutes(true) {
					k := r.Method + " " + r.Path
					if r.Method == http.MethodHead || seen[k] {
						continue
					}
					seen[k] = true
					routes = append(routes, k)
				}
				sort.Strings(routes)
				for _, route := range routes {
					method, path, _ := strings.Cut(route, " ")
					rule, _ := api.LookupRoute(method, path)
					c, explicit := cases[route]
					for _, who := range accIdentities {
						if !explicit {
							f.checkByPolicy(rule.Rule, method, path, who, private)
							continue
						}
						want, ok := c.want[who]
						if !ok {
							want = c.def
							if who == "anon" && rule.Who != access.Public {
								want = 401
							}
						}
						if private && who == "anon" && rule.Who == access.Directory {
							want = 401
						}
						r := c.req(f, who)
						if res := f.do(r); res.status != want {
							t.Errorf("%s as %s: %d, want %d: %.300s", route, who, res.status, want, res.body)
						}
					}
				}
				// The mounted static files are a route too.
				for _, who := range accIdentities {
					if res := f.do(accReq{method: "GET", path: "/static/app.js", who: who}); res.status != 200 {
						t.Errorf("GET /static/app.js as %s: %d", who, res.status)
					}
				}
			})
		}
	}
}

// checkByPolicy calls a route that has no explicit case (one added since these tests
// were written) with made-up parameters, and checks only what the policy decides: 401,
// 403, or anything else for an allowed call.
func (f *accFixture) checkByPolicy(rule access.Rule, method, path, who string, private bool) {
	f.t.Helper()
	var p *access.Principal
	if who != "anon" {
		u := f.users[who]
		p = &access.Principal{UserID: u.ID, Role: access.Role(u.Role), OrganizationID: u.Org}
	}
	url := path
	for _, part := range strings.Split(path, "/") {
		if strings.HasPrefix(part, ":") {
			url = strings.Replace(url, part, directory.NewID(), 1)
		}
	}
	res := f.do(accReq{method: method, path: url, who: who, body: "{}"})
	switch d := rule.Decide(p, private); {
	case d == access.NeedLogin && res.status != 401,
		d == access.Deny && res.status != 403,
		d == access.Allow && (res.status == 401 || (res.status == 403 && !(rule.OwnOrganization && p.ScopedToOrganization()))):
		f.t.Errorf("%s %s as %s: %d, but the policy decides %d", method, path, who, res.status, d)
	}
	f.t.Logf("%s %s has no explicit case: checked by policy only", method, path)
}

func (f *accFixture) addToken(userID string) string {
	f.t.Helper()
	_, hash := access.NewToken(access.APIToken)
	id := directory.NewID()
	if err := f.st.CreateAPIToken(context.Background(), store.APIToken{ID: id, TokenHash: hash, UserID: userID, Name: "fixture", CreatedAt: time.Now()}); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// addListingTo adds a service at a new location to an existing organization.
func (f *accFixture) addListingTo(orgID string) (string, string, string, string) {
	f.t.Helper()
	svcID, locID, salID := directory.NewID(), directory.NewID(), directory.NewID()
	f.writeService(directory.Service{ID: svcID, Name: "Extra service", Status: "active", OrganizationID: orgID,
		ServiceAtLocations: []directory.ServiceAtLocation{{ID: salID, Location: &directory.Location{ID: locID, LocationType: "physical", OrganizationID: orgID}}}})
	return orgID, svcID, locID, salID
}

func (f *accFixture) addEmptyOrganization() string {
	f.t.Helper()
	o := directory.Organization{ID: directory.NewID(), Name: fmt.Sprintf("Empty organization %d", time.Now().UnixNano()), Description: "Nothing here."}
	if _, err := f.st.WriteAll(context.Background(), []directory.Record{{Line: 1, Organization: &o}}); err != nil {
		f.t.Fatal(err)
	}
	return o.ID
}

func (f *accFixture) addEmptyLocation(orgID string) string {
	f.t.Helper()
	l := directory.Location{ID: directory.NewID(), LocationType: "physical", OrganizationID: orgID, Name: "Unused site"}
	if _, err := f.st.WriteLocation(context.Background(), &l); err != nil {
		f.t.Fatal(err)
	}
	return l.ID
}
