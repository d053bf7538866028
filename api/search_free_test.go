package api

import (
	"context"
	"encoding/json"
	"net/url"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestSearchFreeIsOnlyExplicit: free=true finds only listings that say they are free, and
// a result's "free" is true for those, false only for a named fee, and left out for a
// listing that says nothing of cost, on both databases.
func TestSearchFreeIsOnlyExplicit(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		zero, ten := 0.0, 10.0
		costs := map[string][]directory.CostOption{
			"Said Free Pantry":    {{Option: "Free", Amount: &zero}},
			"Named Fee Pantry":    {{Option: "Membership", Amount: &ten, Currency: "USD"}},
			"Unknown Cost Pantry": nil,
		}
		var recs []directory.Record
		for name, c := range costs {
			lat, lon := 42.2043, -72.6162
			s := directory.Service{ID: directory.NewID(), Name: name, Status: "active", Description: "Groceries for families.",
				Organization: &directory.Organization{ID: directory.NewID(), Name: name + " Inc.", Description: "A test organization."},
				CostOptions:  c,
				Attributes:   []directory.Attribute{{TaxonomyTermID: directory.TermID("handoff:need", "food")}},
				ServiceAtLocations: []directory.ServiceAtLocation{{ID: directory.NewID(), Location: &directory.Location{
					ID: directory.NewID(), LocationType: "physical", Name: name, Latitude: &lat, Longitude: &lon,
					Addresses: []directory.Address{{Address1: "1 Main Street", City: "Holyoke", StateProvince: "MA", PostalCode: "01040", Country: "US"}},
				}}}}
			directory.NormalizeService(&s)
			if chk := directory.ValidateService(&s); len(chk.Errors) > 0 {
				t.Fatalf("%s: %v", name, chk.Errors)
			}
			recs = append(recs, directory.Record{Line: len(recs) + 1, Service: &s})
		}
		if _, err := st.WriteAll(context.Background(), recs); err != nil {
			t.Fatal(err)
		}
		base := serveForTest(t, st, withSearch(t, st))

		res := getSearch(t, base, url.Values{"q": {"pantry"}, "free": {"true"}})
		if res.Total != 1 || len(res.Items) != 1 || res.Items[0].Service.Name != "Said Free Pantry" {
			t.Errorf("free=true: %+v", res.Items)
		}

		_, _, body := get(t, base+"/api/v1/search?q=pantry&per_page=10")
		var raw struct {
			Items []struct {
				Service map[string]json.RawMessage `json:"service"`
			} `json:"items"`
		}
		if err := json.Unmarshal(body, &raw); err != nil || len(raw.Items) != 3 {
			t.Fatalf("%v %s", err, body)
		}
		want := map[string]string{"Said Free Pantry": "true", "Named Fee Pantry": "false", "Unknown Cost Pantry": ""}
		for _, it := range raw.Items {
			var name string
			json.Unmarshal(it.Service["name"], &name)
			if got := string(it.Service["free"]); got != want[name] {
				t.Errorf("%s: \"free\" is %q, want %q (empty: left out)", name, got, want[name])
			}
			if _, ok := it.Service["fees_description"]; ok && name == "Unknown Cost Pantry" {
				t.Errorf("%s says something of cost: %s", name, it.Service["fees_description"])
			}
		}
	})
}
