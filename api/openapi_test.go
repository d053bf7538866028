package api_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"handoff/api"
	"handoff/store/storetest"
)

// TestOpenAPIListsEveryRoute: every /api/v1 and /fhir route the server registers is described,
// method and path, in the OpenAPI document it serves, and the document describes no
// route the server does not have: a client generated from it must reach everything.
func TestOpenAPIListsEveryRoute(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{})
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	f.must(200, accReq{method: "GET", path: "/api/v1/openapi.json"}).json(t, &doc)
	param := regexp.MustCompile(`:([A-Za-z_]+)`)
	served := map[string]bool{}
	for _, r := range f.srv.App().GetRoutes(true) {
		if !strings.HasPrefix(r.Path, "/api/v1/") && !strings.HasPrefix(r.Path, "/fhir/") || r.Method == http.MethodHead {
			continue
		}
		path, method := param.ReplaceAllString(r.Path, "{$1}"), strings.ToLower(r.Method)
		served[method+" "+path] = true
		if _, ok := doc.Paths[path][method]; !ok {
			t.Errorf("%s %s is served but not in /api/v1/openapi.json", r.Method, path)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if method != "parameters" && !served[method+" "+path] {
				t.Errorf("the document describes %s %s, which is not served", strings.ToUpper(method), path)
			}
		}
	}
}
