package api

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// usPantries writes, for each place, a food pantry about 2 km from it and another about
// 15 km away, on a bearing due north, so that a search with a 10 km radius finds only the
// first and a search by distance lists the first before the second.
func usPantries(t *testing.T, st *store.Store, places map[string][2]float64) {
	t.Helper()
	var recs []directory.Record
	for name, ll := range places {
		for _, km := range []float64{2, 15} {
			lat, lon := ll[0]+km/111.2, ll[1]
			svc := fmt.Sprintf("%s Pantry %g km", name, km)
			s := directory.Service{ID: directory.NewID(), Name: svc, Status: "active", Description: "Groceries for families.",
				Organization: &directory.Organization{ID: directory.NewID(), Name: svc + " Inc.", Description: "A test organization."},
				Attributes:   []directory.Attribute{{TaxonomyTermID: directory.TermID("handoff:need", "food")}},
				ServiceAtLocations: []directory.ServiceAtLocation{{ID: directory.NewID(), Location: &directory.Location{
					ID: directory.NewID(), LocationType: "physical", Name: svc, Latitude: &lat, Longitude: &lon,
				}}}}
			directory.NormalizeService(&s)
			if chk := directory.ValidateService(&s); len(chk.Errors) > 0 {
				t.Fatalf("%s: %v", svc, chk.Errors)
			}
			recs = append(recs, directory.Record{Line: len(recs) + 1, Service: &s})
		}
	}
	if _, err := st.WriteAll(context.Background(), recs); err != nil {
		t.Fatal(err)
	}
}

// TestSearchNearAnyUSPlace: near= answers for a place anywhere in the United States as
// it does for Holyoke: the place echoed with its state, the services within the radius
// only, nearest first; and a name that is several places, or a typo, is a 422 naming
// near with the places to choose from.
func TestSearchNearAnyUSPlace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		// The Census internal points of each place, as the gazetteer has them.
		places := map[string][2]float64{
			"Holyoke":     {42.2116578, -72.6424476},
			"Hialeah":     {25.8699408, -80.302865},
			"Washington":  {38.9042474, -77.0165167},
			"Springfield": {39.7910628, -89.644572}, // Illinois
		}
		usPantries(t, st, places)
		base := serveForTest(t, st, withSearch(t, st))
		for _, tt := range []struct{ near, label, state, prefix string }{
			{"Holyoke", "Holyoke", "MA", "Holyoke"},
			{"Hialeah", "Hialeah, FL", "FL", "Hialeah"},
			{"Washington, DC", "Washington, DC", "DC", "Washington"},
			{"Springfield, IL", "Springfield, IL", "IL", "Springfield"},
		} {
			t.Run(tt.near, func(t *testing.T) {
				res := getSearch(t, base, url.Values{"near": {tt.near}, "need": {"food"}, "radius_km": {"10"}, "sort": {"distance"}})
				if res.Query.Near == nil || res.Query.Near.Label != tt.label {
					t.Errorf("near echoed as %+v, want %q", res.Query.Near, tt.label)
				}
				if len(res.Items) != 1 || res.Items[0].Service.Name != tt.prefix+" Pantry 2 km" {
					t.Fatalf("within 10 km of %s: %+v", tt.near, res.Items)
				}
				if d := res.Items[0].DistanceKm; d == nil || math.Abs(*d-2) > 0.5 {
					t.Errorf("distance %v, want about 2 km", d)
				}
				res = getSearch(t, base, url.Values{"near": {tt.near}, "need": {"food"}, "radius_km": {"50"}, "sort": {"distance"}})
				var names []string
				for _, it := range res.Items {
					names = append(names, it.Service.Name)
				}
				if strings.Join(names, "|") != tt.prefix+" Pantry 2 km|"+tt.prefix+" Pantry 15 km" {
					t.Errorf("within 50 km by distance: %q", names)
				}
				_, _, body := get(t, base+"/api/v1/search?"+url.Values{"near": {tt.near}}.Encode())
				if !strings.Contains(string(body), `"state":"`+tt.state+`"`) {
					t.Errorf("near's state not echoed: %.300s", body)
				}
			})
		}

		for _, tt := range []struct{ near, member, first string }{
			{"Portland", "candidates", "Portland, OR"},
			{"Holyok", "suggestions", "Holyoke, MA"},
			{"Hialea", "suggestions", "Hialeah, FL"},
		} {
			t.Run("422 "+tt.near, func(t *testing.T) {
				status, hdr, body := get(t, base+"/api/v1/search?"+url.Values{"near": {tt.near}}.Encode())
				checkPlaceProblem(t, status, hdr, body, tt.member, tt.first)
				req, _ := http.NewRequest("POST", base+"/api/v1/match", strings.NewReader(`{"needs":["food"],"near":"`+tt.near+`"}`))
				req.Header.Set("Content-Type", "application/json")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				var b strings.Builder
				if _, err := fmt.Fprint(&b, mustRead(t, res)); err != nil {
					t.Fatal(err)
				}
				checkPlaceProblem(t, res.StatusCode, res.Header, []byte(b.String()), tt.member, tt.first)
			})
		}
	})
}

func mustRead(t *testing.T, res *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := res.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String()
		}
	}
}

// checkPlaceProblem: a 422 problem whose only error names near, whose message names the
// first place, and whose member lists the places with their labels.
func checkPlaceProblem(t *testing.T, status int, hdr http.Header, body []byte, member, first string) {
	t.Helper()
	if status != 422 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("%d %s", status, body)
	}
	var p struct {
		Status int `json:"status"`
		Errors []struct{ Field, Message string }
	}
	var extra map[string]json.RawMessage
	if err := json.Unmarshal(body, &p); err != nil || json.Unmarshal(body, &extra) != nil {
		t.Fatalf("%v %s", err, body)
	}
	if p.Status != 422 || len(p.Errors) != 1 || p.Errors[0].Field != "near" || !strings.Contains(p.Errors[0].Message, first) {
		t.Errorf("problem %+v", p)
	}
	var choices []struct {
		Label, State string
		Lat, Lon     float64
	}
	if err := json.Unmarshal(extra[member], &choices); err != nil || len(choices) == 0 || choices[0].Label != first || choices[0].State == "" || choices[0].Lat == 0 {
		t.Errorf("%s: %v %s", member, err, body)
	}
}
