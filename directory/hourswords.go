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
func DescribeHours(rows []Schedule) []string {
	var weekly []weekGroup
	var monthly, other, closures []string
	var closureKeys []int
	for i := range rows {
		r := &rows[i]
		if from, to, ok := closureDays(r); ok {
			closures = append(closures, closureText(from, to))
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
		bounds := boundsText(sp.from, sp.to)
		if len(sp.ordinals) > 0 || len(sp.monthDays) > 0 {
			monthly = append(monthly, monthlyText(&sp)+" "+intervalText(sp.open, sp.close)+bounds)
		}
		if sp.weekdays != 0 {
			weekly = addToWeek(weekly, bounds, sp)
		}
	}
	var out []string
	for _, g := range weekly {
		out = append(out, g.phrases()...)
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
func (g *weekGroup) phrases() []string {
	texts := [7]string{}
	for wd := range 7 {
		ivs := g.days[wd]
		sort.Slice(ivs, func(a, b int) bool { return ivs[a][0] < ivs[b][0] })
		parts := make([]string, 0, len(ivs))
		for _, iv := range ivs {
			if t := intervalText(iv[0], iv[1]); !contains(parts, t) {
				parts = append(parts, t)
			}
		}
		texts[wd] = andList(parts)
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
		out = append(out, daysText(set)+" "+t+g.bounds)
	}
	if len(out) == 1 && strings.HasPrefix(out[0], "Every day open 24 hours") {
		out[0] = "Open 24 hours, every day" + g.bounds
	}
	return out
}

var shortDays = [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}

// daysText writes a set of weekdays Monday first, runs of three or more as ranges:
// "Mon–Fri", "Mon, Wed, Fri", "Sat, Sun", "Every day".
func daysText(set [7]bool) string {
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
			parts = append(parts, shortDays[mondayFirst[i]]+"–"+shortDays[mondayFirst[j]])
		default:
			for k := i; k <= j; k++ {
				parts = append(parts, shortDays[mondayFirst[k]])
			}
		}
		i = j + 1
	}
	if n == 7 {
		return "Every day"
	}
	return strings.Join(parts, ", ")
}

// intervalText is "9 am–4 pm", "6–8 pm", "8 pm–2 am (next day)", "open 24 hours".
// close is minutes after the start day's midnight, as compileSpan leaves it.
func intervalText(open, closing int) string {
	if closing-open >= 24*60 {
		return "open 24 hours"
	}
	next := closing > 24*60
	c := closing % (24 * 60)
	ot, om := clockWords(open)
	ct, cm := clockWords(c)
	var s string
	if om == cm && !next && open < 12*60 == (c < 12*60) && c != 0 {
		s = ot + "–" + ct + " " + cm
	} else {
		s = ot + " " + om + "–" + ct + " " + cm
	}
	if next && c != 0 {
		s += " (next day)"
	}
	return s
}

// clockWords is a time of day on a 12-hour clock: ("9", "am"), ("12:30", "pm").
func clockWords(m int) (string, string) {
	h, mm := m/60%24, m%60
	mer := "am"
	if h >= 12 {
		mer = "pm"
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

var ordinalWords = map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last", -2: "2nd to last", -3: "3rd to last"}

var longDays = [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}

// monthlyText is "2nd Tuesday of each month", "1st and 3rd Monday of each month",
// "day 1 and 15 of each month", "last day of each month".
func monthlyText(sp *span) string {
	var parts []string
	byDay := map[time.Weekday][]string{}
	var order []time.Weekday
	for _, o := range sp.ordinals {
		w, ok := ordinalWords[o.Ord]
		if !ok {
			w = strconv.Itoa(o.Ord) + "th"
		}
		if _, seen := byDay[o.Weekday]; !seen {
			order = append(order, o.Weekday)
		}
		byDay[o.Weekday] = append(byDay[o.Weekday], w)
	}
	for _, wd := range order {
		parts = append(parts, andList(byDay[wd])+" "+longDays[wd])
	}
	var days []string
	for _, n := range sp.monthDays {
		switch {
		case n == -1:
			parts = append(parts, "last day")
		case n < 0:
			parts = append(parts, strconv.Itoa(-n)+" days before the month's end")
		default:
			days = append(days, strconv.Itoa(n))
		}
	}
	if len(days) > 0 {
		parts = append(parts, "day "+andList(days))
	}
	return andList(parts) + " of each month"
}

func andList(xs []string) string {
	if len(xs) <= 1 {
		return strings.Join(xs, "")
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// dateWords is "25 Dec 2026" for yyyymmdd.
func dateWords(ymd int) string {
	return fmt.Sprintf("%d %s %d", ymd%100, time.Month(ymd / 100 % 100).String()[:3], ymd/10000)
}

func closureText(from, to int) string {
	if to <= from {
		return "closed " + dateWords(from)
	}
	return "closed " + dateWords(from) + " to " + dateWords(to)
}

// boundsText is the dates a row holds for: " (from 1 Jan 2027)", " (until 20 Dec 2026)",
// " (1 Jul 2026 to 7 Nov 2026)", or "" for a row without bounds.
func boundsText(from, to int) string {
	switch {
	case from != 0 && to != 0:
		return " (" + dateWords(from) + " to " + dateWords(to) + ")"
	case from != 0:
		return " (from " + dateWords(from) + ")"
	case to != 0:
		return " (until " + dateWords(to) + ")"
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
