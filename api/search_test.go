package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"handoff/internal/searchtest"
	"handoff/store"
	"handoff/store/storetest"
)

// withSearch builds a search engine over the store, as serve does, and returns the
// options that give it to the server.
func withSearch(t *testing.T, st *store.Store) Options {
	t.Helper()
	return Options{Search: searchtest.Engine(t, st)}
}

// searchItem is an item of /api/v1/search as a client reads it.
type searchItem struct {
	Service struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Needs []string
	} `json:"service"`
	Location   *struct{ ID string } `json:"location"`
	DistanceKm *float64             `json:"distance_km"`
	ServesArea bool                 `json:"serves_area"`
	Score      float64              `json:"score"`
	OpenNow    *bool                `json:"open_now"`
	NextOpen   *string              `json:"next_open"`
	Capacity   *struct {
		Status    string   `json:"status"`
		Available *float64 `json:"available"`
		Updated   *string  `json:"updated"`
	} `json:"capacity"`
	Rule string   `json:"rule"`
	Why  []string `json:"why"`
}

type searchBody struct {
	Total   int          `json:"total"`
	Page    int          `json:"page"`
	PerPage int          `json:"per_page"`
	Items   []searchItem `json:"items"`
	Facets  map[string][]struct {
		Code  string `json:"code"`
		Count int    `json:"count"`
	} `json:"facets"`
	Query struct {
		Near *struct{ Label, Kind, Town string } `json:"near"`
	} `json:"query"`
}

func getSearch(t *testing.T, base string, v url.Values) searchBody {
	t.Helper()
	status, hdr, body := get(t, base+"/api/v1/search?"+v.Encode())
	if status != 200 {
		t.Fatalf("search %v: %d %s", v, status, body)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	var out searchBody
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("search %v: %v\n%s", v, err, body)
	}
	// Every member of the item shape is there, null or not.
	var raw struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	json.Unmarshal(body, &raw)
	for _, it := range raw.Items {
		for _, k := range []string{"service", "location", "distance_km", "score", "open_now", "next_open", "capacity", "why"} {
			if _, ok := it[k]; !ok {
				t.Fatalf("item without %q: %s", k, body)
			}
		}
	}
	return out
}

func TestSearchAPI(t *testing.T) {
	st := storetest.SQLite(t)
	seeded(t, st)
	base := serveForTest(t, st, withSearch(t, st))

	res := getSearch(t, base, url.Values{"q": {"detox"}, "near": {"Holyoke"}, "per_page": {"5"}})
	if res.Total == 0 || len(res.Items) == 0 || !strings.Contains(res.Items[0].Service.Name, "Detox") {
		t.Fatalf("detox near Holyoke: %+v", res)
	}
	first := res.Items[0]
	if first.DistanceKm == nil || first.Score <= 0 || first.OpenNow == nil || len(first.Why) == 0 || first.Capacity == nil {
		t.Errorf("first item lacks a member: %+v", first)
	}
	if res.PerPage != 5 || res.Page != 1 || len(res.Facets["need"]) == 0 || len(res.Facets["level_of_care"]) == 0 || len(res.Facets["language"]) == 0 {
		t.Errorf("paging or facets: %+v", res)
	}
	if res.Query.Near == nil || res.Query.Near.Label != "Holyoke" {
		t.Errorf("near not echoed: %+v", res.Query.Near)
	}

	// The Holyoke mobile crisis case, by ZIP.
	res = getSearch(t, base, url.Values{"near": {"01040"}, "radius_km": {"2"}, "need": {"crisis"}, "per_page": {"50"}})
	foundTeam := false
	for _, it := range res.Items {
		if it.Service.Name == "Mobile Crisis Intervention" {
			foundTeam = it.ServesArea && it.DistanceKm == nil && it.Location == nil
		}
	}
	if !foundTeam {
		t.Error("near=01040 radius 2 km does not find BHN's mobile crisis team through its area")
	}

	// Repeated and comma-separated filters, sort by distance.
	res = getSearch(t, base, url.Values{"lat": {"42.1015"}, "lon": {"-72.5898"}, "need": {"food", "housing"}, "language": {"es"}, "sort": {"distance"}, "per_page": {"20"}})
	for i, it := range res.Items {
		if i > 0 && it.DistanceKm != nil && res.Items[i-1].DistanceKm != nil && *it.DistanceKm < *res.Items[i-1].DistanceKm {
			t.Errorf("not nearest first at %d", i)
		}
	}
	// An imported level of care outside Handoff's vocabulary filters instead of failing.
	getSearch(t, base, url.Values{"level_of_care": {"crisis_intervention"}})

	// Bad parameters: one 400 that names each.
	status, hdr, body := get(t, base+"/api/v1/search?need=flying&lat=42&radius_km=9999&sort=distance&per_page=0&bbox=1,2,3&age=-1")
	if status != 400 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("bad parameters: %d %s", status, body)
	}
	var p struct {
		Errors []struct{ Field string } `json:"errors"`
	}
	json.Unmarshal(body, &p)
	fields := map[string]bool{}
	for _, e := range p.Errors {
		fields[e.Field] = true
	}
	for _, f := range []string{"need", "lat", "radius_km", "sort", "per_page", "bbox", "age"} {
		if !fields[f] {
			t.Errorf("the problem does not name %q: %s", f, body)
		}
	}
	if status, _, body := get(t, base+"/api/v1/search?near=Xyzzyville"); status != 400 || !bytes.Contains(body, []byte(`"near"`)) {
		t.Errorf("unknown place: %d %s", status, body)
	}
}

func TestSearchAPIWithoutEngine(t *testing.T) {
	st := storetest.SQLite(t)
	base := serveForTest(t, st, Options{})
	if status, _, body := get(t, base+"/api/v1/search?q=detox"); status != 503 {
		t.Errorf("no engine: %d %s", status, body)
	}
}

func TestMatchAPI(t *testing.T) {
	st := storetest.SQLite(t)
	seeded(t, st)
	base := serveForTest(t, st, withSearch(t, st))
	post := func(body string) (int, []byte) {
		res, err := http.Post(base+"/api/v1/match", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(res.Body)
		return res.StatusCode, buf.Bytes()
	}
	status, body := post(`{"needs":["housing","treatment"],"assessment":{"imminent_risk":true},"near":"Holyoke","radius_km":15,
		"language":"en","age":34,"constraints":{"free":false}}`)
	if status != 200 {
		t.Fatalf("match: %d %s", status, body)
	}
	var m struct {
		Matches []struct {
			Need string `json:"need"`
			Rule struct {
				ID          string `json:"id"`
				Description string `json:"description"`
			} `json:"rule"`
			Levels []string     `json:"levels_of_care"`
			Items  []searchItem `json:"items"`
		} `json:"matches"`
	}
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Matches) != 3 || m.Matches[0].Need != "crisis" || m.Matches[0].Rule.ID != "imminent-risk" {
		t.Fatalf("imminent risk does not lead with a crisis answer: %s", body)
	}
	want := map[string]string{"crisis": "imminent-risk", "housing": "social-needs", "treatment": "treatment"}
	for _, nm := range m.Matches {
		if want[nm.Need] != nm.Rule.ID || nm.Rule.Description == "" {
			t.Errorf("need %s: rule %q", nm.Need, nm.Rule.ID)
		}
		if len(nm.Items) == 0 {
			t.Errorf("need %s: no services", nm.Need)
		}
		for _, it := range nm.Items {
			if it.Rule != nm.Rule.ID {
				t.Errorf("need %s: item without its rule: %q", nm.Need, it.Rule)
			}
		}
	}
	crisisNames := ""
	for _, it := range m.Matches[0].Items {
		crisisNames += it.Service.Name + "; "
	}
	if !strings.Contains(crisisNames, "Mobile Crisis") {
		t.Errorf("imminent risk in Holyoke does not suggest a mobile crisis team: %s", crisisNames)
	}

	status, body = post(`{"needs":["flying"],"assessment":{"locus":9,"level_of_care":"spa"},"lat":42}`)
	if status != 400 {
		t.Fatalf("bad match: %d %s", status, body)
	}
	for _, f := range []string{`"needs[0]"`, `"assessment.locus"`, `"assessment.level_of_care"`, `"lat"`} {
		if !bytes.Contains(body, []byte(f)) {
			t.Errorf("the problem does not name %s: %s", f, body)
		}
	}
	if status, body := post(`{"needs":["food"],"near":"Holyoke","surprise":1}`); status != 400 {
		t.Errorf("unknown member: %d %s", status, body)
	}
}

// TestHSDSListsUseTheEngine: /hsds/services?search= forgives typos and ranks, and
// /hsds/service_at_locations?postcode=&proximity= lists the nearest first, both in the
// HSDS shapes.
func TestHSDSListsUseTheEngine(t *testing.T) {
	st := storetest.SQLite(t)
	seeded(t, st)
	base := serveForTest(t, st, withSearch(t, st))
	page := mustPage(t, "service", base+"/hsds/services?search=detx&per_page=5")
	// The typo is forgiven: the first service is about detox (which one comes first moves
	// with the listings' check dates as the days pass).
	if page.TotalItems == 0 || !bytes.Contains(bytes.ToLower(page.Contents[0]), []byte("detox")) {
		t.Errorf("search=detx: %d %s", page.TotalItems, page.Contents)
	}
	seen := map[string]bool{}
	for _, id := range ids(t, mustPage(t, "service", base+"/hsds/services?search=food+pantry&per_page=100")) {
		if seen[id] {
			t.Errorf("service %s listed twice", id)
		}
		seen[id] = true
	}
	sal := mustPage(t, "service_at_location", base+"/hsds/service_at_locations?postcode=01040&proximity=3000&per_page=100")
	if sal.TotalItems == 0 {
		t.Fatal("nothing within 3 km of 01040")
	}
	for _, c := range sal.Contents {
		if !bytes.Contains(c, []byte(`"service":`)) {
			t.Fatalf("service_at_location without its service: %s", c)
		}
	}
}
