package api_test

// verificationRouteCases are the route matrix's cases of the checks of listings and the
// freshness queue (TestRouteAccessMatrix): agency staff check their own organization's
// listing only, coordinators and admins any; the queue is coordinators' and admins'.
func verificationRouteCases() map[string]routeCase {
	checkers := map[string]int{"agency": 0, "coordinator": 0, "admin": 0}
	with := func(ok int) map[string]int {
		m := map[string]int{}
		for who := range checkers {
			m[who] = ok
		}
		return m
	}
	return map[string]routeCase{
		"POST /api/v1/services/:id/verifications": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/verifications", who: who,
				body: map[string]any{"method": "self-confirm", "result": "confirmed"}}
		}, want: with(201), def: 403},
		"GET /api/v1/services/:id/verifications": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/services/" + f.svcA + "/verifications", who: who}
		}, want: with(200), def: 403},
		"GET /api/v1/freshness-queue": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/freshness-queue", who: who}
		}, want: map[string]int{"coordinator": 200, "admin": 200}, def: 403},
		"GET /freshness": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/freshness", who: who}
		}, want: map[string]int{"anon": 200, "peer": 200, "clinician": 200, "coordinator": 200, "agency": 200, "agency_other": 200, "admin": 200}},
	}
}
