package directory

import (
	"testing"
	"time"
)

func TestFreshnessOrder(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	days := func(n int) time.Time { return now.Add(-time.Duration(n) * 24 * time.Hour) }
	cases := []struct {
		name  string
		facts []FreshnessFacts
		want  []string // the ids in the queue, in order
	}{
		{"a stale crisis service above a fresher food pantry", []FreshnessFacts{
			{ServiceID: "pantry", Name: "Food pantry", LastConfirmed: days(100)},
			{ServiceID: "crisis", Name: "Crisis line", Crisis: true, LastConfirmed: days(40)},
		}, []string{"crisis", "pantry"}},
		{"a fresh listing without flags is not due", []FreshnessFacts{
			{ServiceID: "fresh", Name: "Fresh pantry", LastConfirmed: days(10)},
			{ServiceID: "freshcrisis", Name: "Fresh crisis", Crisis: true, LastConfirmed: days(10)},
		}, nil},
		{"a crisis service is due sooner than others", []FreshnessFacts{
			{ServiceID: "pantry", Name: "Pantry", LastConfirmed: days(40)},
			{ServiceID: "crisis", Name: "Crisis", Crisis: true, LastConfirmed: days(40)},
		}, []string{"crisis"}},
		{"a referral ended no room puts a fresh listing in the queue", []FreshnessFacts{
			{ServiceID: "shelter", Name: "Shelter", LastConfirmed: days(5), Flags: []FreshnessFlag{{FlagNoCapacity, days(1)}}},
		}, []string{"shelter"}},
		{"a confirmation answers the flags before it", []FreshnessFacts{
			{ServiceID: "shelter", Name: "Shelter", LastConfirmed: days(2), Flags: []FreshnessFlag{{FlagNoCapacity, days(3)}, {FlagUnanswered, days(4)}}},
		}, nil},
		{"flags before age, among non-crisis listings", []FreshnessFacts{
			{ServiceID: "old", Name: "Old", LastConfirmed: days(300)},
			{ServiceID: "flagged", Name: "Flagged", LastConfirmed: days(5), Flags: []FreshnessFlag{{FlagCouldNotContact, days(1)}}},
		}, []string{"flagged", "old"}},
		{"never confirmed is the oldest", []FreshnessFacts{
			{ServiceID: "old", Name: "Old", LastConfirmed: days(300)},
			{ServiceID: "never", Name: "Never"},
		}, []string{"never", "old"}},
		{"a crisis service stays above a flagged pantry", []FreshnessFacts{
			{ServiceID: "pantry", Name: "Pantry", Flags: []FreshnessFlag{{FlagNoCapacity, days(1)}, {FlagNoCapacity, days(2)}}},
			{ServiceID: "crisis", Name: "Crisis", Crisis: true, LastConfirmed: days(31)},
		}, []string{"crisis", "pantry"}},
		{"ties fall back to the name", []FreshnessFacts{
			{ServiceID: "b", Name: "B"}, {ServiceID: "a", Name: "A"},
		}, []string{"a", "b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Freshness(c.facts, now)
			var ids []string
			for _, it := range got {
				ids = append(ids, it.ServiceID)
			}
			if len(ids) != len(c.want) {
				t.Fatalf("queue %v, want %v", ids, c.want)
			}
			for i := range ids {
				if ids[i] != c.want[i] {
					t.Fatalf("queue %v, want %v", ids, c.want)
				}
			}
		})
	}
}

func TestFreshnessReasons(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	got := Freshness([]FreshnessFacts{{ServiceID: "s", Name: "S", Crisis: true,
		LastConfirmed: now.Add(-45 * 24 * time.Hour),
		Flags:         []FreshnessFlag{{FlagNoCapacity, now.Add(-time.Hour)}, {FlagNoCapacity, now.Add(-2 * time.Hour)}, {FlagUnanswered, now}}}}, now)
	if len(got) != 1 {
		t.Fatalf("got %d items", len(got))
	}
	var texts []string
	for _, r := range got[0].Reasons {
		texts = append(texts, r.Text)
	}
	want := []string{"crisis service", "last confirmed 45 days ago", "2 referrals ended “no room”", "a referral is unanswered"}
	if len(texts) != len(want) {
		t.Fatalf("reasons %q, want %q", texts, want)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Fatalf("reasons %q, want %q", texts, want)
		}
	}
	if got[0].OpenFlags != 3 {
		t.Errorf("open flags %d, want 3", got[0].OpenFlags)
	}
}

func TestIsCrisis(t *testing.T) {
	for _, c := range []struct {
		needs, levels []string
		want          bool
	}{
		{[]string{"crisis"}, nil, true},
		{[]string{"food"}, []string{"living_room"}, true},
		{nil, []string{"mobile_crisis"}, true},
		{[]string{"food", "housing"}, []string{"community_support", "outpatient"}, false},
	} {
		if got := IsCrisis(c.needs, c.levels); got != c.want {
			t.Errorf("IsCrisis(%v, %v) = %v", c.needs, c.levels, got)
		}
	}
}

func TestValidateVerification(t *testing.T) {
	ok := Verification{Method: VerifyPhone, Result: VerifyConfirmed, Note: " spoke to the desk "}
	if errs := ValidateVerification(&ok); len(errs) != 0 || ok.Note != "spoke to the desk" {
		t.Fatalf("valid verification: %v %q", errs, ok.Note)
	}
	bad := Verification{Method: "carrier pigeon", Result: "maybe"}
	errs := ValidateVerification(&bad)
	if len(errs) != 2 || errs[0].Field != "method" || errs[1].Field != "result" {
		t.Fatalf("errors %v", errs)
	}
}
