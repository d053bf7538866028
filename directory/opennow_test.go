package directory

import (
	"testing"
	"time"
)

func weekly(byday, opens, closes string) Schedule {
	return Schedule{Freq: "WEEKLY", ByDay: byday, OpensAt: opens, ClosesAt: closes}
}

func monthly(byday, opens, closes string) Schedule {
	return Schedule{Freq: "MONTHLY", ByDay: byday, OpensAt: opens, ClosesAt: closes}
}

// at parses a local wall time in zone.
func at(t *testing.T, zone, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, Zone(zone))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenAt(t *testing.T) {
	const et = "America/New_York"
	const pt = "America/Los_Angeles"
	allWeek := "MO,TU,WE,TH,FR,SA,SU"
	tests := []struct {
		name  string
		rows  []Schedule
		zone  string // the listing's zone
		when  time.Time
		open  bool
		until string // local "Mon 15:04" of the closing, "" when not open or 24/7
		next  string // local "Mon 2006-01-02 15:04" of the next opening when closed
	}{
		// 2026-12-04 is a Friday.
		{"24/7 at 3 a.m.", []Schedule{weekly(allWeek, "00:00", "23:59")}, et, at(t, et, "2026-12-06 03:00"), true, "", ""},
		{"24/7 as equal times", []Schedule{weekly(allWeek, "00:00", "00:00")}, et, at(t, et, "2026-12-06 23:59"), true, "", ""},
		{"overnight Fri 18:00 open Fri 19:00", []Schedule{weekly("FR", "18:00", "07:00")}, et, at(t, et, "2026-12-04 19:00"), true, "Sat 07:00", ""},
		{"overnight Fri 18:00 open Sat 06:59", []Schedule{weekly("FR", "18:00", "07:00")}, et, at(t, et, "2026-12-05 06:59"), true, "Sat 07:00", ""},
		{"overnight Fri 18:00 closed Sat 07:00", []Schedule{weekly("FR", "18:00", "07:00")}, et, at(t, et, "2026-12-05 07:00"), false, "", "Fri 2026-12-11 18:00"},
		{"overnight Fri 18:00 closed Fri 17:59", []Schedule{weekly("FR", "18:00", "07:00")}, et, at(t, et, "2026-12-04 17:59"), false, "", "Fri 2026-12-04 18:00"},
		{"overnight not on Thu night", []Schedule{weekly("FR", "18:00", "07:00")}, et, at(t, et, "2026-12-04 02:00"), false, "", "Fri 2026-12-04 18:00"},
		{"split day morning", []Schedule{weekly("MO,TU,WE,TH,FR", "08:30", "12:00"), weekly("MO,TU,WE,TH,FR", "13:00", "17:00")}, et, at(t, et, "2026-12-04 11:00"), true, "Fri 12:00", ""},
		{"split day lunch", []Schedule{weekly("MO,TU,WE,TH,FR", "08:30", "12:00"), weekly("MO,TU,WE,TH,FR", "13:00", "17:00")}, et, at(t, et, "2026-12-04 12:30"), false, "", "Fri 2026-12-04 13:00"},
		{"split day afternoon", []Schedule{weekly("MO,TU,WE,TH,FR", "08:30", "12:00"), weekly("MO,TU,WE,TH,FR", "13:00", "17:00")}, et, at(t, et, "2026-12-04 16:59"), true, "Fri 17:00", ""},
		{"split day evening", []Schedule{weekly("MO,TU,WE,TH,FR", "08:30", "12:00"), weekly("MO,TU,WE,TH,FR", "13:00", "17:00")}, et, at(t, et, "2026-12-04 17:00"), false, "", "Mon 2026-12-07 08:30"},
		// December 2026: Tuesdays are the 1st, 8th, 15th.
		{"second Tuesday open", []Schedule{monthly("2TU", "17:30", "19:30")}, et, at(t, et, "2026-12-08 18:00"), true, "Tue 19:30", ""},
		{"first Tuesday closed", []Schedule{monthly("2TU", "17:30", "19:30")}, et, at(t, et, "2026-12-01 18:00"), false, "", "Tue 2026-12-08 17:30"},
		{"after second Tuesday waits a month", []Schedule{monthly("2TU", "17:30", "19:30")}, et, at(t, et, "2026-12-08 20:00"), false, "", "Tue 2027-01-12 17:30"},
		{"last Friday", []Schedule{monthly("-1FR", "09:00", "12:00")}, et, at(t, et, "2026-12-25 10:00"), true, "Fri 12:00", ""},
		{"not the last Friday", []Schedule{monthly("-1FR", "09:00", "12:00")}, et, at(t, et, "2026-12-18 10:00"), false, "", "Fri 2026-12-25 09:00"},
		{"month day 15", []Schedule{{Freq: "MONTHLY", ByMonthDay: "15", OpensAt: "09:00", ClosesAt: "10:00"}}, et, at(t, et, "2026-12-15 09:30"), true, "Tue 10:00", ""},
		{"evenings chain past midnight", []Schedule{weekly(allWeek, "17:00", "01:00")}, et, at(t, et, "2026-12-05 00:30"), true, "Sat 01:00", ""},
		{"valid_to ended", []Schedule{{Freq: "WEEKLY", ByDay: allWeek, OpensAt: "09:00", ClosesAt: "17:00", ValidTo: "2026-11-30"}}, et, at(t, et, "2026-12-04 10:00"), false, "", ""},
		// A Pacific listing open 9 to 5 there, asked about from the East Coast.
		{"Pacific 9-5 at 19:00 Eastern", []Schedule{weekly("MO,TU,WE,TH,FR", "09:00", "17:00")}, pt, at(t, et, "2026-12-04 19:00"), true, "Fri 17:00", ""},
		{"Pacific 9-5 at 21:00 Eastern", []Schedule{weekly("MO,TU,WE,TH,FR", "09:00", "17:00")}, pt, at(t, et, "2026-12-04 21:00"), false, "", "Mon 2026-12-07 09:00"},
		{"Pacific 9-5 at 11:00 Eastern", []Schedule{weekly("MO,TU,WE,TH,FR", "09:00", "17:00")}, pt, at(t, et, "2026-12-04 11:00"), false, "", "Fri 2026-12-04 09:00"},
		{"no hours", nil, et, at(t, et, "2026-12-04 11:00"), false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := CompileHours(tt.rows)
			loc := Zone(tt.zone)
			c := NewClock(tt.when, loc)
			if got := h.OpenAt(c); got != tt.open {
				t.Fatalf("OpenAt = %v, want %v", got, tt.open)
			}
			st := h.State(c)
			if st.Open != tt.open {
				t.Fatalf("State.Open = %v, want %v", st.Open, tt.open)
			}
			until := ""
			if !st.Until.IsZero() {
				until = st.Until.In(loc).Format("Mon 15:04")
			}
			if until != tt.until {
				t.Errorf("Until = %q, want %q", until, tt.until)
			}
			next := ""
			if !st.Next.IsZero() {
				next = st.Next.In(loc).Format("Mon 2006-01-02 15:04")
			}
			if next != tt.next {
				t.Errorf("Next = %q, want %q", next, tt.next)
			}
			if tt.open && tt.until == "" && len(tt.rows) > 0 && !st.Always {
				t.Errorf("Always = false for a listing open around the clock")
			}
		})
	}
}

func TestOpenAtAcrossDST(t *testing.T) {
	// 2026-11-01 02:00 EDT falls back to 01:00 EST: an overnight Saturday row still ends
	// at 07:00 local time on Sunday.
	h := CompileHours([]Schedule{weekly("SA", "18:00", "07:00")})
	loc := Zone("America/New_York")
	if !h.OpenAt(NewClock(at(t, "America/New_York", "2026-11-01 06:30"), loc)) {
		t.Error("closed at 06:30 on the morning clocks fall back")
	}
	st := h.State(NewClock(at(t, "America/New_York", "2026-10-31 20:00"), loc))
	if got := st.Until.In(loc).Format("2006-01-02 15:04 MST"); got != "2026-11-01 07:00 EST" {
		t.Errorf("Until = %s, want 2026-11-01 07:00 EST", got)
	}
}

func BenchmarkOpenAt(b *testing.B) {
	h := CompileHours([]Schedule{weekly("MO,TU,WE,TH,FR", "08:30", "12:00"), weekly("MO,TU,WE,TH,FR", "13:00", "17:00"), monthly("3SA", "09:00", "12:00")})
	c := NewClock(time.Date(2026, 12, 4, 15, 0, 0, 0, time.UTC), Zone("America/New_York"))
	for b.Loop() {
		h.OpenAt(c)
	}
}

// TestLocalHoursSkipsLevelsWithoutHours: a service whose only rows are a holiday closure
// keeps its location's regular hours; with no hours anywhere, the most specific note stays.
func TestLocalHoursSkipsLevelsWithoutHours(t *testing.T) {
	weekdays := []Schedule{{ID: "w", Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "17:00"}}
	closure := []Schedule{{ID: "c", Description: "Closed", ValidFrom: "2026-12-25", ValidTo: "2026-12-25"}}
	appointment := []Schedule{{ID: "a", Description: "By appointment"}}
	for _, tc := range []struct {
		name        string
		sal, svc, l []Schedule
		want        string
	}{
		{"site rows first", weekdays, closure, nil, "w"},
		{"service closure only: the location's hours", nil, closure, weekdays, "w"},
		{"site note only: the service's hours", appointment, weekdays, nil, "w"},
		{"no hours anywhere: the most specific note", appointment, closure, nil, "a"},
		{"nothing", nil, nil, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := &Service{Schedules: tc.svc}
			sal := &ServiceAtLocation{Schedules: tc.sal, Location: &Location{Schedules: tc.l}}
			got := LocalHours(svc, sal)
			id := ""
			if len(got) > 0 {
				id = got[0].ID
			}
			if id != tc.want {
				t.Errorf("got rows %q, want %q", id, tc.want)
			}
		})
	}
}
