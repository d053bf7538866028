package api_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

type auditItem struct {
	UserID     string `json:"user_id"`
	Role       string `json:"role"`
	ClientIP   string `json:"client_ip"`
	Action     string `json:"action"`
	RecordType string `json:"record_type"`
	RecordID   string `json:"record_id"`
	Allowed    bool   `json:"allowed"`
	Detail     string `json:"detail"`
}

type auditPage struct {
	Items   []auditItem `json:"items"`
	Total   int         `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
}

// TestAuditTrail is acceptance 4: logins (good and bad) and directory writes (done and
// refused) are in the audit log, admins can filter it and export it as CSV, no route
// changes it, and the database itself refuses to.
func TestAuditTrail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		f.must(200, login(f.users["agency"].Email, accPassword))
		f.must(401, login(f.users["agency"].Email, "wrong password, audited"))
		f.must(401, login("stranger@fixture.example", "wrong password, audited"))
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency", body: map[string]string{"alert": "Closed Monday"}})
		f.must(403, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency_other", body: map[string]string{"alert": "Hacked"}})
		f.must(403, accReq{method: "GET", path: "/api/v1/audit", who: "coordinator"})

		var all auditPage
		f.must(200, accReq{method: "GET", path: "/api/v1/audit?per_page=100", who: "admin"}).json(t, &all)
		has := func(match func(auditItem) bool, what string) {
			t.Helper()
			for _, e := range all.Items {
				if match(e) {
					return
				}
			}
			t.Errorf("no audit row for %s in %+v", what, all.Items)
		}
		agency := f.users["agency"]
		has(func(e auditItem) bool {
			return e.Action == "login" && e.Allowed && e.UserID == agency.ID && e.Role == "agency" && e.ClientIP == "127.0.0.1"
		}, "the login")
		has(func(e auditItem) bool {
			return e.Action == "login" && !e.Allowed && e.UserID == agency.ID && e.Detail == "wrong_password"
		}, "the wrong password")
		has(func(e auditItem) bool {
			return e.Action == "login" && !e.Allowed && e.UserID == "" && e.Detail == "unknown_email"
		}, "the unknown email")
		has(func(e auditItem) bool {
			return e.Action == "update" && e.RecordType == "service" && e.RecordID == f.svcA && e.Allowed && e.UserID == agency.ID
		}, "the service update")
		has(func(e auditItem) bool {
			return e.Action == "update" && e.RecordID == f.svcA && !e.Allowed && e.UserID == f.users["agency_other"].ID
		}, "the refused update")
		has(func(e auditItem) bool { return e.Action == "access" && !e.Allowed && e.Role == "coordinator" }, "the refused audit read")
		if all.Page != 1 || all.PerPage != 100 || all.Total != len(all.Items) {
			t.Errorf("paging: %+v", all)
		}

		var filtered auditPage
		f.must(200, accReq{method: "GET", path: "/api/v1/audit?action=login&user=" + agency.ID, who: "admin"}).json(t, &filtered)
		if filtered.Total != 2 {
			t.Errorf("login rows of the agency user: %d, want 2", filtered.Total)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/audit?record=" + f.svcA + "&from=2000-01-01&to=2999-01-01", who: "admin"}).json(t, &filtered)
		if filtered.Total != 2 {
			t.Errorf("rows of the service: %d, want 2", filtered.Total)
		}
		f.must(400, accReq{method: "GET", path: "/api/v1/audit?from=yesterday", who: "admin"})

		res := f.must(200, accReq{method: "GET", path: "/api/v1/audit?format=csv&action=login", who: "admin"})
		if !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") {
			t.Errorf("csv content type %q", res.header.Get("Content-Type"))
		}
		recs, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
		if err != nil || len(recs) != 4 || recs[0][0] != "seq" {
			t.Errorf("csv: %v %q", err, res.body)
		}
		// The last two columns are the chain's: each row's hash, 64 hex digits.
		if h := recs[0]; len(h) < 2 || h[len(h)-2] != "prev_hash" || h[len(h)-1] != "hash" {
			t.Errorf("csv header %q", h)
		} else if len(recs) > 1 && len(recs[1][len(h)-1]) != 64 {
			t.Errorf("csv row's hash %q", recs[1][len(h)-1])
		}

		// No route changes the log: every method on it is refused or unknown.
		n := f.count("audit_log")
		for _, m := range []string{"POST", "PUT", "PATCH", "DELETE"} {
			for _, path := range []string{"/api/v1/audit", "/api/v1/audit/1"} {
				if res := f.do(accReq{method: m, path: path, who: "admin", body: "{}"}); res.status != http.StatusMethodNotAllowed && res.status != http.StatusNotFound {
					t.Errorf("%s %s answered %d", m, path, res.status)
				}
			}
		}
		if got := f.count("audit_log"); got != n {
			t.Errorf("audit rows %d -> %d after refused writes", n, got)
		}
		// And the database refuses changes to it.
		if _, err := st.DB().Exec(`UPDATE audit_log SET allowed = $1`, true); err == nil {
			t.Error("UPDATE of audit_log succeeded")
		}
		if _, err := st.DB().Exec(`DELETE FROM audit_log`); err == nil {
			t.Error("DELETE from audit_log succeeded")
		}
		if got := f.count("audit_log"); got != n {
			t.Errorf("audit rows %d -> %d", n, got)
		}
	})
}
