package api_test

import (
	"encoding/json"
	"net/url"
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

// The fixture listing's figures come in through the import path, which keeps the
// source's dates: a count last confirmed three days ago, a service last changed in 2025.
const capSourceModified = "2025-06-01T00:00:00Z"

// capCase is one write of a bed count through the API and what must follow from it.
type capCase struct {
	name string
	// said and avail are the stored listing's status and free beds (of 15).
	said  string
	avail float64
	// method and body are the request; body gets the listing's id and its GET form.
	method string
	body   func(id string, cur map[string]any) any
	// want is the status answered; field, for a refusal, the field it must name.
	want  int
	field string
	check func(t *testing.T, f *accFixture, c capCheck)
}

// capCheck is what a case's check sees: the listing before and after, and when the
// request was sent (to the second, as last_modified tells it) and answered.
type capCheck struct {
	id            string
	before, after directory.Service
	sent, done    time.Time
}

// TestCapacityIsTheServers walks the review's findings about capacity through the API on
// both databases: 20 of 15 beds free is refused naming the field; a client's "updated"
// (2099 included) is replaced by the server's time, and an unchanged count keeps its
// old date however the listing is edited; the status follows the count (no "no-capacity"
// next to 3 free beds, a full service's waitlist kept); an assured_date in the future is
// refused; last_modified is the time of the write, so that it agrees with
// modified_after; and search, which says "updated just now" of a future date, shows the
// server's date and the status that agrees with the count.
func TestCapacityIsTheServers(t *testing.T) {
	future := "2099-01-01T00:00:00Z"
	figure := func(avail, maximum float64, updated string) map[string]any {
		m := map[string]any{"available": avail, "maximum": maximum, "unit": map[string]any{"name": "bed"}}
		if updated != "" {
			m["updated"] = updated
		}
		return m
	}
	// patchFigure patches the first figure as a client that read the listing does: the
	// whole array, since a merge patch replaces arrays, with the figure's id and date.
	patchFigure := func(cur map[string]any, avail, maximum float64) map[string]any {
		c := cur["capacities"].([]any)[0].(map[string]any)
		m := figure(avail, maximum, c["updated"].(string))
		m["id"] = c["id"]
		return map[string]any{"capacities": []any{m}}
	}
	refusedUnchanged := func(t *testing.T, _ *accFixture, c capCheck) {
		if a, b := mustJSON(t, c.before), mustJSON(t, c.after); a != b {
			t.Errorf("a refused write changed the listing:\n%s\n%s", a, b)
		}
	}
	datedNow := func(t *testing.T, _ *accFixture, c capCheck) {
		for i, x := range c.after.Capacities {
			at, err := time.Parse(time.RFC3339, x.Updated)
			if err != nil || at.Before(c.sent) || at.After(c.done) {
				t.Errorf("capacities[%d].updated is %q, want the time of the write (%s to %s)", i, x.Updated, c.sent.Format(time.RFC3339), c.done.Format(time.RFC3339))
			}
		}
	}
	keptDate := func(t *testing.T, _ *accFixture, c capCheck) {
		if got, want := c.after.Capacities[0].Updated, c.before.Capacities[0].Updated; got != want {
			t.Errorf("an edit that left the count alone re-dated it: updated %q, was %q", got, want)
		}
	}
	status := func(want string) func(*testing.T, *accFixture, capCheck) {
		return func(t *testing.T, _ *accFixture, c capCheck) {
			if got := directory.TermCodes(&c.after, directory.TaxonomyCapacityStatus); !slices.Equal(got, []string{want}) {
				t.Errorf("capacity status %v next to %v free, want [%s]", got, *c.after.Capacities[0].Available, want)
			}
		}
	}
	all := func(checks ...func(*testing.T, *accFixture, capCheck)) func(*testing.T, *accFixture, capCheck) {
		return func(t *testing.T, f *accFixture, c capCheck) {
			for _, ch := range checks {
				ch(t, f, c)
			}
		}
	}
	cases := []capCase{
		{name: "20 of 15 beds free is refused", said: "no-capacity", avail: 0, method: "PATCH",
			body: func(_ string, cur map[string]any) any { return patchFigure(cur, 20, 15) },
			want: 400, field: "capacities[0].available", check: refusedUnchanged},
		{name: "a negative maximum is refused", said: "no-capacity", avail: 0, method: "PATCH",
			body: func(_ string, cur map[string]any) any { return patchFigure(cur, 0, -1) },
			want: 400, field: "capacities[0].maximum", check: refusedUnchanged},
		{name: "a new service with 20 of 15 beds free is refused", said: "no-capacity", avail: 0, method: "POST",
			body: func(string, map[string]any) any {
				b := accServiceBody("", "Twenty of fifteen")
				b["capacities"] = []any{figure(20, 15, "")}
				return b
			},
			want: 400, field: "capacities[0].available", check: func(t *testing.T, f *accFixture, _ capCheck) {
				var n int
				f.st.DB().QueryRow(`SELECT count(*) FROM services WHERE name = 'Twenty of fifteen'`).Scan(&n)
				if n != 0 {
					t.Errorf("the refused service was stored")
				}
			}},
		{name: "an assured_date in the future is refused", said: "no-capacity", avail: 0, method: "PATCH",
			body: func(string, map[string]any) any {
				return map[string]any{"assured_date": time.Now().AddDate(0, 0, 3).Format(time.DateOnly)}
			},
			want: 400, field: "assured_date", check: refusedUnchanged},
		{name: "an assured_date of today is taken", said: "no-capacity", avail: 0, method: "PATCH",
			body: func(string, map[string]any) any {
				return map[string]any{"assured_date": time.Now().Format(time.DateOnly)}
			},
			want: 200, check: keptDate},
		{name: "3 beds freed: dated now, and the status says capacity", said: "no-capacity", avail: 0, method: "PATCH",
			body: func(_ string, cur map[string]any) any { return patchFigure(cur, 3, 15) },
			want: 200, check: all(datedNow, status("capacity"))},
		{name: "the last bed taken: the status says no capacity", said: "capacity", avail: 1, method: "PATCH",
			body: func(_ string, cur map[string]any) any { return patchFigure(cur, 0, 15) },
			want: 200, check: all(datedNow, status("no-capacity"))},
		{name: "a full service's waitlist stands", said: "waitlist", avail: 2, method: "PATCH",
			body: func(_ string, cur map[string]any) any { return patchFigure(cur, 0, 15) },
			want: 200, check: all(datedNow, status("waitlist"))},
		{name: "a client's updated in 2099 is not kept (PUT)", said: "no-capacity", avail: 0, method: "PUT",
			body: func(_ string, cur map[string]any) any {
				c := cur["capacities"].([]any)[0].(map[string]any)
				c["available"], c["updated"] = 2, future
				return cur
			},
			want: 200, check: all(datedNow, status("capacity"))},
		{name: "a new service's updated in 2099 is not kept (POST)", said: "no-capacity", avail: 0, method: "POST",
			body: func(string, map[string]any) any {
				b := accServiceBody("", "Beds dated 2099")
				b["capacities"] = []any{figure(3, 15, future)}
				return b
			},
			want: 201, check: func(t *testing.T, f *accFixture, c capCheck) {
				id, _ := f.serviceNamed("Beds dated 2099")
				c.after = capGet(t, f, id)
				datedNow(t, f, c)
			}},
		{name: "an unrelated edit keeps the beds' date (PATCH)", said: "no-capacity", avail: 0, method: "PATCH",
			body: func(string, map[string]any) any { return map[string]any{"description": "Call ahead."} },
			want: 200, check: all(keptDate, status("no-capacity"))},
		{name: "an unrelated edit keeps the beds' date even with a date sent (PUT)", said: "no-capacity", avail: 0, method: "PUT",
			body: func(_ string, cur map[string]any) any {
				cur["description"] = "Call ahead."
				cur["capacities"].([]any)[0].(map[string]any)["updated"] = future
				return cur
			},
			want: 200, check: keptDate},
		{name: "last_modified is the time of the write, as modified_after sees it", said: "no-capacity", avail: 0, method: "PATCH",
			body: func(string, map[string]any) any {
				return map[string]any{"description": "Edited.", "last_modified": future}
			},
			want: 200, check: func(t *testing.T, f *accFixture, c capCheck) {
				if c.before.LastModified != capSourceModified {
					t.Fatalf("fixture last_modified %q, want the source's", c.before.LastModified)
				}
				lm, err := time.Parse(time.RFC3339, c.after.LastModified)
				if err != nil || lm.Before(c.sent) || lm.After(c.done) {
					t.Errorf("last_modified after PATCH is %q, want the time of the write (%s to %s)", c.after.LastModified, c.sent.Format(time.RFC3339), c.done.Format(time.RFC3339))
				}
				var page struct{ Contents []directory.Service }
				f.must(200, accReq{method: "GET", path: "/hsds/services?minimal=true&modified_after=" + url.QueryEscape(c.sent.Format(time.RFC3339))}).json(t, &page)
				found := false
				for _, s := range page.Contents {
					if s.ID != c.id {
						continue // the other fixtures, imported just now with their source's date
					}
					found = true
					if s.LastModified != c.after.LastModified {
						t.Errorf("modified_after=%s lists the service with last_modified %q, GET says %q", c.sent.Format(time.RFC3339), s.LastModified, c.after.LastModified)
					}
				}
				if !found {
					t.Errorf("modified_after=%s does not list the service just patched", c.sent.Format(time.RFC3339))
				}
			}},
	}
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{Search: searchtest.Engine(t, st)}, nil)
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				f.t = t
				id := capListing(f, "Crisis beds "+string(rune('A'+i)), tc.said, tc.avail)
				var cur map[string]any
				f.must(200, accReq{method: "GET", path: "/api/v1/services/" + id}).json(t, &cur)
				c := capCheck{id: id, before: capGet(t, f, id), sent: time.Now().Truncate(time.Second)}
				path := "/api/v1/services/" + id
				if tc.method == "POST" {
					path = "/api/v1/services"
				}
				res := f.do(accReq{method: tc.method, path: path, who: "agency", body: tc.body(id, cur)})
				c.done = time.Now()
				if res.status != tc.want {
					t.Fatalf("%s: status %d, want %d: %s", tc.method, res.status, tc.want, res.body)
				}
				if tc.field != "" {
					var p struct{ Errors []directory.FieldError }
					res.json(t, &p)
					if !slices.ContainsFunc(p.Errors, func(e directory.FieldError) bool { return e.Field == tc.field }) {
						t.Errorf("the refusal does not name %s: %s", tc.field, res.body)
					}
				}
				c.after = capGet(t, f, id)
				tc.check(t, f, c)
			})
		}
		f.t = t
		capSearchShowsServerDate(t, f)
	})
}

// capSearchShowsServerDate: the listing the POST dated 2099 is found with the count's
// status and an age the server gave it, not "updated just now" for the next 73 years.
func capSearchShowsServerDate(t *testing.T, f *accFixture) {
	t.Helper()
	var got struct {
		Items []struct {
			Service  struct{ Name string }
			Capacity *struct {
				Status  string
				Updated *time.Time
			}
			Why []string
		}
	}
	q := "/api/v1/search?q=" + url.QueryEscape("Beds dated 2099")
	for end := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		f.must(200, accReq{method: "GET", path: q}).json(t, &got)
		if len(got.Items) > 0 && got.Items[0].Service.Name == "Beds dated 2099" || time.Now().After(end) {
			break
		}
	}
	if len(got.Items) == 0 || got.Items[0].Service.Name != "Beds dated 2099" {
		t.Fatalf("search does not find the service posted: %+v", got.Items)
	}
	it := got.Items[0]
	if c := it.Capacity; c == nil || c.Status != "capacity" || c.Updated == nil || c.Updated.After(time.Now()) {
		t.Errorf("search shows capacity %+v, want status capacity dated by the server", c)
	}
	for _, w := range it.Why {
		if strings.Contains(w, "just now") {
			t.Errorf("search says %q of a count dated by the client in 2099", w)
		}
	}
}

// capListing stores a service of organization A with 15 beds, avail of them free, dated
// three days ago, with the capacity status said, through the import path (which keeps
// the source's dates), and returns its id.
func capListing(f *accFixture, name, said string, avail float64) string {
	f.t.Helper()
	id, maximum := directory.NewID(), 15.0
	f.writeService(directory.Service{
		ID: id, Name: name, Status: "active", OrganizationID: f.orgA, LastModified: capSourceModified,
		Attributes: []directory.Attribute{{TaxonomyTermID: directory.TermID(directory.TaxonomyCapacityStatus, said)}},
		Capacities: []directory.Capacity{{Available: &avail, Maximum: &maximum, Unit: json.RawMessage(`{"name":"bed"}`),
			Updated: time.Now().Add(-72 * time.Hour).UTC().Format(time.RFC3339)}},
	})
	return id
}

// capGet reads the service as a client does.
func capGet(t *testing.T, f *accFixture, id string) directory.Service {
	t.Helper()
	var s directory.Service
	f.must(200, accReq{method: "GET", path: "/api/v1/services/" + id}).json(t, &s)
	return s
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
