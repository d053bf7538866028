package api

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"

	"handoff/store/storetest"
)

// TestMatchBodyIsJSON: /api/v1/match reads its body as the other JSON routes do: a body
// sent as something else is a 415, before anything is looked up.
func TestMatchBodyIsJSON(t *testing.T) {
	base := serveForTest(t, storetest.SQLite(t), Options{})
	for _, c := range []struct {
		ctype string
		want  int
		names string
	}{
		{"text/plain", 415, ""},
		{"", 415, ""},
		{"application/json", 400, "surprise"},
	} {
		req, err := http.NewRequest("POST", base+"/api/v1/match", strings.NewReader(`{"needs":["food"],"near":"Holyoke","surprise":1}`))
		if err != nil {
			t.Fatal(err)
		}
		if c.ctype != "" {
			req.Header.Set("Content-Type", c.ctype)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.want || !bytes.Contains(body, []byte(c.names)) {
			t.Errorf("Content-Type %q: %d %s, want %d naming %s", c.ctype, res.StatusCode, body, c.want, c.names)
		}
	}
}
