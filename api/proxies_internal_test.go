package api

import (
	"net/netip"
	"testing"
)

// TestTrustedProxiesClient: the client is the peer unless the peer is a listed proxy,
// then the right-most forwarded address that is not a listed proxy.
func TestTrustedProxiesClient(t *testing.T) {
	if err := CheckTrustedProxies([]string{"10.0.0.0/8", " 192.0.2.7 ", "::1", ""}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"proxy.example", "10.0.0.0/33", "*"} {
		if CheckTrustedProxies([]string{bad}) == nil {
			t.Errorf("%q accepted as a trusted proxy", bad)
		}
	}
	tp, _ := parseTrustedProxies([]string{"10.0.0.0/8", "192.0.2.7", "::1"})
	for _, c := range []struct {
		peer string
		fwd  []string
		want string
	}{
		{"203.0.113.5", []string{"198.51.100.1"}, "203.0.113.5"},                      // not a proxy: headers ignored
		{"10.1.2.3", nil, "10.1.2.3"},                                                 // a proxy that forwards nothing
		{"10.1.2.3", []string{"198.51.100.1"}, "198.51.100.1"},                        // one hop
		{"10.1.2.3", []string{"198.51.100.1, 203.0.113.9"}, "203.0.113.9"},            // the left end is the client's own
		{"10.1.2.3", []string{"198.51.100.1, 203.0.113.9, 192.0.2.7"}, "203.0.113.9"}, // two proxies
		{"10.1.2.3", []string{"198.51.100.1", "203.0.113.9"}, "203.0.113.9"},          // two header lines
		{"10.1.2.3", []string{"198.51.100.1, garbage, 10.9.9.9"}, "10.9.9.9"},         // stop at garbage
		{"::1", []string{"2001:db8::5"}, "2001:db8::5"},                               // IPv6
		{"::ffff:192.0.2.7", []string{"198.51.100.1"}, "198.51.100.1"},                // IPv4-mapped peer
	} {
		got := tp.client(netip.MustParseAddr(c.peer), c.fwd)
		if got.String() != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: client %s, want %s", c.peer, c.fwd, got, c.want)
		}
	}
}

func TestNormalizePublicURL(t *testing.T) {
	for in, want := range map[string]string{
		"":                                "",
		"https://handoff.example.org/":    "https://handoff.example.org",
		" http://h.example:8080/app/ ":    "http://h.example:8080/app",
		"https://handoff.example.org/x/y": "https://handoff.example.org/x/y",
	} {
		if got, err := NormalizePublicURL(in); err != nil || got != want {
			t.Errorf("%q: %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"handoff.example.org", "ftp://h.example", "https://", "https://u:p@h.example", "https://h.example/?a=1", "https://h.example/#x"} {
		if _, err := NormalizePublicURL(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
