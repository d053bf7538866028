package api_test

import (
	"testing"

	"handoff/api"
	"handoff/store/storetest"
)

// TestSignedInAnswersNotStored: every answer to a signed-in request (a person, follow-ups,
// referrals, encounters; a refusal too) and the pages say Cache-Control: no-store, so
// that no cache, the browser's back/forward cache included, shows people's data after
// sign-out (issue 11, #13).
func TestSignedInAnswersNotStored(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	person := f.addPerson("Avery K.")
	var ref careReferral
	f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "logged")}).json(t, &ref)
	for _, r := range []accReq{
		{method: "GET", path: "/api/v1/people/" + person, who: "peer"},
		{method: "GET", path: "/api/v1/people?q=Avery", who: "peer"},
		{method: "GET", path: "/api/v1/follow-ups", who: "peer"},
		{method: "GET", path: "/api/v1/referrals", who: "peer"},
		{method: "GET", path: "/api/v1/referrals/" + ref.ID, who: "peer"},
		{method: "GET", path: "/api/v1/encounters", who: "coordinator"},
		{method: "GET", path: "/api/v1/me", who: "peer"},
		{method: "GET", path: "/api/v1/people/" + f.svcA, who: "peer"}, // 404
		{method: "GET", path: "/hsds/services/" + f.svcA, who: "peer"},
		{method: "POST", path: "/api/v1/auth/login", body: map[string]any{"email": f.users["peer"].Email, "password": accPassword}},
		{method: "GET", path: "/"},
		{method: "GET", path: "/follow-ups"},
	} {
		res := f.do(r)
		if cc, pragma := res.header.Get("Cache-Control"), res.header.Get("Pragma"); cc != "no-store" || pragma != "no-cache" {
			t.Errorf("%s %s as %s (%d): Cache-Control %q, Pragma %q, want no-store and no-cache", r.method, r.path, r.who, res.status, cc, pragma)
		}
	}
}
