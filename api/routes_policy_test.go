package api

import (
	"testing"

	"handoff/access"
)

func TestLookup(t *testing.T) {
	if r, ok := lookupRoute("HEAD", "/hsds/services"); !ok || r.Method != "GET" {
		t.Error("HEAD does not follow GET")
	}
	if r, ok := lookupRoute("post", "/static"); !ok || r.Who != access.Public {
		t.Error("a * rule does not cover every method")
	}
	if _, ok := lookupRoute("GET", "/no/such/route"); ok {
		t.Error("an unknown route has a policy")
	}
	if r, ok := lookupRoute("GET", "/api/v1/audit"); !ok || r.Who != access.Restricted || len(r.Roles) != 1 || r.Roles[0] != access.Admin {
		t.Errorf("the audit log is not for admins only: %+v", r)
	}
	// Open like the directory though not a GET: matching reads only; a problem report
	// stores a report (never a listing change), asks nothing personal and is limited per
	// address (--report-rate-limit).
	openPosts := map[string]bool{"/api/v1/match": true, "/api/v1/services/:id/reports": true}
	for _, r := range routePolicy {
		if r.Method != "GET" && r.Method != "*" && r.Who == access.Directory && !openPosts[r.Path] {
			t.Errorf("%s %s changes data but is open like the directory", r.Method, r.Path)
		}
	}
}
