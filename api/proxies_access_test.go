package api_test

import (
	"strings"
	"testing"

	"handoff/api"
	"handoff/store/storetest"
)

// TestLinksAndClientBehindProxies is issue 11 #12: the links the server hands out take
// their host from X-Forwarded-Host only when the peer is a listed proxy, and from the
// public URL whenever one is set; the client address of limits and the audit log is read
// from X-Forwarded-For only through listed proxies, and from its right end.
func TestLinksAndClientBehindProxies(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	spoof := map[string]string{"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.1"}
	person := f.addPerson("J. R.")
	f.addConsent(person, f.orgA)

	// links answers the three absolute links of f as seen with the headers.
	links := func(f *accFixture, header map[string]string) (list, agency, hsds string) {
		t.Helper()
		var l struct{ URL string }
		f.must(201, accReq{method: "POST", path: "/api/v1/resource-lists", who: "peer", header: header,
			body: map[string]any{"service_ids": []string{f.svcA}, "language": "en"}}).json(t, &l)
		var r careReferral
		f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", header: header,
			body: referralBody(person, f.svcA, "live")}).json(t, &r)
		var root struct {
			OpenAPIURL string `json:"openapi_url"`
		}
		f.must(200, accReq{method: "GET", path: "/hsds/", header: header}).json(t, &root)
		return l.URL, r.AgencyLink, root.OpenAPIURL
	}
	want := func(name, got, prefix string) {
		t.Helper()
		if !strings.HasPrefix(got, prefix) || strings.Contains(got, "evil") {
			t.Errorf("%s: %q, want it under %q", name, got, prefix)
		}
	}

	// No proxy listed: the forwarded headers are anyone's, and ignored.
	list, agency, hsds := links(f, spoof)
	want("resource list", list, f.base+"/l/")
	want("agency link", agency, f.base+"/r/")
	want("HSDS openapi_url", hsds, f.base+"/hsds/")
	if code, _, _ := f.linkPage(agency); code != 200 {
		t.Errorf("the agency link does not open: %d", code)
	}

	// The loopback peer listed as a proxy: its forwarded host and scheme make the links,
	// and the client is the right-most address it forwards.
	proxied := f.sibling(api.Options{TrustedProxies: []string{"127.0.0.0/8"}})
	through := map[string]string{"X-Forwarded-Host": "handoff.example.org", "X-Forwarded-Proto": "https",
		"X-Forwarded-For": "198.51.100.1, 203.0.113.9"} // the client wrote the first; the proxy appended the second
	list, agency, _ = links(proxied, through)
	want("resource list through a proxy", list, "https://handoff.example.org/l/")
	want("agency link through a proxy", agency, "https://handoff.example.org/r/")

	// A public URL wins over every header.
	public := f.sibling(api.Options{TrustedProxies: []string{"127.0.0.1"}, PublicURL: "https://links.example.org/handoff/"})
	list, agency, hsds = links(public, spoof)
	want("resource list with a public URL", list, "https://links.example.org/handoff/l/")
	want("agency link with a public URL", agency, "https://links.example.org/handoff/r/")
	want("HSDS openapi_url with a public URL", hsds, "https://links.example.org/handoff/hsds/")

	var page auditPage
	f.must(200, accReq{method: "GET", path: "/api/v1/audit?record_type=resource_list", who: "admin"}).json(t, &page)
	var ips []string
	for _, it := range page.Items {
		ips = append(ips, it.ClientIP)
	}
	// Newest first: the public-URL server (trusted loopback, forwarded 198.51.100.1), the
	// proxied one (right-most 203.0.113.9), the direct one (the peer itself).
	if strings.Join(ips, " ") != "198.51.100.1 203.0.113.9 127.0.0.1" {
		t.Errorf("audit client addresses %v, want [198.51.100.1 203.0.113.9 127.0.0.1]", ips)
	}
}

// TestSecureBehindTLSProxy: a proxy that terminates TLS says so with X-Forwarded-Proto;
// from a listed proxy the session cookie is then Secure and HSTS is sent, from anyone
// else the header changes nothing.
func TestSecureBehindTLSProxy(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	https := map[string]string{"X-Forwarded-Proto": "https"}
	check := func(name string, g *accFixture, wantSecure bool) {
		t.Helper()
		r := login(g.users["peer"].Email, accPassword)
		r.header = https
		res := g.must(200, r)
		cookie := strings.ToLower(res.header.Get("Set-Cookie"))
		if strings.Contains(cookie, "secure") != wantSecure {
			t.Errorf("%s: session cookie %q, want Secure %v", name, cookie, wantSecure)
		}
		if (res.header.Get("Strict-Transport-Security") != "") != wantSecure {
			t.Errorf("%s: HSTS %q, want it %v", name, res.header.Get("Strict-Transport-Security"), wantSecure)
		}
	}
	check("no proxy listed", f, false)
	check("through a listed proxy", f.sibling(api.Options{TrustedProxies: []string{"127.0.0.1"}}), true)
	check("a proxy listed, the peer not it", f.sibling(api.Options{TrustedProxies: []string{"192.0.2.7"}}), false)
}
