package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/api"
	"handoff/care"
	"handoff/store"
	"handoff/store/storetest"
)

type careProblem struct {
	Status  int      `json:"status"`
	Detail  string   `json:"detail"`
	Allowed []string `json:"allowed"`
	Errors  []struct {
		Field string `json:"field"`
	} `json:"errors"`
}

// TestReferralMoves is issue 5's acceptance 2: an illegal move answers 409 with the
// allowed next states, a missing reason 400, and fifty concurrent moves of one referral
// over HTTP leave one consistent history.
func TestReferralMoves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("A. B.")
		mk := func() careReferral {
			var r careReferral
			f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "logged")}).json(t, &r)
			return r
		}
		move := func(id string, body map[string]any) accRes {
			return f.do(accReq{method: "POST", path: "/api/v1/referrals/" + id + "/transitions", who: "peer", body: body})
		}

		r := mk()
		if res := move(r.ID, map[string]any{"to": "rejected"}); res.status != 400 {
			t.Fatalf("rejected without a reason: %d %s", res.status, res.body)
		} else {
			var p careProblem
			res.json(t, &p)
			if len(p.Errors) != 1 || p.Errors[0].Field != "reason" {
				t.Errorf("problem does not name reason: %s", res.body)
			}
		}
		for _, to := range []string{"accepted", "completed"} {
			if res := move(r.ID, map[string]any{"to": to, "outcome": "got-help"}); res.status != 200 {
				t.Fatalf("to %s: %d %s", to, res.status, res.body)
			}
		}
		res := move(r.ID, map[string]any{"to": "requested"})
		var p careProblem
		res.json(t, &p)
		if res.status != 409 || strings.Join(p.Allowed, ",") != "entered-in-error" {
			t.Fatalf("completed → requested: %d %s, want 409 allowing entered-in-error only", res.status, res.body)
		}
		// The allowed states are the state machine's, whatever the referral's state.
		r2 := mk()
		res = move(r2.ID, map[string]any{"to": "completed"})
		res.json(t, &p)
		if res.status != 409 || strings.Join(p.Allowed, ",") != "accepted,rejected,cancelled,entered-in-error" {
			t.Fatalf("requested → completed: %d %s", res.status, res.body)
		}
		// A stale If-Match loses with 409.
		if res := f.do(accReq{method: "POST", path: "/api/v1/referrals/" + r2.ID + "/transitions", who: "peer",
			header: map[string]string{"If-Match": `"r9"`}, body: map[string]any{"to": "accepted"}}); res.status != 409 {
			t.Fatalf("stale If-Match: %d %s", res.status, res.body)
		}

		// Fifty concurrent moves: accept and reject race; exactly one wins.
		r3 := mk()
		const n = 50
		codes := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				body := map[string]any{"to": "accepted"}
				if i%2 == 1 {
					body = map[string]any{"to": "rejected", "reason": "no capacity tonight"}
				}
				codes[i] = move(r3.ID, body).status
			}()
		}
		wg.Wait()
		won := 0
		for i, c := range codes {
			switch c {
			case 200:
				won++
			case 409:
			default:
				t.Errorf("move %d: status %d", i, c)
			}
		}
		if won != 1 {
			t.Fatalf("%d moves won, want exactly one: %v", won, codes)
		}
		var got careReferral
		f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + r3.ID, who: "peer"}).json(t, &got)
		if len(got.History) != 2 || got.Version != 2 {
			t.Fatalf("history after the race: %+v (version %d)", got.History, got.Version)
		}
		last := got.History[1]
		if string(last.From) != "requested" || string(last.To) != got.Status || last.Version != 2 || got.History[0].Version != 1 {
			t.Fatalf("inconsistent history: %+v, status %s", got.History, got.Status)
		}
	})
}

// TestLiveReferralNeedsConsent is issue 5's acceptance 3: a live referral without a
// covering consent, or with a revoked or an expired one, is refused.
func TestLiveReferralNeedsConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		refuse := func(what, person string) {
			t.Helper()
			res := f.do(accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "live")})
			if res.status != 422 || !strings.Contains(string(res.body), "consent") {
				t.Fatalf("live referral %s: %d %s, want 422 about consent", what, res.status, res.body)
			}
		}
		none := f.addPerson("N. C.")
		refuse("without consent", none)
		// A consent for another organization does not cover this one.
		f.addConsent(none, f.orgB)
		refuse("with a consent for another organization", none)

		revoked := f.addPerson("R. V.")
		cid := f.addConsent(revoked, f.orgA)
		f.must(200, accReq{method: "POST", path: "/api/v1/people/" + revoked + "/consents/" + cid + "/revoke", who: "peer"})
		refuse("with a revoked consent", revoked)

		expired := f.addPerson("E. X.")
		past := time.Now().Add(-48 * time.Hour)
		k := care.Consent{PersonID: expired, Discloser: "program", OrganizationIDs: []string{f.orgA}, Information: "name",
			Purpose: "referral", GivenAt: past, ExpiresAt: past.Add(24 * time.Hour), Method: care.MethodWritten}
		if err := f.careStore().CreateConsent(context.Background(), &k); err != nil {
			t.Fatal(err)
		}
		refuse("with an expired consent", expired)

		// Logged referrals share nothing and need no consent; a covering consent opens live ones.
		f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(expired, f.svcA, "logged")})
		f.addConsent(expired, f.orgA)
		f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(expired, f.svcA, "live")})
		var disc struct {
			Total int `json:"total"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/people/" + expired + "/disclosures", who: "peer"}).json(t, &disc)
		if disc.Total != 1 {
			t.Errorf("disclosures: %d, want the live referral's one", disc.Total)
		}
	})
}

// TestCareSeparation is issue 5's acceptance 4: agency B sees nothing of agency A's
// referrals; a peer cannot read the audit log; a coordinator cannot read notes.
func TestCareSeparation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("S. P.")
		f.addConsent(person, f.orgA)
		var ref careReferral
		f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "live")}).json(t, &ref)
		const secret = "Sleeps in the blue car behind the church."
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"person_id": person, "occurred_at": time.Now().Format(time.RFC3339), "source": "direct_to_peer",
			"town": "Springfield", "disposition": "resolved_on_scene", "notes": secret}})

		type inbox struct {
			Total int            `json:"total"`
			Items []careReferral `json:"items"`
		}
		var a, b inbox
		f.must(200, accReq{method: "GET", path: "/api/v1/agency/referrals?status=requested", who: "agency"}).json(t, &a)
		if a.Total != 1 || a.Items[0].ID != ref.ID || !a.Items[0].Shared || a.Items[0].Person["display_name"] != "S. P." {
			t.Fatalf("agency A's inbox: %+v", a)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/agency/referrals", who: "agency_other"}).json(t, &b)
		if b.Total != 0 || len(b.Items) != 0 {
			t.Fatalf("agency B sees A's referrals: %+v", b)
		}
		f.must(404, accReq{method: "GET", path: "/api/v1/referrals/" + ref.ID, who: "agency_other"})
		f.must(404, accReq{method: "POST", path: "/api/v1/referrals/" + ref.ID + "/transitions", who: "agency_other", body: map[string]any{"to": "accepted"}})
		// Agency A may answer, but not hold or cancel: those stay with the program.
		f.must(403, accReq{method: "POST", path: "/api/v1/referrals/" + ref.ID + "/transitions", who: "agency",
			body: map[string]any{"to": "cancelled", "reason": "x"}})
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + ref.ID + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
		for _, who := range []string{"agency", "agency_other", "peer", "clinician", "coordinator"} {
			f.must(403, accReq{method: "GET", path: "/api/v1/audit", who: who})
		}
		f.must(403, accReq{method: "GET", path: "/api/v1/people/" + person, who: "agency"})

		// After the consent is revoked, agency A keeps the referral but not the details.
		var file care.PersonFile
		f.must(200, accReq{method: "GET", path: "/api/v1/people/" + person, who: "peer"}).json(t, &file)
		if len(file.Encounters) != 1 || file.Encounters[0].Notes != secret || file.Referrals[0].Note == "" {
			t.Fatalf("the peer reads the notes: %+v", file.Encounters)
		}
		f.must(200, accReq{method: "POST", path: "/api/v1/people/" + person + "/consents/" + file.Consents[0].ID + "/revoke", who: "peer"})
		var after inbox
		f.must(200, accReq{method: "GET", path: "/api/v1/agency/referrals", who: "agency"}).json(t, &after)
		if after.Total != 1 || after.Items[0].Shared || after.Items[0].Person != nil || after.Items[0].Note != "" {
			t.Fatalf("after revocation the agency still sees details: %+v", after.Items)
		}

		// The coordinator sees the person's file and lists, never the notes.
		res := f.must(200, accReq{method: "GET", path: "/api/v1/people/" + person, who: "coordinator"})
		if strings.Contains(string(res.body), "blue car") || strings.Contains(string(res.body), "afternoon calls") {
			t.Fatalf("the coordinator reads notes: %s", res.body)
		}
		res = f.must(200, accReq{method: "GET", path: "/api/v1/encounters?person=" + person, who: "coordinator"})
		if strings.Contains(string(res.body), "blue car") {
			t.Fatalf("the coordinator reads notes in the list: %s", res.body)
		}
		res = f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + ref.ID, who: "coordinator"})
		var rr careReferral
		json.Unmarshal(res.body, &rr)
		if rr.Note != "" {
			t.Fatalf("the coordinator reads the referral note: %s", res.body)
		}
	})
}

// TestCareWithoutKey: without a data key the care routes answer 503 with a clear
// problem, and the directory still works.
func TestCareWithoutKey(t *testing.T) {
	f := accNew(t, storetest.SQLite(t), api.Options{}, nil)
	res := f.must(503, accReq{method: "GET", path: "/api/v1/people", who: "peer"})
	if !strings.Contains(string(res.body), "data key") {
		t.Errorf("503 without a reason: %s", res.body)
	}
	f.must(200, accReq{method: "GET", path: "/api/v1/services/" + f.svcA})
}
