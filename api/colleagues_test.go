package api_test

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestColleagues: peers, clinicians and coordinators list the program's active peers and
// clinicians, by name, with only id, name and role (no email anywhere in the answer); a
// disabled account and the other roles are not listed; q filters by name and the list
// is paged. Agency staff and admins are refused, anonymous callers asked to sign in.
func TestColleagues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		ana := f.addUser("clinician", "", "ana Clinician", "ana@fixture.example")
		gone := directory.NewID()
		if err := st.CreateUser(context.Background(), store.User{ID: gone, Email: "gone@fixture.example", Name: "Gone Peer",
			Role: "peer", PasswordHash: f.hash, Disabled: true}); err != nil {
			t.Fatal(err)
		}
		want := []string{ana.ID, f.users["clinician"].ID, f.users["peer"].ID} // by name, whatever its case

		for _, who := range []string{"peer", "clinician", "coordinator"} {
			res := f.must(200, accReq{method: "GET", path: "/api/v1/colleagues", who: who})
			for _, bad := range []string{"@", "email", "organization", "password", "disabled", "locked"} {
				if strings.Contains(strings.ToLower(string(res.body)), bad) {
					t.Errorf("as %s the answer holds %q: %s", who, bad, res.body)
				}
			}
			var page struct {
				Items   []map[string]json.RawMessage `json:"items"`
				Total   int                          `json:"total"`
				Page    int                          `json:"page"`
				PerPage int                          `json:"per_page"`
			}
			res.json(t, &page)
			if page.Total != len(want) || page.Page != 1 || page.PerPage != 50 || len(page.Items) != len(want) {
				t.Fatalf("as %s: %s", who, res.body)
			}
			for i, it := range page.Items {
				keys := make([]string, 0, len(it))
				for k := range it {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				if strings.Join(keys, ",") != "id,name,role" {
					t.Errorf("as %s a colleague has the fields %v", who, keys)
				}
				var id, role string
				json.Unmarshal(it["id"], &id)
				json.Unmarshal(it["role"], &role)
				if id != want[i] || (role != "peer" && role != "clinician") {
					t.Errorf("as %s colleague %d is %s (%s), want %s", who, i, id, role, want[i])
				}
			}
		}

		// q: every word in the name, whatever its case; paging.
		var one struct {
			Items []struct{ ID, Name, Role string }
			Total int
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/colleagues?q=CLIN+ana", who: "peer"}).json(t, &one)
		if one.Total != 1 || len(one.Items) != 1 || one.Items[0].ID != ana.ID || one.Items[0].Name != "ana Clinician" || one.Items[0].Role != "clinician" {
			t.Errorf("q=CLIN ana: %+v", one)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/colleagues?q=gone", who: "peer"}).json(t, &one)
		if one.Total != 0 || len(one.Items) != 0 {
			t.Errorf("a disabled account is listed: %+v", one)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/colleagues?page=2&per_page=1", who: "clinician"}).json(t, &one)
		if one.Total != 3 || len(one.Items) != 1 || one.Items[0].ID != want[1] {
			t.Errorf("page 2 of 1: %+v", one)
		}
		f.must(400, accReq{method: "GET", path: "/api/v1/colleagues?per_page=0", who: "peer"})

		for who, status := range map[string]int{"agency": 403, "agency_other": 403, "admin": 403, "anon": 401} {
			if res := f.do(accReq{method: "GET", path: "/api/v1/colleagues", who: who}); res.status != status || strings.Contains(string(res.body), "fixture.example") {
				t.Errorf("as %s: %d, want %d: %s", who, res.status, status, res.body)
			}
		}
	})
}
