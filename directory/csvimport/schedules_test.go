package csvimport

import (
	"strings"
	"testing"

	"handoff/directory"
)

func TestWeekdays(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Monday", "MO"}, {"mon", "MO"}, {"Tues", "TU"}, {"THURSDAY", "TH"}, {"Sun.", "SU"},
		{"1", "MO"}, {"7", "SU"}, {"0", "SU"}, {"Mon-Fri", "MO,TU,WE,TH,FR"}, {"Monday through Friday", "MO,TU,WE,TH,FR"},
		{"Mon – Wed", "MO,TU,WE"}, {"Fri-Mon", "MO,FR,SA,SU"}, {"Mon, Wed & Fri", "MO,WE,FR"}, {"Sat/Sun", "SA,SU"},
		{"weekdays", "MO,TU,WE,TH,FR"}, {"Weekends", "SA,SU"}, {"Daily", "MO,TU,WE,TH,FR,SA,SU"},
	} {
		got, err := weekdays(c.in)
		if err != nil || got != c.want {
			t.Errorf("weekdays(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "Funday", "8", "-", "Mon-", "T"} {
		if got, err := weekdays(bad); err == nil {
			t.Errorf("weekdays(%q) = %q, want an error", bad, got)
		}
	}
}

// scheduleOf runs one row of a schedule table through the builder.
func scheduleOf(t *testing.T, kind, header, line string) (directory.Schedule, problems) {
	t.Helper()
	tb, _, err := readTable("x.csv", []byte(header+"\n"+line+"\n"), specNamed(kind))
	if err != nil || len(tb.rows) != 1 {
		t.Fatalf("%v %d rows", err, len(tb.rows))
	}
	b := newBuilder(&pkg{tables: map[string]*table{}}, "test", nil)
	if kind == "regular_schedule" {
		return b.regular(tb.rows[0]), b.probs
	}
	return b.holiday(tb.rows[0]), b.probs
}

func TestRegularSchedule(t *testing.T) {
	const h = "id,location_id,weekday,opens_at,closes_at"
	for _, c := range []struct {
		line                        string
		byday, opens, closes, words string
		warn                        string
	}{
		{"1,1,Monday,9am,4:00 PM", "MO", "09:00", "16:00", "", ""},
		{"2,1,Tuesday,noon,midnight", "TU", "12:00", "00:00", "", ""},
		{"3,1,Friday,18:00,07:00", "FR", "18:00", "07:00", "", "past midnight"},
		{"4,1,Daily,24 hours,", "MO,TU,WE,TH,FR,SA,SU", "00:00", "23:59", "", ""},
		{"5,1,Monday,9ish,5pm", "", "", "", "Monday 9ish–5pm", `"9ish" is not a time`},
		{"6,1,Funday,9am,5pm", "", "", "", "Funday 9am–5pm", "not a weekday"},
		{"7,1,Sunday,closed,", "SU", "", "", "Closed", ""},
		{"8,1,Monday,9am,", "", "", "", "Monday 9am–", "no time given"},
		// A closing hour without am/pm after a morning opening is the afternoon's; written
		// with a leading zero, or after an evening opening, it is read as given.
		{"9,1,Monday,9:00am,5:00", "MO", "09:00", "17:00", "", ""},
		{"10,1,Monday,10:00,2:30", "MO", "10:00", "14:30", "", ""},
		{"11,1,Monday,9am,03:00", "MO", "09:00", "03:00", "", "past midnight"},
		{"12,1,Monday,8pm,7:00", "MO", "20:00", "07:00", "", "past midnight"},
		{"13,1,Monday,9am,11:30", "MO", "09:00", "11:30", "", ""},
	} {
		s, probs := scheduleOf(t, "regular_schedule", h, c.line)
		if s.ByDay != c.byday || s.OpensAt != c.opens || s.ClosesAt != c.closes || s.Description != c.words {
			t.Errorf("%s: got %+v", c.line, s)
		}
		if (c.byday != "") != (s.Freq == "WEEKLY") {
			t.Errorf("%s: freq %q", c.line, s.Freq)
		}
		msgs := ""
		for _, p := range probs {
			msgs += p.Error() + "\n"
			if p.Err {
				t.Errorf("%s: a bad time rejected the row: %v", c.line, p)
			}
		}
		if (c.warn == "") != (msgs == "") || !strings.Contains(msgs, c.warn) {
			t.Errorf("%s: warnings %q, want %q", c.line, msgs, c.warn)
		}
	}
}

func TestHolidaySchedule(t *testing.T) {
	const h = "id,location_id,closed,opens_at,closes_at,start_date,end_date"
	for _, c := range []struct {
		line                   string
		from, to, opens, byday string
		desc, notes            string
	}{
		{`1,1,true,,,"January 01, 0001","January 01, 0001"`, "", "", "", "", "Closed on January 1", "holiday; the source gives no year"},
		{`2,1,false,10:00,16:00,12/24/2015,12/24/15`, "2015-12-24", "2015-12-24", "10:00", "TH", "Holiday hours", ""},
		{`3,1,true,,,"June 01, 0001","September 01, 0001"`, "", "", "", "", "Closed from June 1 to September 1", "holiday; the source gives no year"},
		{`4,1,TRUE,,,2030-12-25,`, "2030-12-25", "2030-12-25", "", "", "Closed", ""},
		{`5,1,false,9am,1pm,2030-12-20,2030-12-31`, "2030-12-20", "2030-12-31", "09:00", "MO,TU,WE,TH,FR,SA,SU", "Holiday hours", ""},
		{`6,1,false,10:00,14:00,"December 24, 0001",`, "", "", "", "", "Holiday hours on December 24: 10:00–14:00", "holiday; the source gives no year"},
	} {
		s, probs := scheduleOf(t, "holiday_schedule", h, c.line)
		if s.ValidFrom != c.from || s.ValidTo != c.to || s.OpensAt != c.opens || s.ByDay != c.byday || s.Description != c.desc || s.Notes != c.notes {
			t.Errorf("%s: got %+v", c.line, s)
		}
		if len(probs) > 0 {
			t.Errorf("%s: %v", c.line, probs)
		}
	}
	s, probs := scheduleOf(t, "holiday_schedule", h, `7,1,true,,,next Tuesday,`)
	if len(probs) != 1 || probs[0].Err || probs[0].Field != "start_date" || s.ValidFrom != "" || !strings.Contains(s.Description, "next Tuesday") {
		t.Errorf("an unreadable date: %+v %v", s, probs)
	}
}
