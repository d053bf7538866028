package directory

import (
	"testing"
	"time"
)

func TestParseByDay(t *testing.T) {
	tests := []struct {
		in      string
		want    []ByDay
		wantErr bool
	}{
		{"", nil, false},
		{"MO,TU", []ByDay{{0, time.Monday}, {0, time.Tuesday}}, false},
		{"2TU", []ByDay{{2, time.Tuesday}}, false},
		{"-1FR, su", []ByDay{{-1, time.Friday}, {0, time.Sunday}}, false},
		{"+3WE", []ByDay{{3, time.Wednesday}}, false},
		{"XX", nil, true},
		{"6MO", nil, true},
		{"0MO", nil, true},
		{"M", nil, true},
		{"MO,,TU", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseByDay(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseByDay(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseByDay(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseByDay(%q)[%d] = %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func FuzzParseByDay(f *testing.F) {
	for _, s := range []string{"MO", "2TU,-1FR", "", "+5SU"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseByDay(s)
		if err != nil {
			return
		}
		for _, d := range days {
			if d.Ord < -5 || d.Ord > 5 || d.Weekday < time.Sunday || d.Weekday > time.Saturday {
				t.Fatalf("%q gave %v", s, d)
			}
		}
	})
}
