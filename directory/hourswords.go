package directory

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DescribeHours writes schedule rows for people, one phrase per part, in the order a
// reader wants them: the weekly hours (days with the same hours together, Monday first),
// then the monthly ones, then rows that only describe themselves, then closures by date:
//
//	Mon–Thu 9 am–4 pm; Fri 8 pm–2 am (next day); 2nd Tuesday of each month 6–8 pm; closed 25 Dec 2026
//
// It reads the rows as CompileHours does (a closing time before the opening runs into
// the next day; 00:00–23:59 or equal times is the whole day), so the words and "open
// now" never disagree. It is the one place Handoff turns schedules into words: the
// agency's editor shows them before saving, and pages show them beside a listing.
func DescribeHours(rows []Schedule) []string { return DescribeHoursIn(nil, rows) }

// Words is a message catalog's lookup (i18n.Catalog.Words): the text of a key with its
// {name} placeholders filled from name, value pairs. Nil is English.
type Words func(key string, vars ...any) string

// HoursWordsEnglish are the words DescribeHours writes, by their catalog key; the
// catalog's English (i18n/locales/en/) must say the same (a test checks).
var HoursWordsEnglish = map[string]string{
	"pub.hours.day.0": "Sun", "pub.hours.day.1": "Mon", "pub.hours.day.2": "Tue", "pub.hours.day.3": "Wed",
	"pub.hours.day.4": "Thu", "pub.hours.day.5": "Fri", "pub.hours.day.6": "Sat",
	"pub.hours.longday.0": "Sunday", "pub.hours.longday.1": "Monday", "pub.hours.longday.2": "Tuesday",
	"pub.hours.longday.3": "Wednesday", "pub.hours.longday.4": "Thursday", "pub.hours.longday.5": "Friday",
	"pub.hours.longday.6": "Saturday",
	"pub.hours.mon.1":     "Jan", "pub.hours.mon.2": "Feb", "pub.hours.mon.3": "Mar", "pub.hours.mon.4": "Apr",
	"pub.hours.mon.5": "May", "pub.hours.mon.6": "Jun", "pub.hours.mon.7": "Jul", "pub.hours.mon.8": "Aug",
	"pub.hours.mon.9": "Sep", "pub.hours.mon.10": "Oct", "pub.hours.mon.11": "Nov", "pub.hours.mon.12": "Dec",
	"pub.hours.every_day":         "Every day",
	"pub.hours.open_24":           "open 24 hours",
	"pub.hours.open_24_every_day": "Open 24 hours, every day",
	"pub.hours.next_day":          "(next day)",
	"pub.hours.and":               "{list} and {last}",
	"pub.hours.closed_on":         "closed {date}",
	"pub.hours.closed_range":      "closed {from} to {to}",
	"pub.hours.from":              "(from {date})",
	"pub.hours.until":             "(until {date})",
	"pub.hours.between":           "({from} to {to})",
	"pub.hours.monthly":           "{what} of each month",
	"pub.hours.last_day":          "last day",
	"pub.hours.days_before_end":   "{n} days before the month's end",
	"pub.hours.day_n":             "day {days}",
	"pub.hours.date":              "{day} {mon} {year}",
	"pub.hours.ord.1":             "1st", "pub.hours.ord.2": "2nd", "pub.hours.ord.3": "3rd", "pub.hours.ord.4": "4th",
	"pub.hours.ord.5": "5th", "pub.hours.ord.-1": "last", "pub.hours.ord.-2": "2nd to last", "pub.hours.ord.-3": "3rd to last",
	"pub.hours.ord.n": "{n}th",
	"pub.hours.clock": "12",
	"pub.hours.am":    "am",
	"pub.hours.pm":    "pm",
}

// hw is the words of one DescribeHoursIn: the catalog's, or English.
type hw struct{ w Words }

func (h hw) t(key string, vars ...any) string {
	if h.w != nil {
		return h.w(key, vars...)
	}
	s := HoursWordsEnglish[key]
	for i := 0; i+1 < len(vars); i += 2 {
		s = strings.ReplaceAll(s, "{"+fmt.Sprint(vars[i])+"}", fmt.Sprint(vars[i+1]))
	}
	return s
}

// DescribeHoursIn is DescribeHours in the words of a catalog (nil: English). A language
// that reads a 24-hour clock (pub.hours.clock "24") gets "9:00–16:00".
func DescribeHoursIn(w Words, rows []Schedule) []string {
	h := hw{w}
	var weekly []weekGroup
	var monthly, other, closures []string
	var closureKeys []int
	for i := range rows {
		r := &rows[i]
		if from, to, ok := closureDays(r); ok {
			closures = append(closures, h.closureText(from, to))
			closureKeys = append(closureKeys, from)
			continue
		}
		sp, ok := compileSpan(r)
		if !ok {
			if d := strings.TrimSpace(r.Description); d != "" {
				other = append(other, d)
			}
			continue
		}
		bounds := h.boundsText(sp.from, sp.to)
		if len(sp.ordinals) > 0 || len(sp.monthDays) > 0 {
			monthly = append(monthly, h.monthlyText(&sp)+" "+h.intervalText(sp.open, sp.close)+bounds)
		}
		if sp.weekdays != 0 {
			weekly = addToWeek(weekly, bounds, sp)
		}
	}
	var out []string
	for _, g := range weekly {
		out = append(out, g.phrases(h)...)
	}
	out = append(out, monthly...)
	out = append(out, other...)
	sort.SliceStable(closures, func(a, b int) bool { return closureKeys[a] < closureKeys[b] })
	return append(out, closures...)
}

// HoursSentence joins DescribeHours's phrases as pages show them: "; " between parts.
func HoursSentence(rows []Schedule) string { return strings.Join(DescribeHours(rows), "; ") }

// weekGroup is the weekly rows that share their dates of validity, as intervals per day
// (Sunday first, as time.Weekday).
type weekGroup struct {
	bounds string
	days   [7][][2]int
}

func addToWeek(gs []weekGroup, bounds string, sp span) []weekGroup {
	i := 0
	for i < len(gs) && gs[i].bounds != bounds {
		i++
	}
	if i == len(gs) {
		gs = append(gs, weekGroup{bounds: bounds})
	}
	for wd := range 7 {
		if sp.weekdays&(1<<wd) != 0 {
			gs[i].days[wd] = append(gs[i].days[wd], [2]int{sp.open, sp.close})
		}
	}
	return gs
}

// mondayFirst is the order days are read in.
var mondayFirst = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// phrases groups the days with the same hours: "Mon–Thu 9 am–4 pm", "Mon, Wed 9 am–12 pm and 1–5 pm",
// "Fri 9 am–12 pm, 1–5 pm and 8 pm–2 am (next day)".
func (g *weekGroup) phrases(h hw) []string {
	texts := [7]string{}
	for wd := range 7 {
		ivs := g.days[wd]
		sort.Slice(ivs, func(a, b int) bool { return ivs[a][0] < ivs[b][0] })
		parts := make([]string, 0, len(ivs))
		for _, iv := range ivs {
			if t := h.intervalText(iv[0], iv[1]); !contains(parts, t) {
				parts = append(parts, t)
			}
		}
		texts[wd] = h.andList(parts)
	}
	var out []string
	done := map[string]bool{}
	for _, wd := range mondayFirst {
		t := texts[wd]
		if t == "" || done[t] {
			continue
		}
		done[t] = true
		var set [7]bool
		for d := range 7 {
			set[d] = texts[d] == t
		}
		out = append(out, h.daysText(set)+" "+t+g.bounds)
	}
	if len(out) == 1 && strings.HasPrefix(out[0], h.t("pub.hours.every_day")+" "+h.t("pub.hours.open_24")) {
		out[0] = h.t("pub.hours.open_24_every_day") + g.bounds
	}
	return out
}

// daysText writes a set of weekdays Monday first, runs of three or more as ranges:
// "Mon–Fri", "Mon, Wed, Fri", "Sat, Sun", "Every day".
func (h hw) daysText(set [7]bool) string {
	day := func(wd time.Weekday) string { return h.t("pub.hours.day." + strconv.Itoa(int(wd))) }
	var order []bool
	for _, wd := range mondayFirst {
		order = append(order, set[wd])
	}
	var parts []string
	n := 0
	for i := 0; i < 7; {
		if !order[i] {
			i++
			continue
		}
		j := i
		for j+1 < 7 && order[j+1] {
			j++
		}
		n += j - i + 1
		switch {
		case j-i >= 2:
			parts = append(parts, day(mondayFirst[i])+"–"+day(mondayFirst[j]))
		default:
			for k := i; k <= j; k++ {
				parts = append(parts, day(mondayFirst[k]))
			}
		}
		i = j + 1
	}
	if n == 7 {
		return h.t("pub.hours.every_day")
	}
	return strings.Join(parts, ", ")
}

// intervalText is "9 am–4 pm", "6–8 pm", "8 pm–2 am (next day)", "open 24 hours".
// close is minutes after the start day's midnight, as compileSpan leaves it.
func (h hw) intervalText(open, closing int) string {
	if closing-open >= 24*60 {
		return h.t("pub.hours.open_24")
	}
	next := closing > 24*60
	c := closing % (24 * 60)
	var s string
	if h.t("pub.hours.clock") == "24" {
		s = fmt.Sprintf("%d:%02d–%d:%02d", open/60%24, open%60, c/60, c%60)
	} else {
		ot, om := h.clockWords(open)
		ct, cm := h.clockWords(c)
		if om == cm && !next && open < 12*60 == (c < 12*60) && c != 0 {
			s = ot + "–" + ct + " " + cm
		} else {
			s = ot + " " + om + "–" + ct + " " + cm
		}
	}
	if next && c != 0 {
		s += " " + h.t("pub.hours.next_day")
	}
	return s
}

// clockWords is a time of day on a 12-hour clock: ("9", "am"), ("12:30", "pm").
func (w hw) clockWords(m int) (string, string) {
	h, mm := m/60%24, m%60
	mer := w.t("pub.hours.am")
	if h >= 12 {
		mer = w.t("pub.hours.pm")
	}
	h12 := h % 12
	if h12 == 0 {
		h12 = 12
	}
	if mm == 0 {
		return strconv.Itoa(h12), mer
	}
	return fmt.Sprintf("%d:%02d", h12, mm), mer
}

// monthlyText is "2nd Tuesday of each month", "1st and 3rd Monday of each month",
// "day 1 and 15 of each month", "last day of each month".
func (h hw) monthlyText(sp *span) string {
	var parts []string
	byDay := map[time.Weekday][]string{}
	var order []time.Weekday
	for _, o := range sp.ordinals {
		w := h.t("pub.hours.ord.n", "n", o.Ord)
		if (o.Ord >= 1 && o.Ord <= 5) || (o.Ord >= -3 && o.Ord <= -1) {
			w = h.t("pub.hours.ord." + strconv.Itoa(o.Ord))
		}
		if _, seen := byDay[o.Weekday]; !seen {
			order = append(order, o.Weekday)
		}
		byDay[o.Weekday] = append(byDay[o.Weekday], w)
	}
	for _, wd := range order {
		parts = append(parts, h.andList(byDay[wd])+" "+h.t("pub.hours.longday."+strconv.Itoa(int(wd))))
	}
	var days []string
	for _, n := range sp.monthDays {
		switch {
		case n == -1:
			parts = append(parts, h.t("pub.hours.last_day"))
		case n < 0:
			parts = append(parts, h.t("pub.hours.days_before_end", "n", -n))
		default:
			days = append(days, strconv.Itoa(n))
		}
	}
	if len(days) > 0 {
		parts = append(parts, h.t("pub.hours.day_n", "days", h.andList(days)))
	}
	return h.t("pub.hours.monthly", "what", h.andList(parts))
}

func (h hw) andList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return h.t("pub.hours.and", "list", strings.Join(xs[:len(xs)-1], ", "), "last", xs[len(xs)-1])
}

// dateWords is "25 Dec 2026" for yyyymmdd.
func (h hw) dateWords(ymd int) string {
	return h.t("pub.hours.date", "day", strconv.Itoa(ymd%100), "mon", h.t("pub.hours.mon."+strconv.Itoa(ymd/100%100)), "year", strconv.Itoa(ymd/10000))
}

func (h hw) closureText(from, to int) string {
	if to <= from {
		return h.t("pub.hours.closed_on", "date", h.dateWords(from))
	}
	return h.t("pub.hours.closed_range", "from", h.dateWords(from), "to", h.dateWords(to))
}

// boundsText is the dates a row holds for: " (from 1 Jan 2027)", " (until 20 Dec 2026)",
// " (1 Jul 2026 to 7 Nov 2026)", or "" for a row without bounds.
func (h hw) boundsText(from, to int) string {
	switch {
	case from != 0 && to != 0:
		return " " + h.t("pub.hours.between", "from", h.dateWords(from), "to", h.dateWords(to))
	case from != 0:
		return " " + h.t("pub.hours.from", "date", h.dateWords(from))
	case to != 0:
		return " " + h.t("pub.hours.until", "date", h.dateWords(to))
	}
	return ""
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}
