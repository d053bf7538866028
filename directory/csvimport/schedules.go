package csvimport

import (
	"fmt"
	"regexp"
	"strings"

	"handoff/directory"
)

// allDayRE recognizes "24 hours", "24hrs", "open 24 hours" in a time column.
var allDayRE = regexp.MustCompile(`(?i)^\s*(open\s*)?24\s*(h|hr|hrs|hour|hours)(\s*a\s*day)?\s*$`)

// buildSchedules attaches the schedule rows to their owners. The regular rows of one owner
// are read together with the source's words for them (see reconcileHours); holiday rows
// are read one by one.
func (b *builder) buildSchedules() {
	for _, g := range b.regularGroups() {
		for _, s := range b.reconcileHours(g) {
			g.o.addSchedule(s)
		}
	}
	for _, r := range b.rows("holiday_schedule") {
		if o, ok := b.ownerOf(r, "service_at_location_id", "service_id", "location_id"); ok {
			o.addSchedule(b.holiday(r))
		}
	}
}

// addSchedule gives the owner a schedule row.
func (o owner) addSchedule(s directory.Schedule) {
	switch {
	case o.sal != nil:
		o.sal.sal.Schedules = append(o.sal.sal.Schedules, s)
	case o.svc != nil:
		o.svc.svc.Schedules = append(o.svc.svc.Schedules, s)
	case o.loc != nil:
		o.loc.loc.Schedules = append(o.loc.loc.Schedules, s)
	}
}

// regular turns a regular_schedules row into a weekly HSDS schedule. A weekday or time
// that cannot be read is a warning: the row is kept with the source's words as its
// description and no times, so that it is shown but never makes a listing look open.
func (b *builder) regular(r row) directory.Schedule {
	s := directory.Schedule{ID: b.rowID("regular_schedule", r), Description: r.get("description")}
	asGiven := func() directory.Schedule {
		s.Freq, s.ByDay, s.OpensAt, s.ClosesAt = "", "", "", ""
		s.Description = joinText(s.Description, fmt.Sprintf("%s %s–%s", r.get("weekday"), r.get("opens_at"), r.get("closes_at")))
		return s
	}
	days, err := weekdays(r.get("weekday"))
	if err != nil {
		b.probs.warn(r, "weekday", "%v; the row is kept as text without hours", err)
		return asGiven()
	}
	s.Freq, s.ByDay = "WEEKLY", days
	opens, closes := r.get("opens_at"), r.get("closes_at")
	switch {
	case strings.EqualFold(opens, "closed") || strings.EqualFold(closes, "closed"):
		s.Description = joinText(s.Description, "Closed")
		return s
	case allDayRE.MatchString(opens) || allDayRE.MatchString(closes):
		s.OpensAt, s.ClosesAt = "00:00", "23:59" // HSDS 3.0's guidance for "open 24 hours"
		return s
	case opens == "" && closes == "":
		return s
	}
	o, c, ok := b.interval(r, opens, closes)
	if !ok {
		return asGiven()
	}
	s.OpensAt, s.ClosesAt = o, c
	return s
}

// interval parses an opening and a closing time; both are needed, since a lone opening
// time would read as open until midnight. A closing hour written without am/pm after a
// morning opening is read in the afternoon ("9:00am"–"5:00" closes at 17:00).
func (b *builder) interval(r row, opens, closes string) (string, string, bool) {
	ot, err := readClock(opens)
	if err != nil {
		b.probs.warn(r, "opens_at", "%v; the row is kept as text without hours", err)
		return "", "", false
	}
	ct, err := readClock(closes)
	if err != nil {
		b.probs.warn(r, "closes_at", "%v; the row is kept as text without hours", err)
		return "", "", false
	}
	o, c := ot.String(), ct.afterMorning(ot).String()
	switch {
	case c == o:
		b.probs.warn(r, "closes_at", "%s is the opening time too: read as open around the clock", c)
	case c < o && c != "00:00":
		b.probs.warn(r, "closes_at", "%s (from %q) is before opens_at %s: read as open past midnight until %s the next day", c, clip(closes), o, c)
	}
	return o, c, true
}

// holiday turns a holiday_schedules row into an HSDS schedule bounded by valid_from and
// valid_to. HSDS 3.0 cannot say "closed": a closed day is a row without hours, described
// "Closed", which open-now ignores rather than misreads. Opening hours on the days become
// an extra weekly interval within the dates, as HSDS 3.0's guidance on exceptional hours
// says. A date given without a year (Ohana's year 0001) cannot bound anything, so its row
// keeps the dates and hours only in words.
func (b *builder) holiday(r row) directory.Schedule {
	s := directory.Schedule{ID: b.rowID("holiday_schedule", r)}
	start, err := parseDate(r.get("start_date"))
	if err != nil {
		b.probs.warn(r, "start_date", "%v; the row is kept as text", err)
		s.Description = fmt.Sprintf("Holiday %s–%s: closed %s %s–%s", r.get("start_date"), r.get("end_date"),
			r.get("closed"), r.get("opens_at"), r.get("closes_at"))
		return s
	}
	end := start
	if v := r.get("end_date"); v != "" {
		if end, err = parseDate(v); err != nil {
			b.probs.warn(r, "end_date", "%v; read as the start date", err)
			end = start
		}
	}
	if end.yearless != start.yearless || end.t.Before(start.t) {
		b.probs.warn(r, "end_date", "%q does not follow start_date %q; read as the start date", clip(r.get("end_date")), clip(r.get("start_date")))
		end = start
	}
	opens, closes := r.get("opens_at"), r.get("closes_at")
	closed, ok := parseBool(r.get("closed"))
	if !ok {
		closed = opens == "" && closes == ""
		if r.get("closed") != "" {
			b.probs.warn(r, "closed", "%q is not true or false; read as %v from the hours given", clip(r.get("closed")), closed)
		}
	}
	when := "on " + start.monthDay()
	if end.t.After(start.t) {
		when = fmt.Sprintf("from %s to %s", start.monthDay(), end.monthDay())
	}
	var o, c string
	hours := !closed && (opens != "" || closes != "")
	if hours {
		if o, c, hours = b.interval(r, opens, closes); !hours {
			s.Description = fmt.Sprintf("Holiday hours %s: %s–%s", when, opens, closes)
		}
	}
	switch {
	case start.yearless && closed:
		s.Description, s.Notes = "Closed "+when, "holiday; the source gives no year"
	case start.yearless && hours:
		s.Description, s.Notes = fmt.Sprintf("Holiday hours %s: %s–%s", when, o, c), "holiday; the source gives no year"
	case start.yearless:
		s.Notes = "holiday; the source gives no year"
	default:
		s.ValidFrom, s.ValidTo = start.iso(), end.iso()
		switch {
		case closed:
			s.Description = "Closed"
		case hours:
			s.Description, s.Freq, s.ByDay, s.DTStart, s.OpensAt, s.ClosesAt = "Holiday hours", "WEEKLY", daysBetween(start, end), start.iso(), o, c
		case s.Description == "":
			s.Description = "Open (hours not given)"
		}
	}
	return s
}

// daysBetween is the BYDAY list of the weekdays from start to end.
func daysBetween(start, end date) string {
	var days []int
	for d := start.t; !d.After(end.t) && len(days) < 7; d = d.AddDate(0, 0, 1) {
		days = append(days, int(d.Weekday()))
	}
	return byDay(days)
}
