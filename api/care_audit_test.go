package api_test

// The audit rows of the care routes' writes are appended by the store inside the write's
// transaction (store.CareStore.Audited); these tests check that each write over HTTP
// still leaves exactly one row, naming the request, as the handlers' rows did.

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"handoff/api"
	"handoff/care"
	"handoff/store"
	"handoff/store/storetest"
)

// auditRows is the whole audit log, newest first.
func (f *accFixture) auditRows() []store.AuditEntry {
	f.t.Helper()
	rows, _, err := f.st.AuditEntries(context.Background(), store.AuditFilter{}, store.Page{Number: 1, PerPage: 1000})
	if err != nil {
		f.t.Fatal(err)
	}
	return rows
}

// idOf reads the id of the record a write answered.
func idOf(t *testing.T, res accRes) string {
	t.Helper()
	var v struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(res.body, &v); err != nil || v.ID == "" {
		t.Fatalf("no id in the answer: %v %.200s", err, res.body)
	}
	return v.ID
}

// TestCareWritesAudited: each write route leaves exactly one audit row, allowed, with
// the handlers' action, record type and record id, and the request's user, role,
// address and request id.
func TestCareWritesAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := careNew(t, st, api.Options{})
		cases := []struct {
			name, who, action, recordType string
			// write sets up through the unaudited store view, makes one request, and
			// returns its answer and the record id the row must name.
			write func(t *testing.T) (accRes, string)
		}{
			{"create person", "peer", "create", "person", func(t *testing.T) (accRes, string) {
				res := f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer", body: map[string]any{"display_name": "W. A."}})
				return res, idOf(t, res)
			}},
			{"merge people", "coordinator", "merge", "person", func(t *testing.T) (accRes, string) {
				keep, dup := f.storePerson(), f.storePerson()
				res := f.must(200, accReq{method: "POST", path: "/api/v1/people/" + keep + "/merge", who: "coordinator",
					body: map[string]any{"duplicate_id": dup}})
				return res, dup + ">" + keep
			}},
			{"update person", "clinician", "update", "person", func(t *testing.T) (accRes, string) {
				id := f.storePerson()
				return f.must(200, accReq{method: "PATCH", path: "/api/v1/people/" + id, who: "clinician",
					body: map[string]any{"display_name": "M. Y."}, header: map[string]string{"If-Match": `"p1"`}}), id
			}},
			{"create consent", "peer", "create", "consent", func(t *testing.T) (accRes, string) {
				res := f.must(201, accReq{method: "POST", path: "/api/v1/people/" + f.storePerson() + "/consents", who: "peer", body: map[string]any{
					"discloser": "Handoff peer program", "organization_ids": []string{f.orgA}, "information": "name and phone",
					"purpose": "referral", "expires_at": time.Now().Add(90 * 24 * time.Hour).Format(time.RFC3339), "method": "verbal",
					"witnessed_by": f.users["clinician"].ID}})
				return res, idOf(t, res)
			}},
			{"revoke consent", "clinician", "revoke", "consent", func(t *testing.T) (accRes, string) {
				r := f.storeReferral()
				res := f.must(200, accReq{method: "POST", path: "/api/v1/people/" + r.PersonID + "/consents/" + r.ConsentID + "/revoke", who: "clinician"})
				return res, r.ConsentID
			}},
			{"create encounter", "peer", "create", "encounter", func(t *testing.T) (accRes, string) {
				res := f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
					"person_id": f.storePerson(), "occurred_at": time.Now().Format(time.RFC3339), "source": "walk_in",
					"town": "Holyoke", "disposition": "resolved_on_scene"}})
				return res, idOf(t, res)
			}},
			{"create follow-up", "peer", "create", "follow_up", func(t *testing.T) (accRes, string) {
				res := f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups", who: "peer", body: map[string]any{"person_id": f.storePerson()}})
				return res, idOf(t, res)
			}},
			{"add attempt", "peer", "create", "follow_up_attempt", func(t *testing.T) (accRes, string) {
				fu := care.FollowUp{PersonID: f.storePerson(), AssigneeID: f.users["peer"].ID, DueAt: time.Now(), Status: care.FollowUpOpen}
				if err := f.careStore().CreateFollowUp(ctx, &fu); err != nil {
					t.Fatal(err)
				}
				res := f.must(201, accReq{method: "POST", path: "/api/v1/follow-ups/" + fu.ID + "/attempts", who: "peer",
					body: map[string]any{"channel": "phone", "outcome": "no_answer"}})
				return res, fu.ID
			}},
			{"reassign follow-up", "coordinator", "reassign", "follow_up", func(t *testing.T) (accRes, string) {
				fu := care.FollowUp{PersonID: f.storePerson(), AssigneeID: f.users["peer"].ID, DueAt: time.Now(), Status: care.FollowUpOpen}
				if err := f.careStore().CreateFollowUp(ctx, &fu); err != nil {
					t.Fatal(err)
				}
				return f.must(200, accReq{method: "PATCH", path: "/api/v1/follow-ups/" + fu.ID, who: "coordinator",
					body: map[string]any{"assignee_id": f.users["clinician"].ID}}), fu.ID
			}},
			{"start shift", "clinician", "start", "shift", func(t *testing.T) (accRes, string) {
				res := f.must(201, accReq{method: "POST", path: "/api/v1/shifts/start", who: "clinician"})
				return res, idOf(t, res)
			}},
			{"end shift", "clinician", "end", "shift", func(t *testing.T) (accRes, string) {
				res := f.must(200, accReq{method: "POST", path: "/api/v1/shifts/end", who: "clinician"})
				return res, idOf(t, res)
			}},
			{"create resource list", "peer", "create", "resource_list", func(t *testing.T) (accRes, string) {
				res := f.must(201, accReq{method: "POST", path: "/api/v1/resource-lists", who: "peer",
					body: map[string]any{"service_ids": []string{f.svcA}, "language": "en"}})
				return res, idOf(t, res)
			}},
			{"create referral", "peer", "create", "referral", func(t *testing.T) (accRes, string) {
				res := f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(f.storePerson(), f.svcA, "logged")})
				return res, idOf(t, res)
			}},
			{"transition referral", "peer", "transition", "referral", func(t *testing.T) (accRes, string) {
				r := f.storeReferral()
				res := f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "peer",
					body: map[string]any{"to": "accepted"}})
				return res, r.ID
			}},
			{"agency transition", "agency", "transition", "referral", func(t *testing.T) (accRes, string) {
				r := f.storeReferral()
				res := f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "agency",
					body: map[string]any{"to": "accepted"}})
				return res, r.ID
			}},
			{"reissue agency link", "peer", "reissue-link", "referral", func(t *testing.T) (accRes, string) {
				r := f.storeReferral()
				return f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/agency-link", who: "peer"}), r.ID
			}},
			{"revoke agency link", "peer", "revoke-link", "referral", func(t *testing.T) (accRes, string) {
				r := f.storeReferral()
				return f.must(204, accReq{method: "DELETE", path: "/api/v1/referrals/" + r.ID + "/agency-link", who: "peer"}), r.ID
			}},
		}
		// No subtests: the fixture's helpers fail the test they were made with.
		for _, tc := range cases {
			before := len(f.auditRows())
			res, id := tc.write(t)
			rows := f.auditRows()
			if len(rows) != before+1 {
				t.Errorf("%s: audit rows: %d new, want exactly 1: %+v", tc.name, len(rows)-before, rows[:max(len(rows)-before, 0)])
				continue
			}
			u := f.users[tc.who]
			want := store.AuditEntry{Seq: rows[0].Seq, At: rows[0].At, UserID: u.ID, Role: u.Role, ClientIP: "127.0.0.1",
				Action: tc.action, RecordType: tc.recordType, RecordID: id, Allowed: true, RequestID: res.header.Get("X-Request-Id"),
				PrevHash: rows[0].PrevHash, Hash: rows[0].Hash}
			if want.RequestID == "" || rows[0] != want {
				t.Errorf("%s: audit row\n got %+v\nwant %+v", tc.name, rows[0], want)
			}
		}

		// The agency-link page's move is audited in its transaction too, with the page
		// as the detail, and no one signed in.
		r := f.storeReferral()
		link := f.base + "/r/" + r.AgencyLinkToken
		_, _, tok := f.linkPage(link)
		if status, body := f.linkPost(link, url.Values{"form_token": {tok}, "action": {"accept"}}); status != 200 {
			t.Fatalf("accept by link: %d %.200s", status, body)
		}
		rows, _, err := st.AuditEntries(ctx, store.AuditFilter{Action: "transition", RecordType: "referral", RecordID: r.ID},
			store.Page{Number: 1, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1 || !rows[0].Allowed || rows[0].Detail != "agency-link" || rows[0].UserID != "" || rows[0].RequestID == "" {
			t.Errorf("link move audit rows: %+v, want one allowed row with detail agency-link", rows)
		}
	})
}
