package api_test

import (
	"encoding/json"
	"testing"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// agencyPortalRouteCases are the agency portal's rows of the route matrix
// (TestRouteAccessMatrix): the listings are agency staff's (each their own
// organization's: TestAgencyListingsOwnOrganization); a figure is changed by admins and
// organization A's staff, B's staff are refused (403), the program by role; the page is
// an empty shell for anyone.
func agencyPortalRouteCases() map[string]routeCase {
	return map[string]routeCase{
		"GET /api/v1/agency/listings": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/agency/listings", who: who}
		}, want: map[string]int{"agency": 200, "agency_other": 200}, def: 403},
		"PATCH /api/v1/services/:id/capacities/:cid": {req: func(f *accFixture, who string) accReq {
			id := capListing(f, "Matrix portal beds", "capacity", 2)
			return accReq{method: "PATCH", path: "/api/v1/services/" + id + "/capacities/" + capFigureID(f, id), who: who,
				body: map[string]any{"available": 1}}
		}, want: listingWriters(200), def: 403},
		"GET /agency": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/agency", who: who}
		}, want: map[string]int{"anon": 200, "peer": 200, "clinician": 200, "coordinator": 200, "agency": 200, "agency_other": 200, "admin": 200}},
	}
}

// capFigureID is the id of the service's first capacity figure.
func capFigureID(f *accFixture, svcID string) string {
	f.t.Helper()
	var svc directory.Service
	f.must(200, accReq{method: "GET", path: "/api/v1/services/" + svcID, who: "admin"}).json(f.t, &svc)
	if len(svc.Capacities) == 0 {
		f.t.Fatalf("service %s has no capacity figure", svcID)
	}
	return svc.Capacities[0].ID
}

type portalListings struct {
	Organization struct{ ID, Name string } `json:"organization"`
	Items        []struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		ETag       string `json:"etag"`
		Capacities []struct {
			ID        string   `json:"id"`
			Available *float64 `json:"available"`
			Current   bool     `json:"current"`
			UnitName  string   `json:"unit_name"`
		} `json:"capacities"`
		LastConfirmed *string                 `json:"last_confirmed"`
		Referrals     map[string]int          `json:"referrals"`
		Attention     []struct{ Code string } `json:"attention"`
	} `json:"items"`
	Words struct {
		Outcomes []struct{ Code, Label string } `json:"outcomes"`
	} `json:"words"`
}

// TestAgencyListingsOwnOrganization: each agency user lists their own organization's
// services only, whatever they ask; the need for attention orders them (a stale bed
// count above a fresh, confirmed listing); the outcome words are the link page's.
func TestAgencyListingsOwnOrganization(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		beds := capListing(f, "Valley shelter beds", "capacity", 3)
		f.must(201, accReq{method: "POST", path: "/api/v1/services/" + f.svcA + "/verifications", who: "agency",
			body: map[string]any{"method": "self-confirm", "result": "confirmed"}})
		var a, b portalListings
		f.must(200, accReq{method: "GET", path: "/api/v1/agency/listings?organization_id=" + f.orgB, who: "agency"}).json(t, &a)
		f.must(200, accReq{method: "GET", path: "/api/v1/agency/listings", who: "agency_other"}).json(t, &b)
		if a.Organization.ID != f.orgA || len(a.Items) != 2 || a.Items[0].ID != beds || a.Items[1].ID != f.svcA {
			t.Fatalf("organization A's listings: %+v", a)
		}
		if len(b.Items) != 1 || b.Items[0].ID != f.svcB {
			t.Fatalf("organization B's listings: %+v", b)
		}
		stale := a.Items[0]
		if len(stale.Capacities) != 1 || stale.Capacities[0].Current || stale.Capacities[0].UnitName != "bed" ||
			len(stale.Attention) == 0 || stale.Attention[0].Code != directory.AttentionCapacityStale || stale.LastConfirmed != nil {
			t.Errorf("the stale bed count: %+v", stale)
		}
		if a.Items[1].LastConfirmed == nil || len(a.Items[1].Attention) != 0 {
			t.Errorf("the confirmed pantry: %+v", a.Items[1])
		}
		want := []string{"Got help", "Couldn't reach them", "No room", "Not eligible"}
		for i, w := range want {
			if i >= len(a.Words.Outcomes) || a.Words.Outcomes[i].Label != w {
				t.Errorf("outcome words %+v, want %v first", a.Words.Outcomes, want)
				break
			}
		}
	})
}

// TestPortalCapacityPatch: a figure's count, maximum and status change in one save,
// credited to the portal; bad input names the field and changes nothing; a stale ETag
// is 412; another organization's staff get 403 and nothing changes.
func TestPortalCapacityPatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		id := capListing(f, "Valley shelter beds", "capacity", 3)
		cid := capFigureID(f, id)
		path := "/api/v1/services/" + id + "/capacities/" + cid
		read := func() directory.Service {
			var s directory.Service
			f.must(200, accReq{method: "GET", path: "/api/v1/services/" + id}).json(t, &s)
			return s
		}
		before := read()
		for _, bad := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"available": -1}, "available"},
			{map[string]any{"available": 2.5}, "available"},
			{map[string]any{"available": 16}, "available"},
			{map[string]any{"maximum": 1}, "available"},
			{map[string]any{"status": "open"}, "status"},
			{map[string]any{"updated": "2020-01-01"}, "body"}, // the strict decoder names the member in its message
		} {
			res := f.do(accReq{method: "PATCH", path: path, who: "agency", body: bad.body})
			var p struct {
				Errors []struct{ Field string } `json:"errors"`
			}
			json.Unmarshal(res.body, &p)
			if res.status != 400 || len(p.Errors) == 0 || p.Errors[0].Field != bad.field {
				t.Errorf("%v: %d %s, want 400 naming %s", bad.body, res.status, res.body, bad.field)
			}
		}
		if res := f.do(accReq{method: "PATCH", path: path, who: "agency_other", body: map[string]any{"available": 1}}); res.status != 403 {
			t.Errorf("another organization's staff: %d", res.status)
		}
		if res := f.do(accReq{method: "PATCH", path: "/api/v1/services/" + id + "/capacities/nope", who: "agency", body: map[string]any{"available": 1}}); res.status != 404 {
			t.Errorf("unknown figure: %d", res.status)
		}
		if res := f.do(accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{"available": 1},
			header: map[string]string{"If-Match": `"stale"`}}); res.status != 412 {
			t.Errorf("stale If-Match: %d", res.status)
		}
		if after := read(); *after.Capacities[0].Available != *before.Capacities[0].Available || after.Capacities[0].Updated != before.Capacities[0].Updated {
			t.Fatalf("a refused change changed the figure: %+v", after.Capacities[0])
		}
		f.must(200, accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{"available": 0, "maximum": 20, "status": "waitlist"}})
		after := read()
		c := after.Capacities[0]
		if *c.Available != 0 || *c.Maximum != 20 || c.Source != directory.CapacitySourcePortal || c.Updated == before.Capacities[0].Updated ||
			directory.CapacityStatus(&after) != directory.CapacityWaitlist {
			t.Errorf("after the save: %+v, status %s", c, directory.CapacityStatus(&after))
		}
		// A status the count contradicts is settled by the count.
		f.must(200, accReq{method: "PATCH", path: path, who: "agency", body: map[string]any{"available": 4, "status": "no-capacity"}})
		if s := read(); directory.CapacityStatus(&s) != directory.CapacityAvailable {
			t.Errorf("4 free but status %s", directory.CapacityStatus(&s))
		}
	})
}
