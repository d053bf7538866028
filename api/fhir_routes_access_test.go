package api_test

// The route-access matrix's cases for the FHIR export: the CapabilityStatement is open;
// a referral's Task, ServiceRequest and Bundle are read as GET /api/v1/referrals/:id is:
// the program, and the receiving agency (another organization's staff get 404), never
// admins (403) or anonymous callers (401).

func fhirRouteCases() map[string]routeCase {
	get := func(prefix string) func(*accFixture, string) accReq {
		return func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: prefix + f.storeReferral().ID, who: who}
		}
	}
	readers := func() map[string]int {
		m := programOK(200)
		m["agency"], m["agency_other"] = 200, 404
		return m
	}
	everyone := signedIn(200)
	everyone["anon"] = 200
	return map[string]routeCase{
		"GET /fhir/metadata": {req: func(_ *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/fhir/metadata", who: who}
		}, want: everyone},
		"GET /fhir/Task/:id":           {req: get("/fhir/Task/"), want: readers(), def: 403},
		"GET /fhir/ServiceRequest/:id": {req: get("/fhir/ServiceRequest/"), want: readers(), def: 403},
		"GET /fhir/Bundle/:id":         {req: get("/fhir/Bundle/"), want: readers(), def: 403},
	}
}
