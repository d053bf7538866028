package api_test

import (
	"testing"

	"handoff/api"
	"handoff/store/storetest"
)

// TestSearchRateLimitBehindProxy: behind a trusted proxy the client's forwarded address
// is what searches are counted by and what the audit log records; the machine itself is
// not limited.
func TestSearchRateLimitBehindProxy(t *testing.T) {
	f := accNew(t, storetest.SQLite(t), api.Options{SearchRateLimit: 2, TrustedProxies: []string{"127.0.0.1"}}, nil)
	from := func(ip string) map[string]string { return map[string]string{"X-Forwarded-For": ip} }
	for i := 0; i < 2; i++ {
		f.must(200, accReq{method: "GET", path: "/hsds/services", header: from("203.0.113.9")})
	}
	res := f.must(429, accReq{method: "GET", path: "/hsds/services", header: from("203.0.113.9")})
	if res.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	f.must(200, accReq{method: "GET", path: "/hsds/services", header: from("198.51.100.4")})          // another client
	f.must(200, accReq{method: "GET", path: "/hsds/services/" + f.svcA, header: from("203.0.113.9")}) // not a search
	for i := 0; i < 5; i++ {
		f.must(200, accReq{method: "GET", path: "/hsds/services"}) // the machine itself
	}

	f.must(200, accReq{method: "POST", path: "/api/v1/auth/login", header: from("198.51.100.7"),
		body: map[string]string{"email": f.users["peer"].Email, "password": accPassword}})
	var page auditPage
	f.must(200, accReq{method: "GET", path: "/api/v1/audit?action=login", who: "admin"}).json(t, &page)
	if len(page.Items) != 1 || page.Items[0].ClientIP != "198.51.100.7" {
		t.Errorf("audit of a proxied login: %+v", page.Items)
	}
}
