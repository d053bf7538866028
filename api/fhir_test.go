package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"handoff/api"
	"handoff/care"
	"handoff/care/fhir"
	"handoff/internal/fhirschema"
	"handoff/store/storetest"
)

// fhirToken makes an API token for the identity through POST /api/v1/me/tokens, as a
// machine client would get one.
func (f *accFixture) fhirToken(who string) string {
	f.t.Helper()
	var tok struct{ Token string }
	f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", who: who,
		body: map[string]string{"name": "fhir client", "current_password": accPassword}}).json(f.t, &tok)
	if !strings.HasPrefix(tok.Token, "ht_") {
		f.t.Fatalf("not an API token: %q", tok.Token)
	}
	return tok.Token
}

// fhirGet reads a FHIR resource with the token and checks that it is FHIR JSON valid
// against the R4 schema.
func (f *accFixture) fhirGet(token, path string, v any) []byte {
	f.t.Helper()
	res := f.do(accReq{method: "GET", path: path, token: token, header: map[string]string{"Accept": "application/fhir+json"}})
	if res.status != 200 {
		f.t.Fatalf("GET %s: %d %s", path, res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/fhir+json") {
		f.t.Fatalf("GET %s: Content-Type %q", path, ct)
	}
	if err := fhirschema.Validate(res.body); err != nil {
		f.t.Fatalf("GET %s: not valid R4: %v\n%s", path, err, res.body)
	}
	if v != nil {
		res.json(f.t, v)
	}
	return res.body
}

// pathTo is the shortest run of moves from draft to status s.
func pathTo(s care.Status) []care.Status {
	prev := map[care.Status]care.Status{care.StatusDraft: ""}
	queue := []care.Status{care.StatusDraft}
	for len(queue) > 0 {
		at := queue[0]
		queue = queue[1:]
		for _, next := range care.Allowed(at) {
			if _, seen := prev[next]; !seen {
				prev[next] = at
				queue = append(queue, next)
			}
		}
	}
	var out []care.Status
	for at := s; at != care.StatusDraft; at = prev[at] {
		out = append([]care.Status{at}, out...)
	}
	return out
}

// fhirMove moves a referral over the JSON API as the peer who made it, with the reason
// and outcome the move needs.
func (f *accFixture) fhirMove(id string, to care.Status) {
	f.t.Helper()
	body := map[string]any{"to": string(to)}
	if to.NeedsReason() {
		body["reason"] = "no bed tonight"
	}
	if to == care.StatusFailed || to == care.StatusRejected {
		body["outcome"] = string(care.OutcomeNoCapacity)
	}
	f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + id + "/transitions", who: "peer", body: body})
}

// TestFHIRFollowsEveryTransition walks a live referral about substance use through
// every transition of the state machine (a fresh referral for each, moved there from
// draft), on SQLite and PostgreSQL, reading it as FHIR with an API token after the
// move: the Task's status is the referral's, the
// ServiceRequest's goes with it, and the Bundle validates against the R4 schema and the
// SDOHCC rules, with the 42 CFR Part 2 labels; the receiving agency's Bundle validates
// too.
func TestFHIRFollowsEveryTransition(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{})
			peer, agency := f.fhirToken("peer"), f.fhirToken("agency")
			person := f.addPerson("J. R.")
			f.addConsent(person, f.orgA)
			edges := 0
			for _, from := range care.Statuses() {
				for _, to := range care.Allowed(from) {
					edges++
					var r careReferral
					f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: map[string]any{
						"person_id": person, "service_id": f.svcA, "need": "treatment", "level_of_care": "withdrawal_management",
						"mode": "live", "status": "draft", "note": "Prefers mornings."}}).json(t, &r)
					if edges == 1 {
						f.checkFHIR(peer, r.ID, care.StatusDraft, true)
					}
					// The moves before the edge are edges of their own, checked where they
					// are the last: each status is read once per edge into it.
					for _, s := range pathTo(from) {
						f.fhirMove(r.ID, s)
					}
					f.fhirMove(r.ID, to)
					f.checkFHIR(peer, r.ID, to, true)
					if to.AgencySees() {
						f.checkFHIR(agency, r.ID, to, false)
					}
				}
			}
			if edges != 26 {
				t.Fatalf("walked %d transitions, want the 26 of the state machine", edges)
			}
		})
	}
}

// checkFHIR reads the referral's Task, ServiceRequest and Bundle and checks them
// against status s.
func (f *accFixture) checkFHIR(token, id string, s care.Status, program bool) {
	f.t.Helper()
	var task struct {
		Status       string `json:"status"`
		StatusReason *struct {
			Text string `json:"text"`
		} `json:"statusReason"`
	}
	f.fhirGet(token, "/fhir/Task/"+id, &task)
	if task.Status != string(s) {
		f.t.Fatalf("Task.status %q after the move to %s", task.Status, s)
	}
	if s.NeedsReason() && (task.StatusReason == nil || task.StatusReason.Text == "") {
		f.t.Fatalf("%s Task without statusReason", s)
	}
	var sr struct {
		Status string `json:"status"`
	}
	f.fhirGet(token, "/fhir/ServiceRequest/"+id, &sr)
	if sr.Status != fhir.RequestStatus(s).Code() {
		f.t.Fatalf("ServiceRequest.status %q for %s", sr.Status, s)
	}
	raw := f.fhirGet(token, "/fhir/Bundle/"+id, nil)
	if err := fhir.Check(raw); err != nil {
		f.t.Fatalf("%s Bundle breaks SDOHCC rules: %v\n%s", s, err, raw)
	}
	if !strings.Contains(string(raw), `"code":"42CFRPart2"`) {
		f.t.Fatalf("%s Bundle of a withdrawal-management referral has no Part 2 label", s)
	}
	shows := program || s.ShowsAgencyPerson()
	if strings.Contains(string(raw), "J. R.") != shows || strings.Contains(string(raw), "Prefers mornings.") != shows {
		f.t.Fatalf("%s Bundle for program=%v shows the person: %v, want %v\n%s", s, program, !shows, shows, raw)
	}
}

// TestFHIRAgencySeesWhatConsentAllows: the receiving agency's Bundle names the person
// only under consent, never under the program's person id; after the consent is
// revoked its Patient is an id and no more; every read is audited, the person's too.
func TestFHIRAgencySeesWhatConsentAllows(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	agency := f.fhirToken("agency")
	person := f.addPerson("J. R.")
	consent := f.addConsent(person, f.orgA)
	var r careReferral
	f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "live")}).json(t, &r)

	before := f.count("audit_log")
	raw := string(f.fhirGet(agency, "/fhir/Bundle/"+r.ID, nil))
	if !strings.Contains(raw, "J. R.") || strings.Contains(raw, person) || strings.Contains(raw, consent) {
		t.Fatalf("agency Bundle under consent: want the name, not the program's ids:\n%s", raw)
	}
	if got := f.count("audit_log") - before; got != 2 {
		t.Fatalf("%d audit rows for one Bundle read, want 2 (referral and person)", got)
	}
	var rows []string
	q, err := f.st.DB().Query("SELECT record_type FROM audit_log ORDER BY seq DESC LIMIT 2")
	if err != nil {
		t.Fatal(err)
	}
	for q.Next() {
		var rt string
		if err := q.Scan(&rt); err != nil {
			t.Fatal(err)
		}
		rows = append(rows, rt)
	}
	q.Close()
	slices.Sort(rows)
	if !slices.Equal(rows, []string{"person", "referral"}) {
		t.Fatalf("audited %v", rows)
	}

	f.must(200, accReq{method: "POST", path: "/api/v1/people/" + person + "/consents/" + consent + "/revoke", who: "peer"})
	raw = string(f.fhirGet(agency, "/fhir/Bundle/"+r.ID, nil))
	for _, leak := range []string{"J. R.", "413-555-0142", "Prefers afternoon", `"resourceType":"Consent"`} {
		if strings.Contains(raw, leak) {
			t.Errorf("after revocation the agency's Bundle still shows %q", leak)
		}
	}
	if err := fhir.Check([]byte(raw)); err != nil {
		t.Fatal(err)
	}
}

// TestFHIRErrorsAreOperationOutcomes: refusals and bad requests on the FHIR routes are
// valid OperationOutcomes with the status of the JSON API's problem for the same thing.
func TestFHIRErrorsAreOperationOutcomes(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	r := f.storeReferral()
	for _, tc := range []struct {
		name   string
		req    accReq
		status int
		code   string
	}{
		{"no login", accReq{method: "GET", path: "/fhir/Task/" + r.ID}, 401, "login"},
		{"wrong role", accReq{method: "GET", path: "/fhir/Task/" + r.ID, who: "admin"}, 403, "forbidden"},
		{"other organization", accReq{method: "GET", path: "/fhir/Bundle/" + r.ID, who: "agency_other"}, 404, "not-found"},
		{"unknown referral", accReq{method: "GET", path: "/fhir/ServiceRequest/7c8e5a84-3b57-4f0e-9d2f-0b1e8f6c2d11", who: "peer"}, 404, "not-found"},
		{"xml", accReq{method: "GET", path: "/fhir/Task/" + r.ID, who: "peer", header: map[string]string{"Accept": "application/fhir+xml"}}, 406, "not-supported"},
		{"_format xml", accReq{method: "GET", path: "/fhir/metadata?_format=xml"}, 406, "not-supported"},
		{"unknown resource", accReq{method: "GET", path: "/fhir/Patient/" + r.PersonID, who: "peer"}, 404, "not-found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := f.do(tc.req)
			if res.status != tc.status || !strings.HasPrefix(res.header.Get("Content-Type"), "application/fhir+json") {
				t.Fatalf("%d %s: %s", res.status, res.header.Get("Content-Type"), res.body)
			}
			if err := fhirschema.Validate(res.body); err != nil {
				t.Fatalf("not a valid OperationOutcome: %v\n%s", err, res.body)
			}
			var o struct {
				ResourceType string
				Issue        []struct{ Code string }
			}
			res.json(t, &o)
			if o.ResourceType != "OperationOutcome" || len(o.Issue) != 1 || o.Issue[0].Code != tc.code {
				t.Fatalf("%s", res.body)
			}
		})
	}
	// The metadata is open, and JSON by default. (The R4 schema's FHIRVersion enum stops
	// at 4.0.0, so the statement's true 4.0.1 is swapped for the check; see care/fhir.)
	res := f.do(accReq{method: "GET", path: "/fhir/metadata?_format=json"})
	raw := strings.Replace(string(res.body), `"fhirVersion":"4.0.1"`, `"fhirVersion":"4.0.0"`, 1)
	if res.status != 200 || raw == string(res.body) || !strings.HasPrefix(res.header.Get("Content-Type"), "application/fhir+json") {
		t.Fatalf("%d %s", res.status, res.body)
	}
	if err := fhirschema.Validate([]byte(raw)); err != nil {
		t.Fatalf("%v\n%s", err, raw)
	}
}

// TestOpenAPIListsFHIRRoutes: every /fhir route is described in /api/v1/openapi.json,
// with its errors as OperationOutcomes, and the document describes no /fhir route the
// server does not have.
func TestOpenAPIListsFHIRRoutes(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	f.must(200, accReq{method: "GET", path: "/api/v1/openapi.json"}).json(t, &doc)
	served := map[string]bool{}
	for _, r := range f.srv.App().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/fhir/") || r.Method != "GET" {
			continue
		}
		path := r.Path
		if strings.HasSuffix(path, "/:id") {
			path = strings.TrimSuffix(path, ":id") + "{id}"
		}
		served[path] = true
		raw, ok := doc.Paths[path]["get"]
		if !ok {
			t.Errorf("GET %s is served but not in /api/v1/openapi.json", path)
			continue
		}
		var op struct {
			Responses map[string]struct {
				Ref string `json:"$ref"`
			} `json:"responses"`
		}
		if err := json.Unmarshal(raw, &op); err != nil {
			t.Fatal(err)
		}
		for status, res := range op.Responses {
			if status != "200" && res.Ref != "#/components/responses/OperationOutcome" {
				t.Errorf("GET %s answers %s as %q, not an OperationOutcome", path, status, res.Ref)
			}
		}
	}
	for path := range doc.Paths {
		if strings.HasPrefix(path, "/fhir/") && !served[path] {
			t.Errorf("the document describes %s, which is not served", path)
		}
	}
	if len(served) != 4 {
		t.Fatalf("%d FHIR routes served, want 4", len(served))
	}
}
