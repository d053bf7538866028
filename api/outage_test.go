package api_test

import (
	"context"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"testing"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// TestDatabaseOutage: while the database cannot be reached, the API answers 503 with
// Retry-After and a problem document, as /readyz does, not 500 (issue 11, #14). On both
// databases the pool is closed under the running server; on PostgreSQL the connections
// are also cut and refused, as when the database server goes away.
func TestDatabaseOutage(t *testing.T) {
	requests := func(f *accFixture) []accReq {
		return []accReq{
			{method: "GET", path: "/hsds/services"},
			{method: "GET", path: "/api/v1/people", who: "peer"},
			{method: "GET", path: "/api/v1/me", who: "peer"},
			{method: "POST", path: "/api/v1/people", who: "peer", body: map[string]any{"display_name": "Sam O."}},
			{method: "POST", path: "/api/v1/auth/login", body: map[string]any{"email": f.users["peer"].Email, "password": accPassword}},
			{method: "GET", path: "/readyz"},
		}
	}
	check := func(t *testing.T, f *accFixture) {
		t.Helper()
		for _, r := range requests(f) {
			res := f.do(r)
			if res.status != 503 || res.header.Get("Retry-After") == "" || res.header.Get("Content-Type") != "application/problem+json" ||
				!strings.Contains(string(res.body), `"status":503`) {
				t.Errorf("%s %s during the outage: %d (Retry-After %q) %s, want a 503 problem with Retry-After",
					r.method, r.path, res.status, res.header.Get("Retry-After"), res.body)
			}
		}
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		f.must(200, accReq{method: "GET", path: "/api/v1/people", who: "peer"})
		st.DB().Close()
		check(t, f)
	})
	t.Run("postgres connection lost", func(t *testing.T) {
		_, cfg := storetest.PostgresConfig(t)
		u, err := url.Parse(cfg.DatabaseURL)
		if err != nil {
			t.Fatal(err)
		}
		px := newTCPProxy(t, u.Host)
		u.Host = px.addr()
		st, err := store.Open(context.Background(), store.Config{DatabaseURL: u.String()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		f := careNew(t, st, api.Options{})
		f.must(200, accReq{method: "GET", path: "/api/v1/people", who: "peer"})
		px.stop() // the database server goes away: open connections cut, new ones refused
		check(t, f)
	})
}

// tcpProxy forwards connections to a database server until it is stopped.
type tcpProxy struct {
	ln    net.Listener
	mu    sync.Mutex
	conns []net.Conn
}

func newTCPProxy(t *testing.T, target string) *tcpProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &tcpProxy{ln: ln}
	t.Cleanup(p.stop)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, s)
			p.mu.Unlock()
			go func() { io.Copy(s, c); s.Close() }()
			go func() { io.Copy(c, s); c.Close() }()
		}
	}()
	return p
}

func (p *tcpProxy) addr() string { return p.ln.Addr().String() }

func (p *tcpProxy) stop() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}
