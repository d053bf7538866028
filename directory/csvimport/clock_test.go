package csvimport

import (
	"regexp"
	"testing"
)

func TestParseClock(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"9am", "09:00"}, {"9 am", "09:00"}, {"9AM", "09:00"}, {"9 a.m.", "09:00"}, {"9a", "09:00"},
		{"9:30 AM", "09:30"}, {"4:00 PM", "16:00"}, {"4:00 p.m.", "16:00"}, {"3pm", "15:00"}, {"12pm", "12:00"},
		{"12am", "00:00"}, {"12:30am", "00:30"}, {"17:00", "17:00"}, {"08:00", "08:00"}, {"8:00", "08:00"},
		{"17:00:00", "17:00"}, {"0930", "09:30"}, {"930am", "09:30"}, {"1730", "17:30"}, {"9.30 pm", "21:30"},
		{"noon", "12:00"}, {"Noon", "12:00"}, {"12 noon", "12:00"}, {"midnight", "00:00"}, {"Midnight", "00:00"},
		{"24:00", "00:00"}, {"00:00", "00:00"}, {"09:00-05:00", "09:00"}, {"17:00Z", "17:00"}, {"9", "09:00"},
		{" 9 pm ", "21:00"},
	} {
		got, err := parseClock(c.in)
		if err != nil || got != c.want {
			t.Errorf("parseClock(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "9ish", "25:00", "13pm", "0am", "9:60", "9:3", "am", "closed", "9-5",
		"8:00am-5:00pm", "24:30", "1:2:3", "9..30", "12:00:99", "٣:٠٠"} {
		if got, err := parseClock(bad); err == nil {
			t.Errorf("parseClock(%q) = %q, want an error", bad, got)
		}
	}
}

var hhmm = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d$`)

// FuzzParseClock: whatever a spreadsheet holds, the parser answers an HSDS time or an
// error, never a panic, and reads its own answers back unchanged.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"9am", "9:30 AM", "4:00 PM", "17:00", "noon", "midnight", "12am", "0930",
		"09:00-05:00", "17:00Z", "9 a.m.", "24:00", "9ish", "", "1:2:3", "12:00:00", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := parseClock(s)
		if err != nil {
			return
		}
		if !hhmm.MatchString(got) {
			t.Fatalf("parseClock(%q) = %q, not HH:MM", s, got)
		}
		if again, err := parseClock(got); err != nil || again != got {
			t.Fatalf("parseClock(%q) = %q, but that reads back as %q, %v", s, got, again, err)
		}
	})
}
