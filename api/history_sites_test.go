package api_test

import (
	"strings"
	"testing"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// TestServiceHistoryIncludesSites: a site's address changed through the listing shows in
// the service's history with include=locations, marked as the location's row and named
// by who made it; without include it is the service's own rows only. include is a 400
// naming it for any other value, or on a location's history; nothing is written. On
// SQLite and PostgreSQL.
func TestServiceHistoryIncludesSites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		f.must(200, accReq{method: "PATCH", path: "/api/v1/locations/" + f.locA, who: "agency", body: map[string]any{
			"addresses": []any{map[string]any{"address_1": "2 Elm Street", "city": "Springfield", "state_province": "MA",
				"postal_code": "01103", "country": "US"}}}})
		f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency", body: map[string]any{"description": "Groceries twice a week."}})
		type row struct {
			RecordType string `json:"record_type"`
			RecordID   string `json:"record_id"`
			Field      string `json:"field"`
			Before     string `json:"before"`
			After      string `json:"after"`
			Source     string `json:"source"`
			Who        string `json:"who"`
		}
		var page struct {
			Items []row `json:"items"`
			Total int   `json:"total"`
		}
		base := "/api/v1/services/" + f.svcA + "/history"
		f.must(200, accReq{method: "GET", path: base + "?include=locations", who: "agency"}).json(t, &page)
		var site, desc *row
		for i, r := range page.Items {
			switch {
			case r.RecordType == "location" && strings.HasPrefix(r.Field, "addresses[0].address_1"):
				site = &page.Items[i]
			case r.RecordType == "service" && r.Field == "description":
				desc = &page.Items[i]
			}
		}
		if site == nil || site.RecordID != f.locA || site.Before != "1 Main Street" || site.After != "2 Elm Street" ||
			!strings.Contains(site.Who, f.users["agency"].Name) {
			t.Errorf("the site's address change: %+v in %+v", site, page.Items)
		}
		if desc == nil || desc.After != "Groceries twice a week." {
			t.Errorf("the service's own change: %+v", desc)
		}
		with := page.Total
		f.must(200, accReq{method: "GET", path: base, who: "agency"}).json(t, &page)
		for _, r := range page.Items {
			if r.RecordType != "service" {
				t.Errorf("without include a %s row is shown: %+v", r.RecordType, r)
			}
		}
		if page.Total >= with {
			t.Errorf("without include %d rows, with %d", page.Total, with)
		}
		// Another organization's staff are refused either way.
		f.must(403, accReq{method: "GET", path: base + "?include=locations", who: "agency_other"})
		before := f.count("listing_history")
		for _, path := range []string{base + "?include=everything", "/api/v1/locations/" + f.locA + "/history?include=locations"} {
			res := f.must(400, accReq{method: "GET", path: path, who: "agency"})
			if !strings.Contains(string(res.body), `"include"`) {
				t.Errorf("%s: the problem does not name include: %s", path, res.body)
			}
		}
		if f.count("listing_history") != before {
			t.Error("a refused read wrote history")
		}
	})
}
