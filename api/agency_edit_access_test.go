package api_test

// agencyEditRouteCases are the route matrix's cases of the agency's edit page
// (TestRouteAccessMatrix): the page is an empty shell for anyone; the words of hours
// are for those who may change listings, and name no record.
func agencyEditRouteCases() map[string]routeCase {
	everyone := map[string]int{"anon": 200, "peer": 200, "clinician": 200, "coordinator": 200, "agency": 200, "agency_other": 200, "admin": 200}
	return map[string]routeCase{
		"GET /agency/edit": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/agency/edit?service=" + f.svcA, who: who}
		}, want: everyone},
		"POST /api/v1/schedules/describe": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/schedules/describe", who: who, body: map[string]any{
				"schedules": []map[string]any{{"freq": "WEEKLY", "byday": "FR", "opens_at": "20:00", "closes_at": "02:00"}}}}
		}, want: map[string]int{"agency": 200, "agency_other": 200, "admin": 200}, def: 403},
	}
}
