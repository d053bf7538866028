package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// FuzzJSONBodies sends whatever the fuzzer makes as the body of the routes that take
// JSON from a person's phone: every answer is a decision (2xx, or a 4xx problem), never a
// 500, and a refused body changes nothing.
func FuzzJSONBodies(f *testing.F) {
	for _, s := range []string{
		`{"display_name":"J.R.","phone":"413-555-0101","preferred_language":"es"}`,
		`{"display_name":null}`, `{"display_name":"` + string([]byte{0xff, 0xfe}) + `"}`,
		`{"source":"co_response","zip":"01040","presenting_needs":["crisis"],"disposition":"resolved_on_scene"}`,
		`{"lat":1e400,"lon":-72}`, `{"occurred_at":"tomorrow"}`, `{"presenting_needs":"crisis"}`,
		`{"person_id":"not-a-uuid","service_id":"","mode":"live"}`, `[]`, `null`, `{`, `""`, `{"a":{"b":{"c":[[[[]]]]}}}`,
		`{"needs":["crisis"],"assessed_level_of_care":"imminent_risk","lat":42.2,"lon":-72.6}`,
		// NUL, escaped and raw: PostgreSQL's text cannot hold it (issue 11, #4).
		`{"display_name":"J.\u0000R."}`, "{\"display_name\":\"J.\x00R.\"}", `{"display_name":"J.\\u0000R."}`,
		`{"source":"walk_in","presenting_needs":["cri\u0000sis"]}`, `{"needs":["crisis"],"near":"01040\u0000"}`, `{"\u0000":1}`,
	} {
		f.Add(0, s)
		f.Add(1, s)
		f.Add(2, s)
		f.Add(3, s)
	}
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/people"},
		{"POST", "/api/v1/encounters"},
		{"POST", "/api/v1/referrals"},
		{"POST", "/api/v1/match"},
	}
	st := storetest.SQLite(f)
	sealer := careTestSealer(f)
	peer := fuzzPeer(f, st)
	app := api.New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), api.Options{Sealer: sealer}).App()
	count := func() int {
		_, n, err := st.Care(sealer).People(context.Background(), "", store.Page{Number: 1, PerPage: 1})
		if err != nil {
			f.Fatal(err)
		}
		return n
	}
	f.Fuzz(func(t *testing.T, route int, body string) {
		r := routes[(route%len(routes)+len(routes))%len(routes)]
		before := count()
		req := httptest.NewRequest(r.method, r.path, bytes.NewReader([]byte(body)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+peer)
		res, err := app.Test(req, int((10 * time.Second).Milliseconds()))
		if err != nil {
			t.Fatalf("%s %s: %v", r.method, r.path, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 500 {
			t.Fatalf("%s %s %q: %d %s", r.method, r.path, body, res.StatusCode, b)
		}
		if holdsNUL(body) && res.StatusCode != 400 {
			t.Fatalf("%s %s %q: a NUL answered %d, want 400: %s", r.method, r.path, body, res.StatusCode, b)
		}
		if res.StatusCode >= 400 {
			if ct := res.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("%s %s %q: %d answered as %q", r.method, r.path, body, res.StatusCode, ct)
			}
			if after := count(); after != before {
				t.Fatalf("%s %s %q: refused with %d but the people went from %d to %d", r.method, r.path, body, res.StatusCode, before, after)
			}
		}
	})
}

// fuzzPeer makes a peer account with a session and returns its token.
func fuzzPeer(f *testing.F, st *store.Store) string {
	ctx := context.Background()
	id := directory.NewID()
	hash, err := access.HashPassword("a long fuzz passphrase")
	if err != nil {
		f.Fatal(err)
	}
	if err := st.CreateUser(ctx, store.User{ID: id, Email: "fuzz@example.org", Name: "Fuzz Peer", Role: "peer", PasswordHash: hash}); err != nil {
		f.Fatal(err)
	}
	token, tokenHash := access.NewToken(access.SessionToken)
	now := time.Now()
	if err := st.CreateSession(ctx, store.Session{ID: directory.NewID(), TokenHash: tokenHash, UserID: id, CreatedAt: now, LastSeenAt: now}); err != nil {
		f.Fatal(err)
	}
	return token
}

// holdsNUL tells whether a body carries a NUL: as a byte, or in a string or member name
// of the JSON it decodes to.
func holdsNUL(body string) bool {
	if strings.IndexByte(body, 0) >= 0 {
		return true
	}
	var v any
	if json.Unmarshal([]byte(body), &v) != nil {
		return false
	}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch x := v.(type) {
		case string:
			return strings.IndexByte(x, 0) >= 0
		case []any:
			for _, e := range x {
				if walk(e) {
					return true
				}
			}
		case map[string]any:
			for k, e := range x {
				if strings.IndexByte(k, 0) >= 0 || walk(e) {
					return true
				}
			}
		}
		return false
	}
	return walk(v)
}
