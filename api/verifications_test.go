package api_test

import (
	"net/url"
	"testing"
	"time"

	"handoff/api"
	"handoff/directory"
	"handoff/store/storetest"
)

type apiVerification struct {
	ID, Method, Result, Note string
	ByName                   string `json:"by_name"`
	ServiceID                string `json:"service_id"`
}

type apiQueue struct {
	Items []struct {
		ServiceID string `json:"service_id"`
		Name      string `json:"name"`
		Phone     string `json:"phone"`
		Crisis    bool   `json:"crisis"`
		OpenFlags int    `json:"open_flags"`
		Reasons   []struct {
			Code, Text string
		} `json:"reasons"`
	} `json:"items"`
	Total int `json:"total"`
}

// TestVerificationRoutes: who may record and read a listing's checks, what a
// confirmation changes (assured_date, the version, search within a second) and what a
// refused or bad request leaves alone; on SQLite and PostgreSQL.
func TestVerificationRoutes(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			st := b.Open(t)
			f := careNew(t, st, careWithSearch(t, st))
			path := "/api/v1/services/" + f.svcA + "/verifications"
			today := directory.AssuredDateOf(time.Now())
			before := f.snapshot()
			nChecks := func() int { return f.count("verifications") }

			// Refused: nothing changes, and the refusal says which field.
			for _, c := range []struct {
				who  string
				path string
				body map[string]any
				want int
				// field the problem must name, if any
				field string
			}{
				{"anon", path, map[string]any{"method": "phone", "result": "confirmed"}, 401, ""},
				{"peer", path, map[string]any{"method": "phone", "result": "confirmed"}, 403, ""},
				{"clinician", path, map[string]any{"method": "phone", "result": "confirmed"}, 403, ""},
				{"agency", path, map[string]any{"method": "phone", "result": "confirmed"}, 403, "method"},
				{"agency_other", path, map[string]any{"method": "self-confirm", "result": "confirmed"}, 403, "method"},
				{"agency", "/api/v1/services/" + f.svcB + "/verifications", map[string]any{"method": "self-confirm", "result": "confirmed"}, 403, "method"},
				{"coordinator", path, map[string]any{"method": "carrier pigeon", "result": "confirmed"}, 400, "method"},
				{"coordinator", path, map[string]any{"method": "phone"}, 400, "result"},
				{"coordinator", path, map[string]any{"method": "phone", "result": "confirmed", "note": string(make([]byte, 1001))}, 400, "note"},
				{"coordinator", path, map[string]any{"method": "phone", "result": "confirmed", "when": "yesterday"}, 400, "when"},
				{"coordinator", "/api/v1/services/" + directory.NewID() + "/verifications", map[string]any{"method": "phone", "result": "confirmed"}, 404, ""},
			} {
				res := f.do(accReq{method: "POST", path: c.path, who: c.who, body: c.body})
				if res.status != c.want {
					t.Fatalf("%s %v: %d, want %d: %s", c.who, c.body, res.status, c.want, res.body)
				}
				if c.field != "" {
					var p struct{ Errors []directory.FieldError }
					res.json(t, &p)
					if len(p.Errors) == 0 || p.Errors[0].Field != c.field {
						t.Fatalf("%s %v: problem names %v, want %s", c.who, c.body, p.Errors, c.field)
					}
				}
			}
			if n := nChecks(); n != 0 {
				t.Fatalf("refused requests recorded %d checks", n)
			}
			if after := f.snapshot(); after["changes"] != before["changes"] {
				t.Fatalf("refused requests changed the feed: %v -> %v", before, after)
			}
			var svc directory.Service
			f.must(200, accReq{method: "GET", path: "/api/v1/services/" + f.svcA}).json(t, &svc)
			if svc.AssuredDate == today {
				t.Fatal("refused requests confirmed the listing")
			}

			// Agency staff confirm their own listing; a coordinator records a failed call.
			var v apiVerification
			f.must(201, accReq{method: "POST", path: path, who: "agency", body: map[string]any{"method": "self-confirm", "result": "confirmed", "note": "Hours are right."}}).json(t, &v)
			if v.Method != "self-confirm" || v.Result != "confirmed" || v.ByName != "Fixture agency" || v.ServiceID != f.svcA {
				t.Fatalf("check %+v", v)
			}
			f.must(200, accReq{method: "GET", path: "/api/v1/services/" + f.svcA}).json(t, &svc)
			if svc.AssuredDate != today {
				t.Fatalf("assured_date %q after a confirmation, want %q", svc.AssuredDate, today)
			}
			waitSearchAssured(t, f, "Organization A food pantry", f.svcA, today)
			f.must(201, accReq{method: "POST", path: path, who: "coordinator", body: map[string]any{"method": "phone", "result": "could-not-reach"}})
			f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcB + "/verifications", who: "admin", body: map[string]any{"method": "site-visit", "result": "changes-needed"}})

			// The history: newest first, for the owner, coordinators and admins only.
			var hist struct {
				Items []apiVerification
				Total int
			}
			for _, who := range []string{"agency", "coordinator", "admin"} {
				f.must(200, accReq{method: "GET", path: path, who: who}).json(t, &hist)
				if hist.Total != 2 || hist.Items[0].Result != "could-not-reach" || hist.Items[1].Note != "Hours are right." {
					t.Fatalf("%s: history %+v", who, hist)
				}
			}
			for who, want := range map[string]int{"agency_other": 403, "peer": 403, "clinician": 403, "anon": 401} {
				f.must(want, accReq{method: "GET", path: path, who: who})
			}

			// Audited: three checks allowed, and the refusals by organization or method.
			var allowed, refused int
			f.st.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'verify' AND allowed = $1`, true).Scan(&allowed)
			f.st.DB().QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'verify' AND allowed = $1`, false).Scan(&refused)
			if allowed != 3 || refused != 3 {
				t.Errorf("audit: %d allowed, %d refused verify rows, want 3 and 3", allowed, refused)
			}

			// An API write that sends an older assured_date keeps the confirmed one.
			f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "admin", body: map[string]any{"assured_date": "2020-01-01"}}).json(t, &svc)
			if svc.AssuredDate != today {
				t.Fatalf("PATCH moved the confirmed assured_date to %q", svc.AssuredDate)
			}
		})
	}
}

// waitSearchAssured waits up to a second for search to show the service's new date.
func waitSearchAssured(t *testing.T, f *accFixture, q, id, want string) {
	t.Helper()
	var got string
	for start := time.Now(); time.Since(start) < time.Second; time.Sleep(20 * time.Millisecond) {
		var res struct {
			Items []struct {
				Service struct {
					ID          string `json:"id"`
					AssuredDate string `json:"assured_date"`
				} `json:"service"`
			}
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/search?q=" + url.QueryEscape(q)}).json(t, &res)
		for _, it := range res.Items {
			if it.Service.ID == id {
				got = it.Service.AssuredDate
			}
		}
		if got == want {
			return
		}
	}
	t.Fatalf("search shows assured_date %q a second after the confirmation, want %q", got, want)
}

// TestFreshnessQueue is acceptance 5 over HTTP: a stale crisis service comes before a
// fresher food pantry, and a referral the agency ended "no room" puts its freshly
// confirmed listing in the queue; a coordinator's confirmation takes it out. Only
// coordinators and admins read the queue. On SQLite and PostgreSQL.
func TestFreshnessQueue(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{})
			day := func(n int) string { return time.Now().AddDate(0, 0, -n).Format(time.DateOnly) }
			crisisID := f.queueService("Valley crisis line", "crisis", day(45))
			pantryID := f.queueService("Valley food pantry", "food", day(100))
			shelterID := f.queueService("Valley shelter", "housing", day(2))
			// The fixture's own services were never confirmed: confirm them, so that the
			// queue holds only this test's.
			for _, id := range []string{f.svcA, f.svcB} {
				f.must(201, accReq{method: "POST", path: "/api/v1/services/" + id + "/verifications", who: "coordinator", body: map[string]any{"method": "phone", "result": "confirmed"}})
			}
			for who, want := range map[string]int{"anon": 401, "peer": 403, "clinician": 403, "agency": 403, "agency_other": 403, "admin": 200} {
				f.must(want, accReq{method: "GET", path: "/api/v1/freshness-queue", who: who})
			}
			f.must(400, accReq{method: "GET", path: "/api/v1/freshness-queue?per_page=0", who: "coordinator"})
			queue := func() apiQueue {
				var q apiQueue
				f.must(200, accReq{method: "GET", path: "/api/v1/freshness-queue", who: "coordinator"}).json(t, &q)
				return q
			}
			q := queue()
			if q.Total != 2 || q.Items[0].ServiceID != crisisID || q.Items[1].ServiceID != pantryID || !q.Items[0].Crisis || q.Items[0].Phone != "413-555-0177" {
				t.Fatalf("queue %+v, want the crisis line, then the pantry", q)
			}

			// A referral to the shelter, ended by its agency with "no room".
			person := f.addPerson("R. M.")
			f.addConsent(person, f.orgA)
			var ref careReferral
			f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, shelterID, "live")}).json(t, &ref)
			if ref.Status != "requested" {
				t.Fatalf("referral %+v", ref)
			}
			f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + ref.ID + "/transitions", who: "agency",
				body: map[string]any{"to": "rejected", "reason": "Full tonight", "outcome": "no-capacity"}})
			q = queue()
			found := false
			for _, it := range q.Items {
				if it.ServiceID == shelterID {
					found = len(it.Reasons) == 1 && it.Reasons[0].Code == directory.FlagNoCapacity && it.OpenFlags == 1
				}
			}
			if q.Total != 3 || q.Items[0].ServiceID != crisisID || !found {
				t.Fatalf("queue after a no-room referral %+v", q)
			}

			// The coordinator calls and confirms: the shelter leaves the queue.
			f.must(201, accReq{method: "POST", path: "/api/v1/services/" + shelterID + "/verifications", who: "coordinator", body: map[string]any{"method": "phone", "result": "confirmed"}})
			if q = queue(); q.Total != 2 {
				t.Fatalf("queue after the confirmation %+v", q)
			}
		})
	}
}

// queueService writes a service of organization A with one need, confirmed on assured.
func (f *accFixture) queueService(name, need, assured string) string {
	f.t.Helper()
	id := directory.NewID()
	f.writeService(directory.Service{ID: id, Name: name, Status: "active", OrganizationID: f.orgA, AssuredDate: assured,
		Phones:     []directory.Phone{{Number: "413-555-0177"}},
		Attributes: []directory.Attribute{{TaxonomyTermID: directory.TermID(directory.TaxonomyNeed, need)}}})
	return id
}

// TestFreshnessQueueUnanswered: a referral left in "requested" flags its listing once it
// has waited longer than ReferralUnansweredAfter (--referral-unanswered-after), and not
// before; the same store read by two servers configured differently. On SQLite and
// PostgreSQL.
func TestFreshnessQueueUnanswered(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{})
			for _, id := range []string{f.svcA, f.svcB} {
				f.must(201, accReq{method: "POST", path: "/api/v1/services/" + id + "/verifications", who: "coordinator", body: map[string]any{"method": "phone", "result": "confirmed"}})
			}
			person := f.addPerson("U. A.")
			f.addConsent(person, f.orgA)
			f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "live")})
			var q apiQueue
			f.must(200, accReq{method: "GET", path: "/api/v1/freshness-queue", who: "coordinator"}).json(t, &q)
			if q.Total != 0 {
				t.Fatalf("a referral requested just now flags its listing under the default 72h: %+v", q)
			}
			quick := f.sibling(api.Options{ReferralUnansweredAfter: time.Millisecond})
			time.Sleep(5 * time.Millisecond)
			quick.must(200, accReq{method: "GET", path: "/api/v1/freshness-queue", who: "coordinator"}).json(t, &q)
			if q.Total != 1 || q.Items[0].ServiceID != f.svcA || q.Items[0].Reasons[0].Code != directory.FlagUnanswered {
				t.Fatalf("queue with a 1ms limit: %+v", q)
			}
		})
	}
}
