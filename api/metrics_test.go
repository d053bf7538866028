package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"handoff/api"
	"handoff/store/storetest"
)

// TestMetricsAfterMixedMethods: /metrics still answers after a few hundred anonymous
// requests of mixed methods over reused connections, and every method label is a real
// method. Fiber reuses its request buffers: a label that pointed into one read "GETCH"
// or "POS" once the buffer held the next request, and the registry then refused to
// gather (two series with the same labels), so /metrics answered 500 (issue 11, #3).
func TestMetricsAfterMixedMethods(t *testing.T) {
	f := accNew(t, storetest.SQLite(t), api.Options{}, nil)
	methods := []string{"GET", "POST", "PATCH", "DELETE", "PUT", "OPTIONS", "HEAD"}
	paths := []string{"/healthz", "/api/v1/people", "/hsds/services", "/api/v1/me", "/nowhere", "/api/v1/auth/login"}
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			client := &http.Client{} // keep-alive: the server reuses the connection's buffers
			for i := 0; i < 80; i++ {
				m, p := methods[(i+w)%len(methods)], paths[(i*7+w)%len(paths)]
				req, err := http.NewRequest(m, f.base+p, strings.NewReader(strings.Repeat("x", i%5)))
				if err != nil {
					t.Error(err)
					return
				}
				res, err := client.Do(req)
				if err != nil {
					t.Error(err)
					return
				}
				res.Body.Close()
			}
		}(w)
	}
	wg.Wait()
	res := f.do(accReq{method: "GET", path: "/metrics"})
	if res.status != 200 {
		body := string(res.body)
		if len(body) > 400 {
			body = body[:400] + "…"
		}
		t.Fatalf("/metrics after mixed requests: %d %s", res.status, body)
	}
	known := map[string]bool{}
	for _, m := range methods {
		known[m] = true
	}
	for _, m := range regexp.MustCompile(`handoff_http_requests_total\{method="([^"]*)"`).FindAllStringSubmatch(string(res.body), -1) {
		if !known[m[1]] {
			t.Errorf("a method label reads %q", m[1])
		}
	}
}
