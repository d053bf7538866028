package api_test

import (
	"context"
	"time"

	"handoff/directory"
)

// historyRouteCases are the route matrix's cases of listing history, problem reports and
// suggested edits (TestRouteAccessMatrix): histories are read by the listing's agency,
// coordinators and admins; reports are public; edits are suggested by the program and
// reviewed by the listing's agency and admins, never another organization's.
func historyRouteCases() map[string]routeCase {
	readers := map[string]int{"agency": 200, "coordinator": 200, "admin": 200}
	everyone := map[string]int{"anon": 200, "peer": 200, "clinician": 200, "coordinator": 200, "agency": 200, "agency_other": 200, "admin": 200}
	// pending stores a fresh report against organization A's service, for one review.
	pending := func(f *accFixture) string {
		f.t.Helper()
		g := directory.Suggestion{ID: directory.NewID(), ServiceID: f.svcA, OrganizationID: f.orgA, Kind: directory.SuggestionReport,
			Problem: directory.ProblemWrongHours, CreatedAt: time.Now()}
		if err := f.st.AddSuggestion(context.Background(), &g, nil); err != nil {
			f.t.Fatal(err)
		}
		return g.ID
	}
	reviewers := map[string]int{"agency": 200, "admin": 200}
	return map[string]routeCase{
		"GET /api/v1/services/:id/history": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/services/" + f.svcA + "/history", who: who}
		}, want: readers, def: 403},
		"GET /api/v1/locations/:id/history": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/locations/" + f.locA + "/history", who: who}
		}, want: readers, def: 403},
		"GET /api/v1/organizations/:id/history": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/organizations/" + f.orgA + "/history", who: who}
		}, want: readers, def: 403},
		"GET /agency/history": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/agency/history?service=" + f.svcA, who: who}
		}, want: everyone},
		"GET /agency/suggestions": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/agency/suggestions", who: who}
		}, want: everyone},
		"GET /report": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/report?service=" + f.svcA, who: who}
		}, want: everyone},
		"POST /api/v1/services/:id/reports": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/reports", who: who,
				body: map[string]any{"problem": "wrong-hours", "note": "Closed at noon."}}
		}, want: map[string]int{"anon": 201, "peer": 201, "clinician": 201, "coordinator": 201, "agency": 201, "agency_other": 201, "admin": 201}},
		"POST /api/v1/services/:id/suggestions": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/suggestions", who: who,
				body: map[string]any{"changes": []map[string]string{{"field": "description", "value": "Hot meals too."}}}}
		}, want: map[string]int{"peer": 201, "clinician": 201, "coordinator": 201}, def: 403},
		"GET /api/v1/suggestions": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/suggestions", who: who}
		}, want: map[string]int{"agency": 200, "agency_other": 200, "admin": 200}, def: 403},
		"POST /api/v1/suggestions/:id/approve": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/suggestions/" + pending(f) + "/approve", who: who}
		}, want: reviewers, def: 403},
		"POST /api/v1/suggestions/:id/reject": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/suggestions/" + pending(f) + "/reject", who: who}
		}, want: reviewers, def: 403},
	}
}
