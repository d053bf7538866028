package search

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"handoff/directory"
)

// shelter is a site with one bed figure: available beds, dated updated ("" undated),
// with its own ttl_hours when ttl > 0.
func shelter(name string, available float64, updated time.Time, ttl float64) directory.Service {
	s := site(name, "MA", 42.10, -72.59)
	c := directory.Capacity{ID: directory.StableID("test", "capacity", name), ServiceID: s.ID,
		Unit: []byte(`{"id":"u","name":"bed"}`), UnitID: "u", Available: &available, Source: directory.CapacitySourcePortal}
	if !updated.IsZero() {
		c.Updated = updated.UTC().Format(time.RFC3339)
	}
	if ttl > 0 {
		c.TTLHours = &ttl
	}
	s.Capacities = []directory.Capacity{c}
	return s
}

func capacityEngine(t *testing.T, svcs []directory.Service, now time.Time, ttl time.Duration) *Engine {
	t.Helper()
	e, err := Open(Options{Dir: t.TempDir() + "/index", Now: func() time.Time { return now }, CapacityTTL: ttl})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	if err := e.Rebuild(context.Background(), newMemFeed(svcs), nil); err != nil {
		t.Fatal(err)
	}
	return e
}

func availableNames(t *testing.T, e *Engine, at time.Time) []string {
	t.Helper()
	res, err := e.Search(context.Background(), Query{Available: true, At: at, PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	got := names(t, res.Hits)
	slices.Sort(got)
	return got
}

func hitNamed(t *testing.T, e *Engine, at time.Time, name string) Hit {
	t.Helper()
	res, err := e.Search(context.Background(), Query{Text: name, At: at, Explain: true, PerPage: 50, NameObservers: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if viewOf(t, h).Service.Name == name {
			return h
		}
	}
	t.Fatalf("%q not found", name)
	return Hit{}
}

// TestCapacityExpires: a figure past its time-to-live (the server's default, or its own
// ttl_hours) is shown as unknown with what it said and when, and the available filter
// does not count it; within it, it counts. Expiry is the query's instant against the
// stored time: the same index answers differently a day later, without a rebuild.
func TestCapacityExpires(t *testing.T) {
	now := demoNow
	svcs := []directory.Service{
		shelter("Fresh shelter", 3, now.Add(-2*time.Hour), 0),
		shelter("Stale shelter", 3, now.Add(-50*time.Hour), 0),
		shelter("Own TTL shelter", 2, now.Add(-50*time.Hour), 96),
		shelter("Short TTL shelter", 4, now.Add(-2*time.Hour), 1),
		shelter("Undated shelter", 5, time.Time{}, 0),
	}
	e := capacityEngine(t, svcs, now, 0)
	if got, want := availableNames(t, e, now), []string{"Fresh shelter", "Own TTL shelter"}; !slices.Equal(got, want) {
		t.Errorf("available now: %v, want %v", got, want)
	}
	// A day later the fresh figure has expired too; the 96-hour one still holds.
	if got, want := availableNames(t, e, now.Add(23*time.Hour)), []string{"Own TTL shelter"}; !slices.Equal(got, want) {
		t.Errorf("available a day later: %v, want %v", got, want)
	}

	stale := hitNamed(t, e, now, "Stale shelter")
	c := stale.Capacity
	if c == nil || !c.Expired || c.Status != "" || c.Available == nil || *c.Available != 3 || c.Source != directory.CapacitySourcePortal {
		t.Fatalf("stale capacity: %+v", c)
	}
	if want := now.Add(-50 * time.Hour).Add(directory.DefaultCapacityTTL); c.Expires == nil || !c.Expires.Equal(want) {
		t.Errorf("stale expires %v, want %v", c.Expires, want)
	}
	if !slices.Contains(stale.Why, "unknown — 3 beds 2 days ago") {
		t.Errorf("stale why: %q", stale.Why)
	}
	fresh := hitNamed(t, e, now, "Fresh shelter")
	if fresh.Capacity == nil || fresh.Capacity.Expired || fresh.Capacity.Status != directory.CapacityAvailable ||
		!slices.Contains(fresh.Why, "3 beds free, updated 2 h ago") {
		t.Errorf("fresh: %+v %q", fresh.Capacity, fresh.Why)
	}
	undated := hitNamed(t, e, now, "Undated shelter")
	if undated.Capacity == nil || !undated.Capacity.Expired || !slices.Contains(undated.Why, "unknown — 5 beds") {
		t.Errorf("undated: %+v %q", undated.Capacity, undated.Why)
	}
	short := hitNamed(t, e, now, "Short TTL shelter")
	if short.Capacity == nil || !short.Capacity.Expired {
		t.Errorf("a figure past its own ttl_hours: %+v", short.Capacity)
	}

	// The server's default TTL is a setting: at 72 hours the 50-hour-old figure holds.
	long := capacityEngine(t, svcs, now, 72*time.Hour)
	if got, want := availableNames(t, long, now), []string{"Fresh shelter", "Own TTL shelter", "Stale shelter"}; !slices.Equal(got, want) {
		t.Errorf("available with a 72 h default: %v, want %v", got, want)
	}
}

// TestCapacityObservationShown: what a peer heard by phone is shown as such, with the
// observer and its age, beside the agency's own figure (which it does not replace, and
// which alone decides the available filter); it expires with the TTL too.
func TestCapacityObservationShown(t *testing.T) {
	now := demoNow
	heard := shelter("Heard shelter", 0, now.Add(-3*24*time.Hour), 0)
	two := 2.0
	heard.Observation = &directory.CapacityObservation{ServiceID: heard.ID, Available: &two, Observer: "Ana",
		ObservedAt: now.Add(-40 * time.Minute).UTC().Format(time.RFC3339)}
	old := shelter("Old news shelter", 1, now.Add(-2*time.Hour), 0)
	old.Observation = &directory.CapacityObservation{ServiceID: old.ID, Available: &two, Observer: "Ben",
		ObservedAt: now.Add(-30 * time.Hour).UTC().Format(time.RFC3339)}
	e := capacityEngine(t, []directory.Service{heard, old}, now, 0)

	h := hitNamed(t, e, now, "Heard shelter")
	o := h.Observation
	if o == nil || o.Available != 2 || o.By != "Ana" || o.Unit != "bed" || !o.At.Equal(now.Add(-40*time.Minute).Truncate(time.Second)) {
		t.Fatalf("observation: %+v", o)
	}
	if !slices.Contains(h.Why, "2 beds left, said by phone to Ana 40 min ago") {
		t.Errorf("why: %q", h.Why)
	}
	// Unless the caller is staff (NameObservers), the observer is "a peer".
	res, err := e.Search(context.Background(), Query{Text: "Heard shelter", At: now, Explain: true})
	if err != nil || len(res.Hits) == 0 {
		t.Fatal(err)
	}
	if a := res.Hits[0]; a.Observation == nil || a.Observation.By != "" || !slices.Contains(a.Why, "2 beds left, said by phone to a peer 40 min ago") {
		t.Errorf("anonymous: %+v %q", a.Observation, a.Why)
	}
	// The agency's own figure stays what it was: 0 beds, three days ago, now unknown.
	if c := h.Capacity; c == nil || c.Available == nil || *c.Available != 0 || !c.Expired {
		t.Errorf("agency figure: %+v", c)
	}
	if got := availableNames(t, e, now); !slices.Equal(got, []string{"Old news shelter"}) {
		t.Errorf("available: %v (an observation is not the agency's figure)", got)
	}
	// A day and more on, the observation is gone from the result.
	if x := hitNamed(t, e, now, "Old news shelter"); x.Observation != nil || slices.ContainsFunc(x.Why, func(s string) bool {
		return strings.Contains(s, "said by phone")
	}) {
		t.Errorf("an expired observation is still shown: %+v %q", x.Observation, x.Why)
	}
	if x := hitNamed(t, e, now.Add(24*time.Hour), "Heard shelter"); x.Observation != nil {
		t.Errorf("observation a day later: %+v", x.Observation)
	}
}
