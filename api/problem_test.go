package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"handoff/store/storetest"
)

type problemDoc struct {
	Type, Title, Detail, Instance string
	Status                        int
	RequestID                     string `json:"request_id"`
	Errors                        []struct{ Field, Message string }
}

func TestErrorsAreProblemDocuments(t *testing.T) {
	st := storetest.SQLite(t)
	seeded(t, st)
	var logs bytes.Buffer
	srv := New(st, slog.New(slog.NewTextHandler(&logs, nil)), Options{BodyLimit: 1 << 10})
	srv.App().Get("/test/panic", func(*fiber.Ctx) error { panic("secret internal detail") })
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	go srv.App().Listener(ln)
	t.Cleanup(func() { srv.App().Shutdown() })
	base := "http://" + ln.Addr().String()
	before, _ := st.LastChange(context.Background())

	tests := []struct {
		name, method, path string
		body               string
		status             int
		fields             []string
	}{
		{"unknown route", "GET", "/no/such/thing", "", 404, nil},
		{"unknown service id", "GET", "/hsds/services/6b1d2c3e-0000-4000-8000-00000000dead", "", 404, nil},
		{"id that is not a uuid", "GET", "/hsds/services/123", "", 404, nil},
		{"method not allowed", "DELETE", "/hsds/services", "", 405, nil},
		{"oversized body", "POST", "/hsds/services", strings.Repeat("x", 4<<10), 413, nil},
		{"bad parameters", "GET", "/hsds/services?page=0&per_page=5000&modified_after=yesterday&full=maybe&format=xml", "", 400,
			[]string{"modified_after", "page", "per_page", "full", "format"}},
		{"proximity without postcode", "GET", "/hsds/service_at_locations?proximity=500", "", 400, []string{"proximity"}},
		{"unknown postcode", "GET", "/hsds/service_at_locations?postcode=00000&proximity=500", "", 400, []string{"postcode"}},
		{"panic", "GET", "/test/panic", "", 500, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, base+tt.path, strings.NewReader(tt.body))
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("content type %q", ct)
			}
			var p problemDoc
			if err := json.Unmarshal(body, &p); err != nil {
				t.Fatalf("not JSON: %s", body)
			}
			if p.Status != tt.status || p.Title == "" || p.Type == "" || p.RequestID == "" || p.RequestID != res.Header.Get("X-Request-Id") {
				t.Errorf("problem document incomplete: %s", body)
			}
			var got []string
			for _, e := range p.Errors {
				got = append(got, e.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
				t.Errorf("fields %v, want %v", got, tt.fields)
			}
			if strings.Contains(string(body), "secret internal detail") {
				t.Error("a 500 shows internals")
			}
		})
	}
	if after, _ := st.LastChange(context.Background()); after != before {
		t.Errorf("bad requests changed data: change feed %d -> %d", before, after)
	}
	if !strings.Contains(logs.String(), "request_id=") || strings.Contains(logs.String(), "no/such/thing") {
		t.Errorf("access log should name routes, not raw paths:\n%s", logs.String())
	}
}

func TestHealthAndMetrics(t *testing.T) {
	st := storetest.SQLite(t)
	notReady := true
	base := serveForTest(t, st, Options{Ready: func(context.Context) error {
		if notReady {
			return errString("index is building")
		}
		return nil
	}})
	if status, _, _ := get(t, base+"/healthz"); status != 200 {
		t.Errorf("healthz %d", status)
	}
	if status, _, body := get(t, base+"/readyz"); status != 503 || !strings.Contains(string(body), "index is building") {
		t.Errorf("readyz while not ready: %d %s", status, body)
	}
	notReady = false
	if status, _, body := get(t, base+"/readyz"); status != 200 {
		t.Errorf("readyz: %d %s", status, body)
	}
	get(t, base+"/hsds/services")
	_, _, metrics := get(t, base+"/metrics")
	for _, want := range []string{`handoff_http_requests_total{method="GET",route="/hsds/services",status="200"}`, "handoff_http_request_duration_seconds_bucket", "go_sql_open_connections"} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }
