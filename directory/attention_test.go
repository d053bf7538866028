package directory

import (
	"slices"
	"testing"
	"time"
)

// TestListingAttentionOrder: new referrals come before a stale count, a stale count
// before a listing never confirmed, that before one merely due, and a fresh, confirmed
// listing needs nothing and comes last.
func TestListingAttentionOrder(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	n := 3.0
	fresh := []Capacity{{Available: &n, Updated: now.Add(-time.Hour).Format(time.RFC3339)}}
	stale := []Capacity{{Available: &n, Updated: now.Add(-30 * time.Hour).Format(time.RFC3339)}}
	recent := now.Add(-24 * time.Hour)
	ls := []ListingState{
		{Name: "fine", Capacities: fresh, LastConfirmed: recent},
		{Name: "due", LastConfirmed: now.Add(-100 * 24 * time.Hour)},
		{Name: "never"},
		{Name: "stale", Capacities: stale, LastConfirmed: recent},
		{Name: "referrals", LastConfirmed: recent, NewReferrals: 2},
		{Name: "crisis due", Crisis: true, LastConfirmed: now.Add(-40 * 24 * time.Hour)},
	}
	needs := map[string][]Attention{}
	for _, l := range ls {
		needs[l.Name] = ListingAttention(l, now, 0)
	}
	if len(needs["fine"]) != 0 || len(needs["crisis due"]) != 1 || needs["crisis due"][0].Code != AttentionConfirmationDue ||
		needs["referrals"][0].Text != "2 new referrals wait for your answer" || needs["stale"][0].Code != AttentionCapacityStale {
		t.Fatalf("needs: %+v", needs)
	}
	slices.SortStableFunc(ls, func(a, b ListingState) int { return CompareAttention(a, b, needs[a.Name], needs[b.Name]) })
	var got []string
	for _, l := range ls {
		got = append(got, l.Name)
	}
	want := []string{"referrals", "stale", "never", "due", "crisis due", "fine"}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

// TestSetCapacityRefusesAndKeeps: a bad change names its field and leaves the service
// as it was; a good one is credited to the portal.
func TestSetCapacityRefusesAndKeeps(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	avail, maximum := 3.0, 10.0
	s := Service{ID: "s", Capacities: []Capacity{{ID: "c", Available: &avail, Maximum: &maximum, Updated: "2026-12-01T00:00:00Z"}}}
	big, half := 11.0, 1.5
	for _, ch := range []CapacityChange{{Available: &big}, {Available: &half}, {Status: "open"}} {
		if err := SetCapacity(&s, "c", ch, now); err == nil {
			t.Errorf("%+v accepted", ch)
		}
	}
	if *s.Capacities[0].Available != 3 || s.Capacities[0].Updated != "2026-12-01T00:00:00Z" {
		t.Fatalf("a refused change changed the figure: %+v", s.Capacities[0])
	}
	zero := 0.0
	if err := SetCapacity(&s, "c", CapacityChange{Available: &zero, Status: CapacityWaitlist}, now); err != nil {
		t.Fatal(err)
	}
	// The status attribute is added, by reference to the vocabulary's term.
	if c := s.Capacities[0]; *c.Available != 0 || c.Source != CapacitySourcePortal || len(s.Attributes) != 1 ||
		capacityStatusCode(&s.Attributes[0]) != CapacityWaitlist {
		t.Errorf("after the change: %+v, attributes %+v", c, s.Attributes)
	}
}
