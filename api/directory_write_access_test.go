package api_test

import (
	"strings"
	"testing"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

type problemBody struct {
	Status int
	Detail string
	Errors []struct{ Field, Message string }
}

func (p problemBody) names(field string) bool {
	for _, e := range p.Errors {
		if e.Field == field {
			return true
		}
	}
	return false
}

// TestDirectoryWrites: create, read, replace, patch and delete services, organizations and
// locations over the API, with ETags and If-Match, and the change feed written alongside.
func TestDirectoryWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		agency := func(r accReq) accReq { r.who = "agency"; return r }

		// POST: 201, Location, ETag; an agency user's service without an organization is theirs.
		body := accServiceBody("", "Evening meals")
		delete(body, "organization_id")
		id := body["id"].(string)
		res := f.must(201, agency(accReq{method: "POST", path: "/api/v1/services", body: body}))
		var svc directory.Service
		res.json(t, &svc)
		if res.header.Get("Location") != "/api/v1/services/"+id || res.header.Get("ETag") == "" || svc.OrganizationID != f.orgA {
			t.Fatalf("created: Location %q ETag %q org %q", res.header.Get("Location"), res.header.Get("ETag"), svc.OrganizationID)
		}
		f.must(409, agency(accReq{method: "POST", path: "/api/v1/services", body: body}))
		get := f.must(200, accReq{method: "GET", path: "/api/v1/services/" + id})
		etag := get.header.Get("ETag")
		if etag != res.header.Get("ETag") {
			t.Errorf("GET ETag %s differs from the POST's %s", etag, res.header.Get("ETag"))
		}

		// PATCH honours If-Match: a stale tag is 412 and changes nothing.
		f.must(412, agency(accReq{method: "PATCH", path: "/api/v1/services/" + id, body: map[string]any{"name": "Lost update"},
			header: map[string]string{"If-Match": `"not-the-current-tag"`}}))
		res = f.must(200, agency(accReq{method: "PATCH", path: "/api/v1/services/" + id, body: map[string]any{"name": "Evening meals, daily", "alert": nil},
			header: map[string]string{"If-Match": etag}}))
		res.json(t, &svc)
		if svc.Name != "Evening meals, daily" || svc.Description != "Fixture service." || len(svc.Phones) != 1 || res.header.Get("ETag") == etag {
			t.Errorf("patched: %+v, ETag %s", svc, res.header.Get("ETag"))
		}
		f.must(412, agency(accReq{method: "PATCH", path: "/api/v1/services/" + id, body: map[string]any{"name": "Stale"},
			header: map[string]string{"If-Match": etag}}))
		// Merge patch: null removes, arrays replace.
		var patched directory.Service
		f.must(200, agency(accReq{method: "PATCH", path: "/api/v1/services/" + id, body: `{"description": null, "phones": []}`})).json(t, &patched)
		if patched.Description != "" || len(patched.Phones) != 0 || patched.Name != "Evening meals, daily" {
			t.Errorf("null and [] did not remove: %+v", patched)
		}
		f.must(400, agency(accReq{method: "PATCH", path: "/api/v1/services/" + id, body: map[string]any{"id": directory.NewID()}}))

		// PUT replaces the whole record.
		put := accServiceBody(f.orgA, "Evening meals (replaced)")
		delete(put, "id")
		var replaced directory.Service
		f.must(200, agency(accReq{method: "PUT", path: "/api/v1/services/" + id, body: put})).json(t, &replaced)
		if replaced.ID != id || replaced.Name != "Evening meals (replaced)" || len(replaced.Phones) != 1 {
			t.Errorf("put: %+v", replaced)
		}
		f.must(404, agency(accReq{method: "PUT", path: "/api/v1/services/" + directory.NewID(), body: put}))

		// DELETE: 204, gone, and the change feed says so.
		f.must(204, agency(accReq{method: "DELETE", path: "/api/v1/services/" + id}))
		f.must(404, accReq{method: "GET", path: "/api/v1/services/" + id})
		var ops []string
		if err := st.DB().QueryRow(`SELECT op FROM changes WHERE entity = 'service' AND entity_id = $1 ORDER BY seq DESC LIMIT 1`, id).Scan(new(string)); err != nil {
			t.Fatal(err)
		}
		rows, err := st.DB().Query(`SELECT op FROM changes WHERE entity = 'service' AND entity_id = $1 ORDER BY seq`, id)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var op string
			rows.Scan(&op)
			ops = append(ops, op)
		}
		rows.Close()
		if strings.Join(ops, ",") != "create,update,update,update,delete" {
			t.Errorf("change feed of the service: %v", ops)
		}

		// Locations and organizations: a location in use cannot go; an organization with
		// listings or staff cannot go.
		var loc directory.Location
		f.must(201, agency(accReq{method: "POST", path: "/api/v1/locations", body: map[string]any{
			"location_type": "physical", "name": "Annex", "addresses": []map[string]any{{"address_1": "2 Elm St", "city": "Holyoke"}}}})).json(t, &loc)
		if loc.OrganizationID != f.orgA || len(loc.Addresses) != 1 || loc.Addresses[0].LocationID != loc.ID {
			t.Errorf("location: %+v", loc)
		}
		var p problemBody
		f.must(400, agency(accReq{method: "POST", path: "/api/v1/locations", body: map[string]any{"location_type": "boat", "addresses": []map[string]any{{"city": "X"}}}})).json(t, &p)
		if !p.names("location_type") || !p.names("addresses[0].address_1") {
			t.Errorf("location errors: %+v", p.Errors)
		}
		f.must(409, agency(accReq{method: "DELETE", path: "/api/v1/locations/" + f.locA}))
		f.must(204, agency(accReq{method: "DELETE", path: "/api/v1/locations/" + loc.ID}))
		f.must(409, accReq{method: "DELETE", path: "/api/v1/organizations/" + f.orgA, who: "admin"})
		var org directory.Organization
		f.must(200, agency(accReq{method: "PATCH", path: "/api/v1/organizations/" + f.orgA, body: map[string]any{"website": "https://a.example.org"}})).json(t, &org)
		if org.Website != "https://a.example.org" || org.Name != "Organization A" {
			t.Errorf("organization: %+v", org)
		}
		f.must(400, agency(accReq{method: "PATCH", path: "/api/v1/organizations/" + f.orgA, body: map[string]any{"services": []map[string]any{{"name": "x"}}}}))
	})
}

// TestFailedWritesChangeNothing: malformed, mistyped, invalid, oversized and refused
// bodies answer a problem naming the field, and leave every table as it was.
func TestFailedWritesChangeNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{BodyLimit: 4096}, nil)
		before := f.snapshot()
		for _, c := range []struct {
			name   string
			req    accReq
			status int
			field  string
		}{
			{"malformed JSON", accReq{method: "POST", path: "/api/v1/services", body: `{"name": "x",`}, 400, "body"},
			{"not an object", accReq{method: "POST", path: "/api/v1/services", body: `["x"]`}, 400, "body"},
			{"empty body", accReq{method: "POST", path: "/api/v1/services", body: ``}, 400, "body"},
			{"wrong type", accReq{method: "POST", path: "/api/v1/services", body: `{"name": 42, "status": "active"}`}, 400, "name"},
			{"wrong nested type", accReq{method: "POST", path: "/api/v1/services", body: `{"name": "x", "status": "active", "phones": [{"number": 7}]}`}, 400, "phones.number"},
			{"invalid fields", accReq{method: "POST", path: "/api/v1/services", body: `{"name": "", "status": "open", "minimum_age": -3}`}, 400, "status"},
			{"unknown organization", accReq{method: "POST", path: "/api/v1/locations", who: "admin", body: map[string]any{"location_type": "physical", "organization_id": directory.NewID()}}, 400, "organization_id"},
			{"unknown location", accReq{method: "POST", path: "/api/v1/services", body: map[string]any{"name": "x", "status": "active",
				"service_at_locations": []map[string]any{{"location_id": directory.NewID()}}}}, 400, "service_at_locations.location_id"},
			{"unknown term", accReq{method: "POST", path: "/api/v1/services", body: map[string]any{"name": "x", "status": "active",
				"attributes": []map[string]any{{"taxonomy_term_id": directory.NewID()}}}}, 400, "attributes.taxonomy_term_id"},
			{"patch malformed", accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, body: `{"name":`}, 400, "body"},
			{"patch wrong type", accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, body: `{"capacities": {"a": 1}}`}, 400, "capacities"},
			{"too large", accReq{method: "POST", path: "/api/v1/services", body: `{"name": "` + strings.Repeat("x", 5000) + `"}`}, 413, ""},
			{"not JSON", accReq{method: "POST", path: "/api/v1/services", body: "name=x", header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415, ""},
			{"login malformed", accReq{method: "POST", path: "/api/v1/auth/login", body: `{"email": 1}`}, 400, "email"},
		} {
			if c.req.who == "" {
				c.req.who = "agency"
			}
			res := f.do(c.req)
			if res.status != c.status {
				t.Errorf("%s: %d, want %d: %s", c.name, res.status, c.status, res.body)
				continue
			}
			if !strings.HasPrefix(res.header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s: content type %q", c.name, res.header.Get("Content-Type"))
			}
			if c.field != "" {
				var p problemBody
				res.json(t, &p)
				if !p.names(c.field) {
					t.Errorf("%s: problem does not name %q: %s", c.name, c.field, res.body)
				}
			}
		}
		if after := f.snapshot(); !equalCounts(before, after) {
			t.Errorf("failed requests changed data:\n%v\n%v", before, after)
		}
	})
}
