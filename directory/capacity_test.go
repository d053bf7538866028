package directory

import (
	"testing"
	"time"
)

// TestConsistentCapacityStatus is the rule, case by case: the count decides between
// capacity and no capacity; a waitlist or an assessment said of a full service stands.
func TestConsistentCapacityStatus(t *testing.T) {
	free, full, unknown := Capacity{Available: ptr(3)}, Capacity{Available: ptr(0)}, Capacity{Maximum: ptr(10)}
	tests := []struct {
		said string
		caps []Capacity
		want string
	}{
		{"", nil, ""},
		{CapacityWaitlist, nil, CapacityWaitlist},
		{CapacityNone, []Capacity{unknown}, CapacityNone},
		{CapacityNone, []Capacity{free}, CapacityAvailable},
		{CapacityWaitlist, []Capacity{free}, CapacityAvailable},
		{CapacityAssessFirst, []Capacity{full, free}, CapacityAvailable},
		{"", []Capacity{free}, CapacityAvailable},
		{CapacityAvailable, []Capacity{full}, CapacityNone},
		{"", []Capacity{full, unknown}, CapacityNone},
		{CapacityWaitlist, []Capacity{full}, CapacityWaitlist},
		{CapacityAssessFirst, []Capacity{full}, CapacityAssessFirst},
	}
	for _, tt := range tests {
		if got := ConsistentCapacityStatus(tt.said, tt.caps); got != tt.want {
			t.Errorf("said %q with %d figures: %q, want %q", tt.said, len(tt.caps), got, tt.want)
		}
	}
}

// TestSettleCapacityStatus rewrites a status attribute that disagrees with the count to
// a reference to the vocabulary's term, whichever way the attribute named its term.
func TestSettleCapacityStatus(t *testing.T) {
	byTerm := VocabAttribute("s", TaxonomyCapacityStatus, CapacityNone)
	byID := Attribute{ID: "a", TaxonomyTermID: TermID(TaxonomyCapacityStatus, CapacityNone)}
	need := VocabAttribute("s", TaxonomyNeed, "housing")
	for name, a := range map[string]Attribute{"embedded term": byTerm, "term id": byID} {
		s := Service{Attributes: []Attribute{need, a, VocabAttribute("s", TaxonomyCapacityStatus, CapacityAvailable)},
			Capacities: []Capacity{{Available: ptr(3), Maximum: ptr(15)}}}
		SettleCapacityStatus(&s)
		if len(s.Attributes) != 2 || s.Attributes[0].ID != need.ID {
			t.Fatalf("%s: attributes %+v, want the need and one status", name, s.Attributes)
		}
		if got := s.Attributes[1]; got.ID != a.ID || got.TaxonomyTermID != TermID(TaxonomyCapacityStatus, CapacityAvailable) || got.TaxonomyTerm != nil {
			t.Errorf("%s: status attribute %+v, want %s by reference", name, got, CapacityAvailable)
		}
	}
	s := Service{Attributes: []Attribute{VocabAttribute("s", TaxonomyCapacityStatus, CapacityWaitlist)},
		Capacities: []Capacity{{Available: ptr(0)}}}
	SettleCapacityStatus(&s)
	if CapacityStatus(&s) != CapacityWaitlist || s.Attributes[0].TaxonomyTerm == nil {
		t.Errorf("a full service's waitlist changed: %+v", s.Attributes)
	}
}

// TestStampCapacities: the server dates a new or changed figure now and keeps the date
// of an unchanged one; the client's date is never kept.
func TestStampCapacities(t *testing.T) {
	now := time.Date(2026, 12, 5, 10, 30, 0, 0, time.UTC)
	stamp, stale := "2026-12-05T10:30:00Z", "2026-11-20T06:00:00-05:00"
	old := []Capacity{
		{ID: "beds", UnitID: "bed", Available: ptr(0), Maximum: ptr(15), Updated: stale},
		{ID: "chairs", Available: ptr(2), Maximum: ptr(4), Updated: stale},
		{ID: "future", Available: ptr(1), Updated: "2099-01-01T00:00:00Z"},
	}
	caps := []Capacity{
		{ID: "beds", UnitID: "bed", Available: ptr(0), Maximum: ptr(15), Updated: "2099-01-01T00:00:00Z"},
		{ID: "chairs", Available: ptr(3), Maximum: ptr(4), Updated: stale},
		{ID: "future", Available: ptr(1), Updated: "2099-01-01T00:00:00Z"},
		{ID: "new", Available: ptr(1), Updated: stale},
	}
	StampCapacities(caps, old, now)
	for i, want := range []string{stale, stamp, stamp, stamp} {
		if caps[i].Updated != want {
			t.Errorf("%s: updated %q, want %q", caps[i].ID, caps[i].Updated, want)
		}
	}
}

// TestSumCapacities: counts add up (a figure without one is left out), maximums of the
// counted figures add up and a sum of zero is none, the newest update and its source
// date the sum.
func TestSumCapacities(t *testing.T) {
	men := Capacity{Available: ptr(2), Maximum: ptr(10), Updated: "2026-11-02T08:00:00Z", Source: CapacitySourcePortal}
	women := Capacity{Available: ptr(1), Updated: "2026-11-03T08:00:00Z", Source: CapacitySourceLink}
	uncounted := Capacity{Maximum: ptr(40), Updated: "2026-11-04T08:00:00Z"}
	sum := SumCapacities([]Capacity{men, uncounted, women})
	if sum.Available == nil || *sum.Available != 3 || sum.Maximum == nil || *sum.Maximum != 10 ||
		sum.Updated != women.Updated || sum.Source != CapacitySourceLink || len(sum.Counted) != 2 || sum.Counted[1].Source != CapacitySourceLink {
		t.Errorf("men, women and an uncounted figure: %+v", sum)
	}
	if sum := SumCapacities([]Capacity{women}); sum.Maximum != nil {
		t.Errorf("no maximum said: %v", *sum.Maximum)
	}
	if sum := SumCapacities([]Capacity{uncounted}); sum.Available != nil || sum.Maximum != nil || sum.Updated != "" || sum.Counted != nil {
		t.Errorf("no count: %+v", sum)
	}
}
