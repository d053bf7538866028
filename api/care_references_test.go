package api_test

// References are checked (issue 11, finding 11): a consent's witness and organizations
// and an encounter's responders must name real records of the right kind, or the write
// is refused with 422 naming the field, and nothing is written.

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// refProblem is a 422 problem's fields.
type refProblem struct {
	Status int `json:"status"`
	Errors []struct {
		Field   string `json:"field"`
		Message string `json:"message"`
	} `json:"errors"`
}

// refused checks that res is a 422 problem naming exactly the fields.
func refused(t *testing.T, what string, res accRes, fields ...string) {
	t.Helper()
	var p refProblem
	if err := json.Unmarshal(res.body, &p); err != nil || res.status != 422 || p.Status != 422 {
		t.Errorf("%s: %d %s, want a 422 problem", what, res.status, res.body)
		return
	}
	got := map[string]bool{}
	for _, e := range p.Errors {
		got[e.Field] = true
	}
	for _, f := range fields {
		if !got[f] {
			t.Errorf("%s: the problem does not name %s: %s", what, f, res.body)
		}
	}
	if len(p.Errors) != len(fields) {
		t.Errorf("%s: the problem names %d fields, want %v: %s", what, len(p.Errors), fields, res.body)
	}
}

// TestCareReferencesChecked: witnessed_by must be an active peer, clinician or
// coordinator (not a random id, not an agency's user, not a disabled account);
// organization_ids must be in the directory; responders must be active peers or
// clinicians (not an agency's user, not a missing one). Each refusal is 422 naming the
// field, and writes nothing; the same requests with good references are accepted.
func TestCareReferencesChecked(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("R. C.")
		gone := f.addUser("peer", "", "Gone Peer", "gone@fixture.example")
		u, err := st.UserByID(ctx, gone.ID)
		if err != nil {
			t.Fatal(err)
		}
		u.Disabled = true
		if err := st.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		consent := func(witness string, orgs ...string) map[string]any {
			return map[string]any{"discloser": "Handoff peer program", "organization_ids": orgs,
				"information": "name and phone", "purpose": "referral",
				"expires_at": time.Now().Add(24 * time.Hour).Format(time.RFC3339), "method": "verbal", "witnessed_by": witness}
		}
		path := "/api/v1/people/" + person + "/consents"
		consents, encounters := f.count("consents"), f.count("encounters")

		refused(t, "a random witness", f.do(accReq{method: "POST", path: path, who: "peer", body: consent(directory.NewID(), f.orgA)}), "witnessed_by")
		refused(t, "another organization's agency user as witness", f.do(accReq{method: "POST", path: path, who: "peer",
			body: consent(f.users["agency_other"].ID, f.orgA)}), "witnessed_by")
		refused(t, "the agency's own user as witness", f.do(accReq{method: "POST", path: path, who: "peer",
			body: consent(f.users["agency"].ID, f.orgA)}), "witnessed_by")
		refused(t, "an admin as witness", f.do(accReq{method: "POST", path: path, who: "peer", body: consent(f.users["admin"].ID, f.orgA)}), "witnessed_by")
		refused(t, "a disabled witness", f.do(accReq{method: "POST", path: path, who: "peer", body: consent(gone.ID, f.orgA)}), "witnessed_by")
		refused(t, "an unknown organization", f.do(accReq{method: "POST", path: path, who: "peer",
			body: consent(f.users["clinician"].ID, f.orgA, directory.NewID())}), "organization_ids[1]")
		refused(t, "both", f.do(accReq{method: "POST", path: path, who: "peer",
			body: consent(directory.NewID(), directory.NewID())}), "witnessed_by", "organization_ids[0]")

		encounter := func(responders ...string) map[string]any {
			return map[string]any{"occurred_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "source": "walk_in",
				"town": "Holyoke", "disposition": "other", "person_id": person, "responders": responders}
		}
		refused(t, "an agency user as responder", f.do(accReq{method: "POST", path: "/api/v1/encounters", who: "peer",
			body: encounter(f.users["peer"].ID, f.users["agency"].ID)}), "responders[1]")
		refused(t, "a missing responder", f.do(accReq{method: "POST", path: "/api/v1/encounters", who: "peer",
			body: encounter(directory.NewID())}), "responders[0]")
		refused(t, "a coordinator as responder", f.do(accReq{method: "POST", path: "/api/v1/encounters", who: "peer",
			body: encounter(f.users["clinician"].ID, f.users["coordinator"].ID)}), "responders[1]")
		refused(t, "a disabled responder", f.do(accReq{method: "POST", path: "/api/v1/encounters", who: "peer",
			body: encounter(gone.ID)}), "responders[0]")

		if n := f.count("consents"); n != consents {
			t.Errorf("refused consents wrote %d rows", n-consents)
		}
		if n := f.count("encounters"); n != encounters {
			t.Errorf("refused encounters wrote %d rows", n-encounters)
		}

		// Good references: a clinician or the coordinator themself as witness, both
		// organizations; a peer and a clinician as responders; a coordinator recording
		// a call without naming responders.
		f.must(201, accReq{method: "POST", path: path, who: "peer", body: consent(f.users["clinician"].ID, f.orgA, f.orgB)})
		f.must(201, accReq{method: "POST", path: path, who: "coordinator", body: consent(f.users["coordinator"].ID, f.orgA)})
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: encounter(f.users["peer"].ID, f.users["clinician"].ID)})
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "coordinator", body: encounter()})
	})
}
