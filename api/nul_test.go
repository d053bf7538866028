package api_test

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// TestNULRefused: a NUL (U+0000) in a query parameter, a form value, a header or a JSON
// string, also written "\u0000", is refused with a 400 problem naming the field, on
// SQLite and PostgreSQL alike, and changes nothing. PostgreSQL's text cannot hold a NUL:
// these requests answered 500 there (issue 11, #4). The text `\u0000` itself, an escaped
// backslash before it, is no NUL and is taken.
func TestNULRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		person := f.addPerson("Robin N.")
		cases := []struct {
			name  string
			req   accReq
			field string
		}{
			{"login email", accReq{method: "POST", path: "/api/v1/auth/login", body: `{"email":"peer\u0000@fixture.example","password":"x"}`}, "email"},
			{"hsds search", accReq{method: "GET", path: "/hsds/services?search=%00"}, "search"},
			{"hsds taxonomy search", accReq{method: "GET", path: "/hsds/taxonomy_terms?search=a%00b"}, "search"},
			{"postcode", accReq{method: "GET", path: "/hsds/service_at_locations?postcode=%00"}, "postcode"},
			{"people q", accReq{method: "GET", path: "/api/v1/people?q=Ro%00", who: "peer"}, "q"},
			{"audit record", accReq{method: "GET", path: "/api/v1/audit?record=%00", who: "admin"}, "record"},
			{"person", accReq{method: "POST", path: "/api/v1/people", who: "peer", body: `{"display_name":"A\u0000B"}`}, "display_name"},
			{"person patch", accReq{method: "PATCH", path: "/api/v1/people/" + person, who: "peer", body: `{"phone":"\u0000"}`}, "phone"},
			{"consent", accReq{method: "POST", path: "/api/v1/people/" + person + "/consents", who: "peer",
				body: `{"discloser":"Handoff\u0000","organization_ids":["` + f.orgA + `"],"information":"name","purpose":"care","method":"written"}`}, "discloser"},
			{"token", accReq{method: "POST", path: "/api/v1/me/tokens", who: "peer", body: `{"name":"laptop\u0000"}`}, "name"},
			{"encounter", accReq{method: "POST", path: "/api/v1/encounters", who: "peer",
				body: `{"source":"co_response","zip":"01040","presenting_needs":["crisis"],"disposition":"resolved_on_scene","notes":"x\u0000y"}`}, "notes"},
			{"encounter responders", accReq{method: "POST", path: "/api/v1/encounters", who: "peer",
				body: `{"source":"co_response","responders":["a","\u0000"]}`}, "responders[1]"},
			{"listing", accReq{method: "POST", path: "/api/v1/services", who: "admin",
				body: `{"name":"Pantry\u0000","status":"active","organization_id":"` + f.orgA + `"}`}, "name"},
			{"listing phone", accReq{method: "POST", path: "/api/v1/services", who: "admin",
				body: `{"name":"Pantry","status":"active","organization_id":"` + f.orgA + `","phones":[{"number":"413\u0000"}]}`}, "phones[0].number"},
			{"listing patch", accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "admin", body: `{"description":"\u0000"}`}, "description"},
			{"user", accReq{method: "POST", path: "/api/v1/users", who: "admin",
				body: `{"email":"new@fixture.example","name":"New\u0000","role":"peer","password":"a long enough password"}`}, "name"},
			{"member name", accReq{method: "POST", path: "/api/v1/people", who: "peer", body: `{"display_name":"A","x\u0000":1}`}, `x\u0000`},
			{"raw NUL", accReq{method: "POST", path: "/api/v1/people", who: "peer", body: "{\"display_name\":\"A\x00\"}"}, "body"},
		}
		before := f.snapshot()
		people := f.count("people")
		for _, tc := range cases {
			res := f.do(tc.req)
			var p struct {
				Status int
				Errors []struct{ Field, Message string }
			}
			if res.status != 400 || res.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s, want a 400 problem", tc.name, res.status, res.body)
				continue
			}
			res.json(t, &p)
			if len(p.Errors) != 1 || p.Errors[0].Field != tc.field || !strings.Contains(p.Errors[0].Message, "NUL") {
				t.Errorf("%s: errors %+v, want the field %s named", tc.name, p.Errors, tc.field)
			}
		}
		if after := f.snapshot(); !equalCounts(before, after) || f.count("people") != people {
			t.Errorf("refused requests changed the store: %v -> %v", before, after)
		}

		// A form value (the agency link page's) and a header, sent as they come.
		form := url.Values{"action": {"accept"}, "reason": {"a\x00b"}}
		if status, body := f.linkPost(f.base+"/r/sometoken", form); status != 400 || !strings.Contains(body, `"field":"reason"`) {
			t.Errorf("form value: %d %s", status, body)
		}
		if status, body := rawRequest(t, f.base, "GET /api/v1/people HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "+f.users["peer"].Token+
			"\r\nX-CSRF-Token: a\x00b\r\nConnection: close\r\n\r\n"); status != 400 || !strings.Contains(body, `"field":"X-Csrf-Token"`) {
			t.Errorf("header: %d %s", status, body)
		}

		// The text \u0000 (a backslash, then u0000) is no NUL.
		f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer", body: `{"display_name":"A\\u0000B"}`})
	})
}

// rawRequest writes an HTTP request as is (Go's client will not send a NUL in a header)
// and answers the status and body.
func rawRequest(t *testing.T, base, raw string) (int, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Write([]byte(raw)); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b strings.Builder
	bufio.NewReader(res.Body).WriteTo(&b)
	return res.StatusCode, b.String()
}
