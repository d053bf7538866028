package api_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/directory"
	"handoff/internal/searchtest"
	"handoff/store"
	"handoff/store/storetest"
)

// searchItem is a search result as these tests read it.
type searchItem struct {
	Service  struct{ ID, Name string }
	Capacity *struct {
		Status    string
		Available *float64
		Updated   *time.Time
		Expired   bool
		Expires   *time.Time
		Source    string
	}
	CapacityObservation *struct {
		Source     string
		Available  float64
		Unit       string
		Observer   *string
		ObservedAt time.Time `json:"observed_at"`
	} `json:"capacity_observation"`
	Why []string
}

// bedListing stores a service of organization A with avail of 15 beds free, dated
// updated, through the import path (which keeps the source's date and, as handoff import
// does, credits the figure to the import), with its own
// ttl_hours when ttl > 0.
func bedListing(f *accFixture, name string, avail float64, updated time.Time, ttl float64) string {
	f.t.Helper()
	id, maximum := directory.NewID(), 15.0
	c := directory.Capacity{Available: &avail, Maximum: &maximum, Unit: json.RawMessage(`{"name":"bed"}`),
		Updated: updated.UTC().Format(time.RFC3339), Source: directory.CapacitySourceImport}
	if ttl > 0 {
		c.TTLHours = &ttl
	}
	f.writeService(directory.Service{ID: id, Name: name, Status: "active", OrganizationID: f.orgA,
		Description: "Emergency shelter beds.", Capacities: []directory.Capacity{c}})
	return id
}

// searchFor runs a search as who until pred holds (the index follows the change feed a
// moment behind) or 30 s pass, and returns the last answer's items.
func searchFor(t *testing.T, f *accFixture, who, query string, pred func([]searchItem) bool) []searchItem {
	t.Helper()
	var got struct{ Items []searchItem }
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		f.must(200, accReq{method: "GET", path: "/api/v1/search?" + query, who: who}).json(t, &got)
		if pred(got.Items) || time.Now().After(end) {
			return got.Items
		}
	}
}

func itemNamed(items []searchItem, name string) *searchItem {
	for i := range items {
		if items[i].Service.Name == name {
			return &items[i]
		}
	}
	return nil
}

// TestCapacityExpiresInSearch is acceptance 3 through the real server and search engine,
// on SQLite and PostgreSQL: a count past its time-to-live (the default 24 h) is shown as
// unknown with what it said and when, and available=true does not count it; a fresh
// count and one with its own longer ttl_hours are counted.
func TestCapacityExpiresInSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{Search: searchtest.Engine(t, st)}, nil)
		now := time.Now()
		bedListing(f, "Stale bunkhouse", 3, now.Add(-50*time.Hour), 0)
		bedListing(f, "Fresh bunkhouse", 3, now.Add(-1*time.Hour), 0)
		bedListing(f, "Weekly bunkhouse", 3, now.Add(-50*time.Hour), 168)

		all := searchFor(t, f, "", "q=bunkhouse&per_page=50", func(it []searchItem) bool { return len(it) == 3 })
		if len(all) != 3 {
			t.Fatalf("search finds %d bunkhouses, want 3", len(all))
		}
		avail := searchFor(t, f, "", "available=true&per_page=100", func([]searchItem) bool { return true })
		var counted []string
		for _, it := range avail {
			if strings.HasSuffix(it.Service.Name, "bunkhouse") {
				counted = append(counted, it.Service.Name)
			}
		}
		slices.Sort(counted)
		if want := []string{"Fresh bunkhouse", "Weekly bunkhouse"}; !slices.Equal(counted, want) {
			t.Errorf("available=true counts %v, want %v", counted, want)
		}

		stale := itemNamed(all, "Stale bunkhouse")
		c := stale.Capacity
		if c == nil || !c.Expired || c.Status != "" || c.Available == nil || *c.Available != 3 || c.Updated == nil ||
			c.Expires == nil || c.Source != directory.CapacitySourceImport {
			t.Fatalf("stale capacity in JSON: %+v", c)
		}
		if d := c.Expires.Sub(*c.Updated); d != directory.DefaultCapacityTTL {
			t.Errorf("expires %v after its update, want %v", d, directory.DefaultCapacityTTL)
		}
		if !slices.Contains(stale.Why, "unknown — 3 beds 2 days ago") {
			t.Errorf("stale why: %q", stale.Why)
		}
		fresh := itemNamed(all, "Fresh bunkhouse")
		if fresh.Capacity == nil || fresh.Capacity.Expired || fresh.Capacity.Status != "capacity" {
			t.Errorf("fresh capacity: %+v", fresh.Capacity)
		}
	})
}

// TestCapacityObservationRoute: a peer who called records what they heard; it is
// stored beside the agency's figure (which does not change) and search shows it with
// its source, the peer's first name (to staff; "a peer" to the public) and its age.
// Agency staff, admins and anonymous callers are refused, and bad input is refused
// naming the field; a refusal stores nothing.
func TestCapacityObservationRoute(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{Search: searchtest.Engine(t, st)}, nil)
		f.users["ana"] = f.addUser("peer", "", "Ana Lima", "ana@fixture.example")
		ctx := context.Background()
		id := bedListing(f, "Night bunkhouse", 0, time.Now().Add(-3*24*time.Hour), 0)
		path := "/api/v1/services/" + id + "/capacity-observations"
		before := capGet(t, f, id)

		sent := time.Now().Add(-time.Second)
		var o directory.CapacityObservation
		f.must(201, accReq{method: "POST", path: path, who: "ana",
			body: map[string]any{"available": 2, "maximum": 15, "unit": "bed", "note": "Called at 2 a.m."}}).json(t, &o)
		at, err := time.Parse(time.RFC3339, o.ObservedAt)
		if o.ServiceID != id || o.Observer != "Ana" || o.ObserverID != f.users["ana"].ID || o.Source != "phone" ||
			o.Available == nil || *o.Available != 2 || err != nil || at.Before(sent.Truncate(time.Second)) || at.After(time.Now()) {
			t.Errorf("observation answered: %+v", o)
		}
		if a, b := mustJSON(t, before), mustJSON(t, capGet(t, f, id)); a != b {
			t.Errorf("an observation changed the agency's listing:\n%s\n%s", a, b)
		}
		// Its audit row, written in the observation's own transaction, names the service.
		var audited int
		if err := st.DB().QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND record_type = 'capacity_observation'
			AND record_id = $1 AND detail = $2 AND user_id = $3`, o.ID, "service "+id, f.users["ana"].ID).Scan(&audited); err != nil || audited != 1 {
			t.Errorf("audit rows of the observation: %d, %v", audited, err)
		}

		heard := func(items []searchItem) bool {
			it := itemNamed(items, "Night bunkhouse")
			return it != nil && it.CapacityObservation != nil
		}
		items := searchFor(t, f, "peer", "q=bunkhouse", heard)
		it := itemNamed(items, "Night bunkhouse")
		if it == nil || it.CapacityObservation == nil {
			t.Fatalf("search does not show the observation: %+v", items)
		}
		ob := it.CapacityObservation
		if ob.Source != "phone" || ob.Available != 2 || ob.Unit != "bed" || ob.Observer == nil || *ob.Observer != "Ana" {
			t.Errorf("observation in search: %+v", ob)
		}
		if !slices.ContainsFunc(it.Why, func(s string) bool {
			return strings.HasPrefix(s, "2 beds left, said by phone to Ana ") && strings.HasSuffix(s, "min ago")
		}) {
			t.Errorf("why: %q", it.Why)
		}
		// The agency's own figure is still its own: 0 beds three days ago, now unknown.
		if c := it.Capacity; c == nil || !c.Expired || c.Available == nil || *c.Available != 0 {
			t.Errorf("agency figure beside the observation: %+v", c)
		}
		anon := itemNamed(searchFor(t, f, "", "q=bunkhouse", heard), "Night bunkhouse")
		if anon == nil || anon.CapacityObservation == nil || anon.CapacityObservation.Observer != nil ||
			!slices.ContainsFunc(anon.Why, func(s string) bool { return strings.HasPrefix(s, "2 beds left, said by phone to a peer ") }) {
			t.Errorf("anonymous search names the observer: %+v", anon)
		}

		stored := func() string {
			svcs, err := st.Services(ctx, []string{id})
			if err != nil || len(svcs) != 1 || svcs[0].Observation == nil {
				t.Fatalf("stored observation: %v %+v", err, svcs)
			}
			return mustJSON(t, svcs[0].Observation)
		}
		want := stored()
		long := strings.Repeat("x", 41)
		refusals := []struct {
			name  string
			who   string
			body  any
			path  string
			ctype string
			code  int
			field string
		}{
			{"agency", "agency", map[string]any{"available": 5}, path, "", 403, ""},
			{"admin", "admin", map[string]any{"available": 5}, path, "", 403, ""},
			{"anonymous", "anon", map[string]any{"available": 5}, path, "", 401, ""},
			{"no count", "peer", map[string]any{"unit": "bed"}, path, "", 400, "available"},
			{"negative", "peer", map[string]any{"available": -1}, path, "", 400, "available"},
			{"fraction", "peer", map[string]any{"available": 2.5}, path, "", 400, "available"},
			{"over maximum", "peer", map[string]any{"available": 4, "maximum": 3}, path, "", 400, "available"},
			{"negative maximum", "peer", map[string]any{"available": 1, "maximum": -3}, path, "", 400, "maximum"},
			{"long unit", "peer", map[string]any{"available": 1, "unit": long}, path, "", 400, "unit"},
			{"long note", "peer", map[string]any{"available": 1, "note": strings.Repeat("y", 501)}, path, "", 400, "note"},
			{"words", "peer", map[string]any{"available": "two"}, path, "", 400, "available"},
			{"unknown service", "peer", map[string]any{"available": 1}, "/api/v1/services/" + directory.NewID() + "/capacity-observations", "", 404, ""},
			{"not JSON", "peer", "available=1", path, "application/x-www-form-urlencoded", 415, ""},
		}
		for _, r := range refusals {
			req := accReq{method: "POST", path: r.path, who: r.who, body: r.body}
			if r.ctype != "" {
				req.header = map[string]string{"Content-Type": r.ctype}
			}
			res := f.do(req)
			if res.status != r.code {
				t.Errorf("%s: status %d, want %d: %s", r.name, res.status, r.code, res.body)
				continue
			}
			if r.field != "" {
				var p struct{ Errors []directory.FieldError }
				res.json(t, &p)
				if !slices.ContainsFunc(p.Errors, func(e directory.FieldError) bool { return e.Field == r.field }) {
					t.Errorf("%s: the refusal does not name %s: %s", r.name, r.field, res.body)
				}
			}
			if got := stored(); got != want {
				t.Errorf("%s: a refused request stored an observation: %s", r.name, got)
			}
		}
	})
}
