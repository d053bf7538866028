package api_test

import (
	"testing"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestAgencyScope is acceptance 2: an agency user of organization B cannot change
// organization A's listings (403), cannot move a listing into or out of A, cannot
// rewrite A's location through a service of its own, and cannot tell A's private records
// (user accounts) from records that do not exist (404). Every refused call leaves the
// data as it was.
func TestAgencyScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		before := f.snapshot()
		other := "agency_other" // staff of organization B; the records below are A's
		for _, r := range []accReq{
			{method: "PUT", path: "/api/v1/services/" + f.svcA, body: accServiceBody(f.orgA, "Taken over")},
			{method: "PATCH", path: "/api/v1/services/" + f.svcA, body: map[string]any{"name": "Taken over"}},
			{method: "DELETE", path: "/api/v1/services/" + f.svcA},
			{method: "POST", path: "/api/v1/services", body: accServiceBody(f.orgA, "Posing as A")},
			{method: "PUT", path: "/api/v1/organizations/" + f.orgA, body: map[string]any{"name": "Taken over", "description": "x"}},
			{method: "PATCH", path: "/api/v1/organizations/" + f.orgA, body: map[string]any{"name": "Taken over"}},
			{method: "PUT", path: "/api/v1/locations/" + f.locA, body: map[string]any{"location_type": "physical", "organization_id": f.orgA}},
			{method: "PATCH", path: "/api/v1/locations/" + f.locA, body: map[string]any{"name": "Taken over"}},
			{method: "DELETE", path: "/api/v1/locations/" + f.locA},
			{method: "POST", path: "/api/v1/locations", body: map[string]any{"location_type": "physical", "organization_id": f.orgA}},
			// B's own service, moved into A:
			{method: "PATCH", path: "/api/v1/services/" + f.svcB, body: map[string]any{"organization_id": f.orgA}},
			// B's own service, embedding A's location with a change:
			{method: "PATCH", path: "/api/v1/services/" + f.svcB, body: map[string]any{"service_at_locations": []map[string]any{
				{"location": map[string]any{"id": f.locA, "location_type": "physical", "name": "Renamed by B", "organization_id": f.orgA}}}}},
			// B's own service, changing the shared vocabulary:
			{method: "PATCH", path: "/api/v1/services/" + f.svcB, body: map[string]any{"attributes": []map[string]any{
				{"taxonomy_term": map[string]any{"id": directory.TermID("handoff:need", "food"), "name": "Renamed by B"}}}}},
		} {
			r.who = other
			f.must(403, r)
		}
		if after := f.snapshot(); !equalCounts(before, after) {
			t.Errorf("refused requests changed data: %v -> %v", before, after)
		}
		// The same agency user may change its own organization's listing, and may refer to
		// A's location without changing it.
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcB, who: other, body: map[string]any{
			"service_at_locations": []map[string]any{{"location_id": f.locA}}}})

		// Private records: A's accounts look the same as accounts that do not exist.
		mine := f.users["agency"].ID
		missing := f.do(accReq{method: "GET", path: "/api/v1/users/" + directory.NewID(), who: other})
		hidden := f.do(accReq{method: "GET", path: "/api/v1/users/" + mine, who: other})
		if missing.status != 404 || hidden.status != 404 {
			t.Fatalf("another organization's user: %d, a missing user: %d; want 404 for both", hidden.status, missing.status)
		}
		if stripRequest(t, missing.body, "/api/v1/users/") != stripRequest(t, hidden.body, "/api/v1/users/") {
			t.Errorf("answers differ:\n%s\n%s", hidden.body, missing.body)
		}
		var list struct {
			Items []struct {
				ID             string
				OrganizationID string `json:"organization_id"`
			}
			Total int
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/users?organization_id=" + f.orgA, who: other}).json(t, &list)
		if list.Total != 0 || len(list.Items) != 0 {
			t.Errorf("agency user of B listed A's accounts: %+v", list)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/users", who: other}).json(t, &list)
		for _, u := range list.Items {
			if u.OrganizationID != f.orgB {
				t.Errorf("agency user of B listed an account of %s", u.OrganizationID)
			}
		}
		// Their own colleague is visible.
		f.must(200, accReq{method: "GET", path: "/api/v1/users/" + f.users["agency_other"].ID, who: other})
	})
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
