package api_test

// Tests of the security review of the care routes: what the receiving agency sees of
// voided, cancelled and draft referrals and of the program's reasons, and that every
// read of personal data leaves an audit row naming the record.

import (
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

type agencySeen struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
	Note         string `json:"note"`
	Shared       bool   `json:"shared"`
	Person       any    `json:"person"`
	History      []struct {
		To     string `json:"to"`
		Reason string `json:"reason"`
	} `json:"history"`
}

func (f *accFixture) auditCount(query string) int {
	f.t.Helper()
	var a struct {
		Total int `json:"total"`
	}
	f.must(200, accReq{method: "GET", path: "/api/v1/audit?" + query, who: "admin"}).json(f.t, &a)
	return a.Total
}

func (f *accFixture) liveReferral(person string, extra map[string]any) careReferral {
	f.t.Helper()
	body := referralBody(person, f.svcA, "live")
	for k, v := range extra {
		body[k] = v
	}
	var r careReferral
	f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: body}).json(f.t, &r)
	return r
}

func (f *accFixture) agencyGet(id string) agencySeen {
	f.t.Helper()
	var v agencySeen
	f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + id, who: "agency"}).json(f.t, &v)
	return v
}

// TestAgencyLosesVoidedReferral: once a referral is cancelled or entered in error, the
// agency no longer sees the person or the note, its link stops working, and the link
// cannot be reissued.
func TestAgencyLosesVoidedReferral(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("V. R.")
		f.addConsent(person, f.orgA)
		for _, to := range []string{"cancelled", "entered-in-error"} {
			r := f.liveReferral(person, nil)
			if v := f.agencyGet(r.ID); v.Person == nil || !v.Shared || v.Note == "" {
				t.Fatalf("%s: before the move the agency should see the person: %+v", to, v)
			}
			if status, _, _ := f.linkPage(r.AgencyLink); status != 200 {
				t.Fatalf("%s: link page before the move: %d", to, status)
			}
			f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "peer",
				body: map[string]any{"to": to, "reason": "wrong person entirely, Ms Example"}})
			v := f.agencyGet(r.ID)
			if v.Person != nil || v.Shared || v.Note != "" || v.StatusReason != "" {
				t.Errorf("%s: the agency still sees the person, note or reason: %+v", to, v)
			}
			for _, m := range v.History {
				if m.Reason != "" {
					t.Errorf("%s: history reason shown to the agency: %+v", to, m)
				}
			}
			if status, body, _ := f.linkPage(r.AgencyLink); status != 410 || strings.Contains(body, "V. R.") {
				t.Errorf("%s: link page after the move: %d", to, status)
			}
			if res := f.do(accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/agency-link", who: "peer"}); res.status != 409 {
				t.Errorf("%s: reissue: %d %s, want 409", to, res.status, res.body)
			}
		}
		// An open referral's link may still be reissued.
		r := f.liveReferral(person, nil)
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/agency-link", who: "peer"})
	})
}

// TestAgencyDoesNotSeeDrafts: a live draft is the program's until it is requested.
func TestAgencyDoesNotSeeDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("D. R.")
		f.addConsent(person, f.orgA)
		disclosures := f.count("disclosures")
		r := f.liveReferral(person, map[string]any{"status": "draft"})
		if r.Status != "draft" || r.AgencyLink != "" {
			t.Fatalf("draft: status %q, link %q; want a draft without a link", r.Status, r.AgencyLink)
		}
		if n := f.count("disclosures"); n != disclosures {
			t.Errorf("a draft recorded a disclosure: %d, want %d", n, disclosures)
		}
		if res := f.do(accReq{method: "GET", path: "/api/v1/referrals/" + r.ID, who: "agency"}); res.status != 404 {
			t.Errorf("agency reads a draft: %d %s", res.status, res.body)
		}
		inbox := func(q string) []agencySeen {
			var page struct {
				Items []agencySeen `json:"items"`
				Data  []agencySeen `json:"data"`
			}
			f.must(200, accReq{method: "GET", path: "/api/v1/agency/referrals" + q, who: "agency"}).json(t, &page)
			return append(page.Items, page.Data...)
		}
		for _, q := range []string{"", "?status=draft", "?status=draft,requested"} {
			for _, v := range inbox(q) {
				if v.ID == r.ID {
					t.Errorf("inbox%s holds the draft", q)
				}
			}
		}
		var sent careReferral
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "peer",
			body: map[string]any{"to": "requested"}}).json(t, &sent)
		if sent.AgencyLink == "" {
			t.Fatal("the requested draft got no agency link")
		}
		if n := f.count("disclosures"); n != disclosures+1 {
			t.Errorf("disclosures after the request: %d, want %d", n, disclosures+1)
		}
		if status, body, _ := f.linkPage(sent.AgencyLink); status != 200 || !strings.Contains(body, "D. R.") {
			t.Errorf("link page of the sent referral: %d", status)
		}
		// A draft voided before it was sent discloses nothing.
		void := f.liveReferral(person, map[string]any{"status": "draft"})
		var voided careReferral
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + void.ID + "/transitions", who: "peer",
			body: map[string]any{"to": "entered-in-error", "reason": "made twice"}}).json(t, &voided)
		if voided.AgencyLink != "" || f.count("disclosures") != disclosures+1 {
			t.Errorf("a voided draft got a link (%q) or a disclosure", voided.AgencyLink)
		}
		if v := f.agencyGet(r.ID); v.Person == nil {
			t.Errorf("requested referral: the agency should see the person: %+v", v)
		}
		found := false
		for _, v := range inbox("") {
			found = found || v.ID == r.ID
		}
		if !found {
			t.Error("the requested referral is not in the inbox")
		}
	})
}

// TestAgencyReasonsFollowConsent: the program's reasons reach the agency only while a
// consent covers it; the agency's own reasons always.
func TestAgencyReasonsFollowConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("R. C.")
		k := f.addConsent(person, f.orgA)
		r := f.liveReferral(person, nil)
		move := func(who string, body map[string]any) {
			f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: who, body: body})
		}
		move("agency", map[string]any{"to": "accepted"})
		move("peer", map[string]any{"to": "on-hold", "reason": "admitted to hospital overnight"})
		if v := f.agencyGet(r.ID); v.StatusReason == "" {
			t.Errorf("under consent the agency should read the hold reason: %+v", v)
		}
		move("peer", map[string]any{"to": "in-progress"})
		move("agency", map[string]any{"to": "failed", "reason": "no answer after three calls", "outcome": "could-not-contact"})
		f.must(200, accReq{method: "POST", path: "/api/v1/people/" + person + "/consents/" + k + "/revoke", who: "peer"})
		v := f.agencyGet(r.ID)
		if v.Shared || v.Person != nil {
			t.Fatalf("after revocation: %+v", v)
		}
		if v.StatusReason != "no answer after three calls" {
			t.Errorf("the agency's own reason: %q", v.StatusReason)
		}
		for _, m := range v.History {
			if m.To == "on-hold" && m.Reason != "" {
				t.Errorf("program's reason shown without consent: %+v", m)
			}
			if m.To == "failed" && m.Reason == "" {
				t.Errorf("agency's own reason hidden: %+v", m)
			}
		}
	})
}

// TestCareReadsAudited: list reads name each record they returned, a merged person's
// read and the link page's re-renders are audited.
func TestCareReadsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("Audit Subject")
		f.addConsent(person, f.orgA)
		f.must(200, accReq{method: "GET", path: "/api/v1/people?q=subject", who: "peer"})
		if n := f.auditCount("record_type=person&action=search&record=" + person); n != 1 {
			t.Errorf("people search audit rows naming the person: %d, want 1", n)
		}
		r := f.liveReferral(person, nil)
		f.must(200, accReq{method: "GET", path: "/api/v1/agency/referrals", who: "agency"})
		if n := f.auditCount("record_type=referral&action=list&record=" + r.ID); n != 1 {
			t.Errorf("agency inbox audit rows naming the referral: %d, want 1", n)
		}

		// A re-render of the link page (stale form) is a read.
		_, _, tok := f.linkPage(r.AgencyLink)
		before := f.auditCount("record_type=referral&action=read&record=" + r.ID)
		if status, _ := f.linkPost(r.AgencyLink, map[string][]string{"form_token": {tok + "x"}, "action": {"accept"}}); status != 409 {
			t.Fatalf("stale form: %d", status)
		}
		if status, _ := f.linkPost(r.AgencyLink, map[string][]string{"form_token": {tok}, "action": {"nothing"}}); status != 400 {
			t.Fatalf("bad action: %d", status)
		}
		if n := f.auditCount("record_type=referral&action=read&record=" + r.ID); n != before+2 {
			t.Errorf("link page re-renders audited: %d read rows, want %d", n, before+2)
		}

		// A merged person's read.
		dup := f.addPerson("Audit Subject Dup")
		f.must(200, accReq{method: "POST", path: "/api/v1/people/" + person + "/merge", who: "coordinator",
			body: map[string]any{"duplicate_id": dup}})
		if res := f.do(accReq{method: "GET", path: "/api/v1/people/" + dup, who: "peer"}); res.status != 409 {
			t.Fatalf("merged read: %d %s", res.status, res.body)
		}
		if n := f.auditCount("record_type=person&action=read&record=" + dup); n != 1 {
			t.Errorf("merged person read audit rows: %d, want 1", n)
		}
	})
}

// TestReasonsSealed: the reasons of referral moves and of no follow-up are sealed at
// rest like notes, read back opened, and the referral measure still groups rejections
// by their reason.
func TestReasonsSealed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("S. R.")
		var r careReferral
		f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "logged")}).json(t, &r)
		const reason = "canary-reason no beds for Ms Example"
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "peer",
			body: map[string]any{"to": "rejected", "reason": reason}})
		var got struct {
			StatusReason string `json:"status_reason"`
			History      []struct {
				Reason string `json:"reason"`
			} `json:"history"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/referrals/" + r.ID, who: "peer"}).json(t, &got)
		if got.StatusReason != reason || len(got.History) != 2 || got.History[1].Reason != reason {
			t.Fatalf("reasons read back: %+v", got)
		}
		var e struct {
			ID               string `json:"id"`
			NoFollowUpReason string `json:"no_follow_up_reason"`
		}
		f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: map[string]any{
			"person_id": person, "occurred_at": time.Now().Add(-time.Hour).Format(time.RFC3339), "source": "walk_in",
			"town": "Holyoke", "disposition": "other", "no_follow_up_reason": reason}}).json(t, &e)
		var ge struct {
			Items []struct {
				ID               string `json:"id"`
				NoFollowUpReason string `json:"no_follow_up_reason"`
			} `json:"items"`
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/encounters?person=" + person, who: "peer"}).json(t, &ge)
		if len(ge.Items) != 1 || ge.Items[0].NoFollowUpReason != reason {
			t.Errorf("no-follow-up reason read back: %+v", ge)
		}
		// The list read named the encounter it returned.
		if n := f.auditCount("record_type=encounter&action=list&record=" + e.ID); n != 1 {
			t.Errorf("encounter list audit rows naming the encounter: %d, want 1", n)
		}
		for _, q := range []string{"SELECT status_reason FROM referrals", "SELECT reason FROM referral_transitions",
			"SELECT no_follow_up_reason FROM encounters"} {
			rows, err := st.DB().Query(q)
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v string
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(v, "canary-reason") {
					t.Errorf("%s holds a reason in clear", q)
				}
			}
			rows.Close()
		}
		var m struct {
			RejectionReasons []struct {
				Reason string `json:"reason"`
				Count  int    `json:"count"`
			} `json:"rejection_reasons"`
		}
		// Suppression off: the test reads a count of one.
		f.sibling(api.Options{SmallCellSuppression: -1}).must(200, accReq{method: "GET", path: "/api/v1/measures/referrals", who: "coordinator"}).json(t, &m)
		found := false
		for _, x := range m.RejectionReasons {
			found = found || (strings.Contains(strings.ToLower(x.Reason), "no beds") && x.Count == 1)
		}
		if !found {
			t.Errorf("rejection reasons of the measure: %+v", m.RejectionReasons)
		}
	})
}
