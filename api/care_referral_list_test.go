package api_test

import (
	"slices"
	"testing"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

type listedReferralPage struct {
	Items []struct {
		careReferral
		ServiceName      string `json:"service_name"`
		OrganizationName string `json:"organization_name"`
		StatusReason     string `json:"status_reason"`
		CreatedBy        string `json:"created_by"`
	} `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

func (p listedReferralPage) ids() []string {
	var out []string
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	return out
}

// TestReferralList: GET /api/v1/referrals. A peer sees the referrals they made, latest
// moved first, with service, organization and person names and the history; not a
// colleague's, except all of one person's; a coordinator anyone's. Statuses filter
// (repeated or comma-separated); agency and admin get 403, anonymous 401; the list and the
// people it shows are audited.
func TestReferralList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		jr := f.addPerson("J. R.")
		mt := f.addPerson("M. T.")
		f.addConsent(jr, f.orgA)
		mk := func(who, person, mode string) string {
			return idOf(t, f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: who, body: referralBody(person, f.svcA, mode)}))
		}
		waiting := mk("peer", jr, "live")
		declined := mk("peer", jr, "live")
		colleague := mk("clinician", mt, "logged")
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + declined + "/transitions", who: "agency",
			body: map[string]any{"to": "rejected", "reason": "No beds this week"}})

		list := func(who, q string) listedReferralPage {
			t.Helper()
			var p listedReferralPage
			f.must(200, accReq{method: "GET", path: "/api/v1/referrals" + q, who: who}).json(t, &p)
			return p
		}

		// The peer's own, latest moved first, readable.
		before := len(f.auditRows())
		mine := list("peer", "?created_by=me")
		if got, want := mine.ids(), []string{declined, waiting}; !slices.Equal(got, want) || mine.Total != 2 || mine.Page != 1 || mine.PerPage == 0 {
			t.Fatalf("the peer's referrals: %v (total %d), want %v", got, mine.Total, want)
		}
		d := mine.Items[0]
		if d.Status != "rejected" || d.StatusReason != "No beds this week" || len(d.History) != 2 || d.ServiceName == "" ||
			d.OrganizationName != "Organization A" || d.Person["display_name"] != "J. R." || d.Person["id"] != jr || d.Note == "" {
			t.Errorf("the declined referral as listed: %+v", d)
		}
		rows := f.auditRows()[:len(f.auditRows())-before]
		var refs, people []string
		for _, r := range rows {
			if r.Action != "list" || !r.Allowed || r.UserID != f.users["peer"].ID {
				t.Errorf("unexpected audit row %+v", r)
			}
			switch r.RecordType {
			case "referral":
				refs = append(refs, r.RecordID)
			case "person":
				people = append(people, r.RecordID)
			}
		}
		slices.Sort(refs)
		wantRefs := []string{declined, waiting}
		slices.Sort(wantRefs)
		if !slices.Equal(refs, wantRefs) || !slices.Equal(people, []string{jr}) {
			t.Errorf("audit rows: referrals %v, people %v; want %v and [%s]", refs, people, wantRefs, jr)
		}

		// No filter is the same for a peer; their own id too.
		if got := list("peer", "").ids(); !slices.Equal(got, []string{declined, waiting}) {
			t.Errorf("the peer without filters: %v", got)
		}
		if got := list("peer", "?created_by="+f.users["peer"].ID).ids(); len(got) != 2 {
			t.Errorf("the peer by their own id: %v", got)
		}
		// Not a colleague's...
		f.must(403, accReq{method: "GET", path: "/api/v1/referrals?created_by=" + f.users["clinician"].ID, who: "peer"})
		if r := f.auditRows()[0]; r.Allowed || r.Action != "list" || r.RecordType != "referral" || r.Detail != "role" {
			t.Errorf("the refusal's audit row: %+v", r)
		}
		if got := list("clinician", "").ids(); !slices.Equal(got, []string{colleague}) {
			t.Errorf("the clinician's own: %v", got)
		}
		// ...except all of one person's, which the person's file shows anyway.
		if got := list("peer", "?person_id="+mt).ids(); !slices.Equal(got, []string{colleague}) {
			t.Errorf("M. T.'s referrals for the peer: %v", got)
		}

		// Statuses, repeated or comma-separated.
		if got := list("peer", "?created_by=me&status=rejected").ids(); !slices.Equal(got, []string{declined}) {
			t.Errorf("status=rejected: %v", got)
		}
		if got := list("peer", "?created_by=me&status=requested&status=accepted").ids(); !slices.Equal(got, []string{waiting}) {
			t.Errorf("status=requested&status=accepted: %v", got)
		}
		if got := list("peer", "?status=completed,rejected").ids(); !slices.Equal(got, []string{declined}) {
			t.Errorf("status=completed,rejected: %v", got)
		}
		if got := list("peer", "?status=completed"); len(got.Items) != 0 || got.Total != 0 {
			t.Errorf("status=completed: %+v", got)
		}
		f.must(400, accReq{method: "GET", path: "/api/v1/referrals?status=approved", who: "peer"})
		f.must(400, accReq{method: "GET", path: "/api/v1/referrals?created_by=someone", who: "peer"})

		// A coordinator: anyone's, and everyone's without filters; no notes.
		if got := list("coordinator", "?created_by="+f.users["peer"].ID).ids(); !slices.Equal(got, []string{declined, waiting}) {
			t.Errorf("the peer's referrals for the coordinator: %v", got)
		}
		all := list("coordinator", "")
		if all.Total != 3 {
			t.Errorf("the coordinator sees %d referrals, want 3", all.Total)
		}
		for _, it := range all.Items {
			if it.Note != "" {
				t.Errorf("the coordinator sees the note of %s", it.ID)
			}
		}
		if got := list("coordinator", "?created_by=me"); got.Total != 0 {
			t.Errorf("the coordinator made none: %+v", got)
		}

		// Not for agencies or admins; not without a login.
		for who, want := range map[string]int{"agency": 403, "agency_other": 403, "admin": 403, "anon": 401} {
			f.must(want, accReq{method: "GET", path: "/api/v1/referrals?created_by=me", who: who})
		}
	})
}
