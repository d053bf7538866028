package api

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"

	"github.com/gofiber/fiber/v2"

	"handoff/store/storetest"
)

// TestUnmappedRouteIsClosed: a route without a policy answers 403, whoever asks.
func TestUnmappedRouteIsClosed(t *testing.T) {
	s := New(storetest.SQLite(t), slog.New(slog.NewTextHandler(io.Discard, nil)), Options{})
	s.app.Get("/unmapped", func(c *fiber.Ctx) error { return c.SendString("open") })
	s.guardRoutes() // as New does for the routes of routes()
	res, err := s.app.Test(httptest.NewRequest("GET", "/unmapped", nil))
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != fiber.StatusForbidden {
		t.Fatalf("unmapped route answered %d", res.StatusCode)
	}
}

// TestMergePatchRFC7396 runs the examples of RFC 7396, appendix A.
func TestMergePatchRFC7396(t *testing.T) {
	for _, c := range []struct{ doc, patch, want string }{
		{`{"a":"b"}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"b"}`, `{"b":"c"}`, `{"a":"b","b":"c"}`},
		{`{"a":"b"}`, `{"a":null}`, `{}`},
		{`{"a":"b","b":"c"}`, `{"a":null}`, `{"b":"c"}`},
		{`{"a":["b"]}`, `{"a":"c"}`, `{"a":"c"}`},
		{`{"a":"c"}`, `{"a":["b"]}`, `{"a":["b"]}`},
		{`{"a":{"b":"c"}}`, `{"a":{"b":"d","c":null}}`, `{"a":{"b":"d"}}`},
		{`{"a":[{"b":"c"}]}`, `{"a":[1]}`, `{"a":[1]}`},
		{`["a","b"]`, `["c","d"]`, `["c","d"]`},
		{`{"a":"b"}`, `["c"]`, `["c"]`},
		{`{"a":"foo"}`, `null`, `null`},
		{`{"a":"foo"}`, `"bar"`, `"bar"`},
		{`{"e":null}`, `{"a":1}`, `{"a":1,"e":null}`},
		{`[1,2]`, `{"a":"b","c":null}`, `{"a":"b"}`},
		{`{}`, `{"a":{"bb":{"ccc":null}}}`, `{"a":{"bb":{}}}`},
	} {
		var doc, patch, want any
		json.Unmarshal([]byte(c.doc), &doc)
		json.Unmarshal([]byte(c.patch), &patch)
		json.Unmarshal([]byte(c.want), &want)
		got, _ := json.Marshal(mergePatch(doc, patch))
		w, _ := json.Marshal(want)
		if string(got) != string(w) {
			t.Errorf("%s + %s = %s, want %s", c.doc, c.patch, got, w)
		}
	}
}

func TestIfMatch(t *testing.T) {
	app := fiber.New()
	app.Get("/", func(c *fiber.Ctx) error {
		if err := checkIfMatch(c, `"abc"`); err != nil {
			return c.SendStatus(412)
		}
		return c.SendStatus(200)
	})
	for h, want := range map[string]int{"": 200, "*": 200, `"abc"`: 200, `"x", "abc"`: 200, `"x"`: 412, `W/"abc"`: 412} {
		req := httptest.NewRequest("GET", "/", nil)
		if h != "" {
			req.Header.Set("If-Match", h)
		}
		res, _ := app.Test(req)
		if res.StatusCode != want {
			t.Errorf("If-Match %s: %d, want %d", h, res.StatusCode, want)
		}
	}
}
