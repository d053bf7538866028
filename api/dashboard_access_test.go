package api_test

// dashboardRouteCases are the route matrix's cases of the coordinators' dashboard
// (TestRouteAccessMatrix): its pages and towns are open shells; its measures are
// coordinators' and admins'; a repeat place's follow-ups are coordinators' only. With no
// calls there is no place: the roles let through get 404, everyone else 403 or 401.
func dashboardRouteCases() map[string]routeCase {
	page := func(path string) routeCase {
		return routeCase{req: func(f *accFixture, who string) accReq { return accReq{method: "GET", path: path, who: who} },
			want: map[string]int{"anon": 200, "peer": 200, "clinician": 200, "coordinator": 200, "agency": 200, "agency_other": 200, "admin": 200}}
	}
	get := func(path string) func(f *accFixture, who string) accReq {
		return func(f *accFixture, who string) accReq { return accReq{method: "GET", path: path, who: who} }
	}
	return map[string]routeCase{
		"GET /dashboard":               page("/dashboard"),
		"GET /dashboard/report":        page("/dashboard/report?from=2026-01-01&to=2026-01-31"),
		"GET /dashboard/towns.geojson": page("/dashboard/towns.geojson"),
		"GET /api/v1/measures/follow-ups": {req: get("/api/v1/measures/follow-ups?from=2026-01-01&to=2026-01-31"),
			want: measureOK, def: 403},
		"GET /api/v1/measures/referral-funnel": {req: get("/api/v1/measures/referral-funnel?format=csv"),
			want: measureOK, def: 403},
		"GET /api/v1/measures/service-gaps": {req: get("/api/v1/measures/service-gaps?format=csv"),
			want: measureOK, def: 403},
		"GET /api/v1/measures/repeat-locations/:place": {req: get("/api/v1/measures/repeat-locations/42.101,-72.590"),
			want: map[string]int{"coordinator": 404, "admin": 404}, def: 403},
		"GET /api/v1/measures/repeat-locations/:place/follow-ups": {req: get("/api/v1/measures/repeat-locations/42.101,-72.590/follow-ups"),
			want: map[string]int{"coordinator": 404}, def: 403},
	}
}
