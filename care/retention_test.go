package care

import (
	"testing"
	"time"
)

func TestParseRetention(t *testing.T) {
	now := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		in     string
		want   string // String() of the result; "" when refused
		cutoff time.Time
	}{
		{"7y", "7y", time.Date(2019, 12, 5, 8, 0, 0, 0, time.UTC)},
		{"18m", "18m", time.Date(2025, 6, 5, 8, 0, 0, 0, time.UTC)},
		{"1y6m", "1y6m", time.Date(2025, 6, 5, 8, 0, 0, 0, time.UTC)},
		{"90d", "90d", now.AddDate(0, 0, -90)},
		{"2w", "14d", now.AddDate(0, 0, -14)},
		{" Forever ", "forever", time.Time{}},
		{"1d", "1d", now.AddDate(0, 0, -1)},
		{"100y", "100y", now.AddDate(-100, 0, 0)},
		{"", "", time.Time{}},
		{"0d", "", time.Time{}},
		{"0y0m", "", time.Time{}},
		{"7", "", time.Time{}},
		{"y", "", time.Time{}},
		{"7x", "", time.Time{}},
		{"-7y", "", time.Time{}},
		{"6m1y", "", time.Time{}},
		{"1y1y", "", time.Time{}},
		{"101y", "", time.Time{}},
		{"99999999999999999999d", "", time.Time{}},
		{"7 years", "", time.Time{}},
		{"never", "", time.Time{}},
	} {
		r, err := ParseRetention(tc.in)
		if tc.want == "" {
			if err == nil {
				t.Errorf("ParseRetention(%q) = %v, want refused", tc.in, r)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRetention(%q): %v", tc.in, err)
			continue
		}
		if r.String() != tc.want || !r.Cutoff(now).Equal(tc.cutoff) {
			t.Errorf("ParseRetention(%q) = %s cutoff %v, want %s cutoff %v", tc.in, r, r.Cutoff(now), tc.want, tc.cutoff)
		}
	}
}

func FuzzParseRetention(f *testing.F) {
	for _, s := range []string{"7y", "18m", "1y6m", "90d", "forever", "0d", "7x", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseRetention(s)
		if err != nil {
			return
		}
		back, err := ParseRetention(r.String())
		if err != nil || back.Cutoff(time.Unix(0, 0)) != r.Cutoff(time.Unix(0, 0)) {
			t.Fatalf("%q read as %s, which reads back as %v (%v)", s, r, back, err)
		}
	})
}
