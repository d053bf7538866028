package directory

import (
	"strings"
	"testing"
)

func closedOn(from, to string) Schedule {
	return Schedule{Description: "Closed", ValidFrom: from, ValidTo: to}
}

func TestDescribeHours(t *testing.T) {
	allWeek := "MO,TU,WE,TH,FR,SA,SU"
	tests := []struct {
		name string
		rows []Schedule
		want string
	}{
		{"nothing", nil, ""},
		{"weekdays", []Schedule{weekly("MO,TU,WE,TH", "09:00", "16:00")}, "Mon–Thu 9 am–4 pm"},
		{"same half of the day", []Schedule{weekly("TU", "18:00", "20:00")}, "Tue 6–8 pm"},
		{"minutes", []Schedule{weekly("MO", "08:30", "12:15")}, "Mon 8:30 am–12:15 pm"},
		{"noon to midnight", []Schedule{weekly("SA", "12:00", "00:00")}, "Sat 12 pm–12 am"},
		{"overnight", []Schedule{weekly("FR", "20:00", "02:00")}, "Fri 8 pm–2 am (next day)"},
		{"split day", []Schedule{weekly("MO,TU,WE,TH,FR", "09:00", "12:00"), weekly("MO,TU,WE,TH,FR", "13:00", "17:00")},
			"Mon–Fri 9 am–12 pm and 1–5 pm"},
		{"split day given afternoon first", []Schedule{weekly("MO", "13:00", "17:00"), weekly("MO", "09:00", "12:00")},
			"Mon 9 am–12 pm and 1–5 pm"},
		{"three intervals", []Schedule{weekly("FR", "09:00", "12:00"), weekly("FR", "13:00", "17:00"), weekly("FR", "20:00", "02:00")},
			"Fri 9 am–12 pm, 1–5 pm and 8 pm–2 am (next day)"},
		{"days apart share hours", []Schedule{weekly("MO,WE,FR", "10:00", "14:00")}, "Mon, Wed, Fri 10 am–2 pm"},
		{"two days are listed", []Schedule{weekly("SA,SU", "10:00", "14:00")}, "Sat, Sun 10 am–2 pm"},
		{"24/7", []Schedule{weekly(allWeek, "00:00", "23:59")}, "Open 24 hours, every day"},
		{"24/7 as equal times", []Schedule{weekly(allWeek, "00:00", "00:00")}, "Open 24 hours, every day"},
		{"no byday is every day", []Schedule{{Freq: "WEEKLY", OpensAt: "07:00", ClosesAt: "19:00"}}, "Every day 7 am–7 pm"},
		{"weekend all day", []Schedule{weekly("SA,SU", "00:00", "23:59"), weekly("MO,TU,WE,TH,FR", "17:00", "08:00")},
			"Mon–Fri 5 pm–8 am (next day); Sat, Sun open 24 hours"},
		{"monthly nth weekday", []Schedule{monthly("2TU", "18:00", "20:00")}, "2nd Tuesday of each month 6–8 pm"},
		{"monthly two ordinals", []Schedule{monthly("1MO,3MO", "09:00", "11:00")}, "1st and 3rd Monday of each month 9–11 am"},
		{"last friday", []Schedule{monthly("-1FR", "09:00", "12:00")}, "last Friday of each month 9 am–12 pm"},
		{"month days", []Schedule{{Freq: "MONTHLY", ByMonthDay: "1,15", OpensAt: "09:00", ClosesAt: "10:00"}}, "day 1 and 15 of each month 9–10 am"},
		{"last day of month", []Schedule{{Freq: "MONTHLY", ByMonthDay: "-1", OpensAt: "09:00", ClosesAt: "10:00"}}, "last day of each month 9–10 am"},
		{"closed a day", []Schedule{weekly("MO", "09:00", "17:00"), closedOn("2026-12-25", "")}, "Mon 9 am–5 pm; closed 25 Dec 2026"},
		{"closed a run, dates in order", []Schedule{closedOn("2027-01-01", ""), closedOn("2026-12-24", "2026-12-26")},
			"closed 24 Dec 2026 to 26 Dec 2026; closed 1 Jan 2027"},
		{"bounded rows apart", []Schedule{weekly("MO", "09:00", "17:00"),
			{Freq: "WEEKLY", ByDay: "SA", OpensAt: "10:00", ClosesAt: "12:00", ValidFrom: "2026-07-01", ValidTo: "2026-11-30"}},
			"Mon 9 am–5 pm; Sat 10 am–12 pm (1 Jul 2026 to 30 Nov 2026)"},
		{"a row that only describes itself", []Schedule{{Description: "By appointment"}}, "By appointment"},
		{"the brief's example", []Schedule{
			weekly("MO,TU,WE,TH", "09:00", "16:00"), weekly("FR", "20:00", "02:00"),
			monthly("2TU", "18:00", "20:00"), closedOn("2026-12-25", "2026-12-25")},
			"Mon–Thu 9 am–4 pm; Fri 8 pm–2 am (next day); 2nd Tuesday of each month 6–8 pm; closed 25 Dec 2026"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HoursSentence(tt.rows); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// TestClosureShutsOpenNow: a closed date stops that day's openings, not the night
// shift that began the evening before; words and open-now read the same rows.
func TestClosureShutsOpenNow(t *testing.T) {
	const et = "America/New_York"
	rows := []Schedule{weekly("MO,TU,WE,TH,FR", "09:00", "17:00"), weekly("TH", "20:00", "02:00"), closedOn("2026-12-25", "")}
	h := CompileHours(rows)
	tests := []struct {
		when string
		open bool
	}{
		{"2026-12-24 10:00", true},  // Thursday
		{"2026-12-25 01:00", true},  // Thursday's night runs into the closed day
		{"2026-12-25 10:00", false}, // Christmas: closed
		{"2026-12-28 10:00", true},  // Monday after
	}
	for _, tt := range tests {
		if got := h.OpenAt(NewClock(at(t, et, tt.when), Zone(et))); got != tt.open {
			t.Errorf("%s: open %v, want %v", tt.when, got, tt.open)
		}
	}
	next, ok := h.NextOpen(at(t, et, "2026-12-25 10:00"), Zone(et))
	if !ok || next.Format("2006-01-02 15:04") != "2026-12-28 09:00" {
		t.Errorf("next opening after Christmas morning: %v %v", next, ok)
	}
	if CompileHours([]Schedule{closedOn("2026-12-25", "")}).Known() {
		t.Error("a closure alone is hours Handoff knows")
	}
	if !IsClosure(&rows[2]) || IsClosure(&Schedule{Description: "Closed"}) || IsClosure(&Schedule{ValidFrom: "2026-12-25", Description: "By appointment"}) {
		t.Error("IsClosure: a closure needs a date and says Closed")
	}
}

func TestCheckSchedules(t *testing.T) {
	tests := []struct {
		name string
		rows []Schedule
		want []string // "field: start of message"
	}{
		{"fine", []Schedule{weekly("MO", "09:00", "17:00"), monthly("2TU", "18:00", "20:00"), closedOn("2026-12-25", "")}, nil},
		{"bad closing time", []Schedule{weekly("MO", "09:00", "17:00"), weekly("FR", "20:00", "25:00")},
			[]string{"schedules[1].closes_at: must be a time of day"}},
		{"closing without opening", []Schedule{{Freq: "WEEKLY", ByDay: "MO", ClosesAt: "17:00"}}, []string{"schedules[0].opens_at: is required with a closing time"}},
		{"opening without closing", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00"}}, []string{"schedules[0].closes_at: is required"}},
		{"nothing at all", []Schedule{{Freq: "WEEKLY"}}, []string{"schedules[0].opens_at: is required"}},
		{"ordinal in a weekly row", []Schedule{weekly("2TU", "09:00", "10:00")}, []string{"schedules[0].byday: names a day of the month"}},
		{"monthly without a day", []Schedule{monthly("", "09:00", "10:00")}, []string{"schedules[0].byday: is required for a monthly row"}},
		{"bad weekday", []Schedule{weekly("MO,XX", "09:00", "10:00")}, []string{"schedules[0].byday: \"XX\" is not a weekday code"}},
		{"closure without date", []Schedule{{Description: "Closed"}}, []string{"schedules[0].valid_from: is required"}},
		{"dates backwards", []Schedule{{Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "10:00", ValidFrom: "2027-01-02", ValidTo: "2027-01-01"}},
			[]string{"schedules[0].valid_to: must not be before valid_from"}},
		{"bad date", []Schedule{closedOn("2026-02-30", "")}, []string{"schedules[0].valid_from: is not a calendar date"}},
		{"bad id", []Schedule{{ID: "x", Freq: "WEEKLY", ByDay: "MO", OpensAt: "09:00", ClosesAt: "10:00"}}, []string{"schedules[0].id:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckSchedules(tt.rows)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i, w := range tt.want {
				if !strings.HasPrefix(got[i].Error(), w) {
					t.Errorf("problem %d: %q, want it to start %q", i, got[i].Error(), w)
				}
			}
		})
	}
}
