package api_test

// Who may reissue or revoke a referral's agency link (issue 11, finding 6): a fresh link
// shows the person, so only the referral's maker may mint one; a leaked link may be cut
// off by the maker, a coordinator or an admin; the old link's page says it was replaced.

import (
	"strings"
	"testing"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// TestAgencyLinkReissueOnlyByMaker: a clinician and a coordinator of the program who did
// not make the referral cannot reissue its link (403, audited), nor are they shown the
// link of a draft they send; the maker can, and the reissue is audited; the old link's
// page answers 410 and says the program replaced it, without the person; the new one
// works. A clinician who is not the maker cannot revoke it; a coordinator and an admin
// can, and the page then says the link was withdrawn.
func TestAgencyLinkReissueOnlyByMaker(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("Lee Q.")
		f.addConsent(person, f.orgA)
		r := f.liveReferral(person, nil) // made by the peer
		path := "/api/v1/referrals/" + r.ID + "/agency-link"

		refusals := f.auditCount("record=" + r.ID + "&action=reissue-link")
		for _, who := range []string{"clinician", "coordinator", "agency", "admin"} {
			res := f.do(accReq{method: "POST", path: path, who: who})
			if res.status != 403 {
				t.Errorf("%s reissues another's link: %d %s, want 403", who, res.status, res.body)
			}
			if strings.Contains(string(res.body), "/r/hl_") {
				t.Errorf("%s was given a link: %s", who, res.body)
			}
		}
		// The two program roles are refused by the rule, and their refusals are audited
		// (agency and admin are refused by the route policy, audited there).
		if n := f.auditCount("record=" + r.ID + "&action=reissue-link"); n < refusals+2 {
			t.Errorf("refused reissues audited: %d rows, want at least %d", n, refusals+2)
		}
		if status, _, _ := f.linkPage(r.AgencyLink); status != 200 {
			t.Fatalf("the first link stopped working after refused reissues: %d", status)
		}

		reissues := f.auditCount("record=" + r.ID + "&action=reissue-link")
		var again careReferral
		f.must(200, accReq{method: "POST", path: path, who: "peer"}).json(t, &again)
		if again.AgencyLink == "" || again.AgencyLink == r.AgencyLink {
			t.Fatalf("the maker's reissue gave link %q (old %q)", again.AgencyLink, r.AgencyLink)
		}
		if n := f.auditCount("record=" + r.ID + "&action=reissue-link"); n != reissues+1 {
			t.Errorf("the reissue left %d audit rows, want %d", n-reissues, 1)
		}
		status, body, _ := f.linkPage(r.AgencyLink)
		if status != 410 || !strings.Contains(body, "replaced or withdrawn by the program") || strings.Contains(body, "Lee Q.") {
			t.Errorf("the old link after the reissue: %d, says replaced %v, shows the person %v", status,
				strings.Contains(body, "replaced or withdrawn"), strings.Contains(body, "Lee Q."))
		}
		if status, _ := f.linkPost(r.AgencyLink, map[string][]string{"action": {"accept"}}); status != 410 {
			t.Errorf("a post to the old link: %d, want 410", status)
		}
		if status, body, _ := f.linkPage(again.AgencyLink); status != 200 || !strings.Contains(body, "Lee Q.") {
			t.Errorf("the new link: %d", status)
		}

		// Revoking: not by a clinician who did not make it; by a coordinator or an admin.
		if res := f.do(accReq{method: "DELETE", path: path, who: "clinician"}); res.status != 403 {
			t.Errorf("a clinician revokes another's link: %d %s", res.status, res.body)
		}
		if status, _, _ := f.linkPage(again.AgencyLink); status != 200 {
			t.Fatalf("the link stopped after a refused revocation: %d", status)
		}
		f.must(204, accReq{method: "DELETE", path: path, who: "coordinator"})
		if status, body, _ := f.linkPage(again.AgencyLink); status != 410 || !strings.Contains(body, "replaced or withdrawn by the program") {
			t.Errorf("the revoked link: %d, says withdrawn %v", status, strings.Contains(body, "withdrawn"))
		}
		r2 := f.liveReferral(person, nil)
		f.must(204, accReq{method: "DELETE", path: "/api/v1/referrals/" + r2.ID + "/agency-link", who: "admin"})
		if status, _, _ := f.linkPage(r2.AgencyLink); status != 410 {
			t.Errorf("the link an admin revoked: %d", status)
		}

		// A draft the peer made and a coordinator sends: the coordinator is not shown
		// its link; the maker reissues to get it.
		d := f.liveReferral(person, map[string]any{"status": "draft"})
		var sent careReferral
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + d.ID + "/transitions", who: "coordinator",
			body: map[string]any{"to": "requested"}}).json(t, &sent)
		if sent.Status != "requested" || sent.AgencyLink != "" {
			t.Errorf("the coordinator who sent the draft: status %q, link %q; want requested and no link", sent.Status, sent.AgencyLink)
		}
		f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + d.ID + "/agency-link", who: "peer"})
	})
}
