package directory

import (
	"strconv"
	"strings"
	"time"
)

// Hours is a listing's opening hours compiled from its HSDS schedule rows, to answer
// "open now?", "until when?" and "when next?" in the location's time zone. A row is one
// opening interval repeated by RRULE fields:
//
//   - WEEKLY with BYDAY days ("MO,TU"); no BYDAY means every day.
//   - MONTHLY with BYDAY ordinals ("2TU" the second Tuesday, "-1FR" the last Friday) or
//     with BYMONTHDAY ("1,15", "-1" the last day).
//   - closes_at before opens_at runs past midnight into the next day (a Friday 18:00 to
//     07:00 row is open early Saturday); closes_at equal to opens_at, or 00:00–23:59,
//     is the whole day, so seven such days are open around the clock.
//   - valid_from, valid_to and until bound the days an interval may start on.
//   - A closure row (IsClosure: no times, a valid_from date, a description saying
//     "Closed") shuts the listing on its days: no interval starts on them. HSDS has no
//     field for exceptions, so the row says it in the one way other readers can read too.
//
// Not evaluated: INTERVAL above 1 (every other week needs an anchor HSDS rarely gives),
// COUNT, BYWEEKNO and BYYEARDAY; such rows are read as if they repeated every period.
// Rows without opens_at say nothing about hours and are skipped.
type Hours struct {
	spans    []span
	closures []closure
}

// closure is a run of local days, yyyymmdd inclusive, on which nothing opens.
type closure struct{ from, to int }

// span is one compiled schedule row.
type span struct {
	weekdays  uint8 // bit per time.Weekday on which the interval may start
	ordinals  []ByDay
	monthDays []int
	open      int // minutes after local midnight
	close     int // minutes after the start day's midnight; above 1440 runs into the next day
	from, to  int // yyyymmdd bounds of the start day, 0 for none
}

// CompileHours compiles schedule rows. Rows that cannot be read are skipped: a listing
// with one bad row still answers from the others.
func CompileHours(rows []Schedule) Hours {
	var h Hours
	for i := range rows {
		if from, to, ok := closureDays(&rows[i]); ok {
			h.closures = append(h.closures, closure{from, to})
			continue
		}
		if sp, ok := compileSpan(&rows[i]); ok {
			h.spans = append(h.spans, sp)
		}
	}
	return h
}

func compileSpan(r *Schedule) (span, bool) {
	open, ok1 := parseClock(r.OpensAt)
	closing, ok2 := parseClock(r.ClosesAt)
	if !ok1 {
		return span{}, false
	}
	if !ok2 {
		closing = open // no closing time: read as open the whole day
	}
	if closing == 23*60+59 {
		closing = 24 * 60 // "until 23:59" means until midnight: 24/7 rows must chain
	}
	if closing <= open {
		closing += 24 * 60
	}
	sp := span{open: open, close: closing, from: parseYMD(r.ValidFrom), to: parseYMD(r.ValidTo)}
	if u := parseYMD(r.Until); u != 0 && (sp.to == 0 || u < sp.to) {
		sp.to = u
	}
	days, err := ParseByDay(r.ByDay)
	if err != nil {
		return span{}, false
	}
	monthly := strings.EqualFold(r.Freq, "MONTHLY")
	for _, d := range days {
		if monthly && d.Ord != 0 {
			sp.ordinals = append(sp.ordinals, d)
		} else {
			sp.weekdays |= 1 << d.Weekday
		}
	}
	if monthly {
		for _, f := range strings.Split(r.ByMonthDay, ",") {
			if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && n != 0 && n >= -31 && n <= 31 {
				sp.monthDays = append(sp.monthDays, n)
			}
		}
	}
	if len(days) == 0 && len(sp.monthDays) == 0 {
		sp.weekdays = 0x7f // no day rule: every day
	}
	if sp.weekdays == 0 && len(sp.ordinals) == 0 && len(sp.monthDays) == 0 {
		return span{}, false
	}
	return sp, true
}

// IsClosure reports whether a schedule row says the listing is closed on a date or run
// of dates: no opening or closing time, a valid_from date, and a description that starts
// with "Closed" ("Closed", "Closed for Christmas"). valid_to, when given, ends the run;
// without it the closure is the one day.
func IsClosure(r *Schedule) bool {
	_, _, ok := closureDays(r)
	return ok
}

func closureDays(r *Schedule) (from, to int, ok bool) {
	if strings.TrimSpace(r.OpensAt) != "" || strings.TrimSpace(r.ClosesAt) != "" {
		return 0, 0, false
	}
	d := strings.ToLower(strings.TrimSpace(r.Description))
	if !strings.HasPrefix(d, "closed") {
		return 0, 0, false
	}
	from = parseYMD(r.ValidFrom)
	if from == 0 {
		return 0, 0, false
	}
	to = parseYMD(r.ValidTo)
	if to < from {
		to = from
	}
	return from, to, true
}

// closedOn reports whether a closure covers day dd.
func (h *Hours) closedOn(dd day) bool {
	for _, c := range h.closures {
		if dd.ymd >= c.from && dd.ymd <= c.to {
			return true
		}
	}
	return false
}

// startsOn reports whether span sp may start on day dd, closures considered. An
// interval that started the evening before a closed day still runs into it: "closed
// 25 Dec" shuts the day's own openings, not Christmas Eve's night shift.
func (h *Hours) startsOn(sp *span, dd day) bool {
	return sp.startsOn(dd) && !h.closedOn(dd)
}

// parseClock reads "HH:MM" or "HH:MM:SS" (and "24:00") as minutes after midnight.
func parseClock(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if len(s) < 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:5])
	if err1 != nil || err2 != nil || h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}

// parseYMD reads "YYYY-MM-DD" as yyyymmdd, or 0.
func parseYMD(s string) int {
	if len(s) < 10 {
		return 0
	}
	t, err := time.Parse(time.DateOnly, s[:10])
	if err != nil {
		return 0
	}
	return t.Year()*10000 + int(t.Month())*100 + t.Day()
}

// Known reports whether the listing has any hours Handoff can evaluate.
func (h Hours) Known() bool { return len(h.spans) > 0 }

// day is a local calendar day with what the rules ask of it.
type day struct {
	y       int
	m       time.Month
	d       int
	wd      time.Weekday
	inMonth int // days in the month
	ymd     int
}

func dayOf(y int, m time.Month, d int, loc *time.Location) day {
	t := time.Date(y, m, d, 12, 0, 0, 0, loc) // noon: never skipped by a DST change
	y, m, d = t.Date()
	return day{y: y, m: m, d: d, wd: t.Weekday(),
		inMonth: time.Date(y, m+1, 0, 12, 0, 0, 0, loc).Day(), ymd: y*10000 + int(m)*100 + d}
}

// startsOn reports whether the interval may start on day dd.
func (sp *span) startsOn(dd day) bool {
	if (sp.from != 0 && dd.ymd < sp.from) || (sp.to != 0 && dd.ymd > sp.to) {
		return false
	}
	if sp.weekdays&(1<<dd.wd) != 0 {
		return true
	}
	for _, o := range sp.ordinals {
		if o.Weekday != dd.wd {
			continue
		}
		if o.Ord > 0 && (dd.d-1)/7+1 == o.Ord {
			return true
		}
		if o.Ord < 0 && (dd.inMonth-dd.d)/7+1 == -o.Ord {
			return true
		}
	}
	for _, n := range sp.monthDays {
		if n == dd.d || (n < 0 && dd.inMonth+n+1 == dd.d) {
			return true
		}
	}
	return false
}

// Clock is an instant seen in one time zone, prepared once and reused for every listing
// in that zone: a search evaluates thousands of listings at the same instant.
type Clock struct {
	t         time.Time
	loc       *time.Location
	today     day
	yesterday day
	minute    int // minutes after today's local midnight
}

// NewClock prepares t in loc.
func NewClock(t time.Time, loc *time.Location) Clock {
	lt := t.In(loc)
	y, m, d := lt.Date()
	return Clock{t: t, loc: loc, today: dayOf(y, m, d, loc), yesterday: dayOf(y, m, d-1, loc),
		minute: lt.Hour()*60 + lt.Minute()}
}

// Location is the zone the clock reads.
func (c Clock) Location() *time.Location { return c.loc }

// OpenAt reports whether the listing is open at the clock's instant.
func (h Hours) OpenAt(c Clock) bool {
	for i := range h.spans {
		sp := &h.spans[i]
		if c.minute >= sp.open && c.minute < sp.close && h.startsOn(sp, c.today) {
			return true
		}
		if sp.close > 24*60 && c.minute < sp.close-24*60 && h.startsOn(sp, c.yesterday) {
			return true
		}
	}
	return false
}

// OpenState is the answer to "is it open, until when, and when next".
type OpenState struct {
	Known  bool      // the listing has hours Handoff can read
	Open   bool      // open at the instant asked
	Always bool      // open around the clock
	Until  time.Time // when an open listing closes; zero when Always
	Next   time.Time // when a closed listing opens next; zero when open or never
}

// maxLookahead bounds the search for the next opening: monthly rules repeat within two
// months, so 62 days always finds one if there is any.
const maxLookahead = 62

// State answers for the clock's instant, with closing and next opening times.
func (h Hours) State(c Clock) OpenState {
	if !h.Known() {
		return OpenState{}
	}
	st := OpenState{Known: true}
	end, open := h.endOfOpening(c)
	if open {
		st.Open = true
		if end.IsZero() {
			st.Always = true
		} else {
			st.Until = end
		}
		return st
	}
	st.Next = h.nextStart(c.t, c.loc)
	return st
}

// endOfOpening returns when the opening that contains the instant ends, following
// openings that start the minute the previous ends; zero time means it does not end in
// the coming week (open around the clock).
func (h Hours) endOfOpening(c Clock) (time.Time, bool) {
	end, ok := h.intervalEnd(c)
	if !ok {
		return time.Time{}, false
	}
	for range 8 * 3 { // a chain longer than a week of day-long intervals is 24/7
		next := NewClock(end, c.loc)
		e, ok := h.intervalEnd(next)
		if !ok || !e.After(end) {
			return end, true
		}
		if e.Sub(c.t) > 7*24*time.Hour {
			return time.Time{}, true
		}
		end = e
	}
	return time.Time{}, true
}

// intervalEnd returns the latest end of the intervals open at the clock's instant.
func (h Hours) intervalEnd(c Clock) (time.Time, bool) {
	var best time.Time
	found := false
	consider := func(dd day, closeMin int) {
		e := time.Date(dd.y, dd.m, dd.d, 0, closeMin, 0, 0, c.loc)
		if !found || e.After(best) {
			best, found = e, true
		}
	}
	for i := range h.spans {
		sp := &h.spans[i]
		if c.minute >= sp.open && c.minute < sp.close && h.startsOn(sp, c.today) {
			consider(c.today, sp.close)
		}
		if sp.close > 24*60 && c.minute < sp.close-24*60 && h.startsOn(sp, c.yesterday) {
			consider(c.yesterday, sp.close)
		}
	}
	return best, found
}

// NextOpen returns when the listing next opens at or after t, or false if it never does
// in the coming two months.
func (h Hours) NextOpen(t time.Time, loc *time.Location) (time.Time, bool) {
	c := NewClock(t, loc)
	if h.OpenAt(c) {
		return t, true
	}
	n := h.nextStart(t, loc)
	return n, !n.IsZero()
}

func (h Hours) nextStart(t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	y, m, d := lt.Date()
	for k := 0; k <= maxLookahead; k++ {
		dd := dayOf(y, m, d+k, loc)
		var best time.Time
		for i := range h.spans {
			sp := &h.spans[i]
			if !h.startsOn(sp, dd) {
				continue
			}
			s := time.Date(dd.y, dd.m, dd.d, 0, sp.open, 0, 0, loc)
			if s.After(t) && (best.IsZero() || s.Before(best)) {
				best = s
			}
		}
		if !best.IsZero() {
			return best
		}
	}
	return time.Time{}
}
