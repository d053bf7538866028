package hourstext

import (
	"regexp"
	"strings"

	"handoff/directory"
)

// allWeek is every day, Monday first, as BYDAY lists them.
const allWeek = "MO,TU,WE,TH,FR,SA,SU"

var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// dayNames are the spellings of weekdays in directory text, by time.Weekday. Single
// letters are read only as the M, T, W, F, S of lists such as "M, W, F" or "M-F".
var dayNames = map[string]int{
	"sunday": 0, "sun": 0, "su": 0,
	"monday": 1, "mon": 1, "mo": 1, "m": 1,
	"tuesday": 2, "tue": 2, "tues": 2, "tu": 2, "t": 2,
	"wednesday": 3, "wed": 3, "weds": 3, "we": 3, "w": 3,
	"thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "th": 4,
	"friday": 5, "fri": 5, "fr": 5, "f": 5,
	"saturday": 6, "sat": 6, "sa": 6, "s": 6,
}

// fillers are words that say nothing about when: "Office hours: 9-5, Monday - Friday".
var fillers = map[string]bool{"and": true, "hours": true, "hour": true, "hrs": true, "open": true,
	"from": true, "office": true, "only": true, "every": true, "on": true}

var (
	// allDayRE is a whole text that says open around the clock.
	allDayRE = regexp.MustCompile(`^(open\s+)?(24\s*(hours?|hrs?)(\s*a\s*day)?(\s*,?\s*(7\s*days(\s*a\s*week)?|daily|every\s*day|a\s*week|365\s*days(\s*a\s*year)?))?|24\s*/\s*7|24\s*x\s*7)(\s*,?\s*(open\s+)?24\s*/\s*7)?\s*\.?$`)
	parenRE  = regexp.MustCompile(`\(([^()]*)\)`)
	spaceRE  = regexp.MustCompile(`(\d)\s+:\s*(\d)`)
	weekRE   = regexp.MustCompile(`\b(7|seven)\s*days\s*(a|per)\s*week\b`)
	// rangeRE is a time range at the start of the rest of the text.
	// Minutes may come without a colon ("815 am", "900am-3:00pm").
	rangeRE = regexp.MustCompile(`^(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a|p)?\s*-\s*(\d{1,2})(?:[:.]?(\d{2}))?\s*(am|pm|a|p)?\b`)
	// holidaysRE is a remark that weekly rows cannot say and that does not change them.
	holidaysRE = regexp.MustCompile(`,?\s*except\s+(on\s+)?(public\s+|federal\s+|legal\s+|major\s+)?holidays`)
	everyDayRE = regexp.MustCompile(`\bevery\s*day(\s+of\s+the\s+week)?\b`)
	wordRE     = regexp.MustCompile(`^[a-z]+\.?`)
	dayRangeRE = regexp.MustCompile(`^([a-z]+)\.?\s*-\s*([a-z]+)\.?`)
)

// normalize lowercases the text and spells times, dashes and "to" one way.
func normalize(s string) string {
	s = strings.ToLower(s)
	s = strings.NewReplacer("–", "-", "—", "-", "‐", "-", "a.m.", "am", "p.m.", "pm", "a.m", "am", "p.m", "pm",
		"12 noon", "12:00pm", "12noon", "12:00pm", "noon", "12:00pm", "12 midnight", "12:00am", "midnight", "12:00am").Replace(s)
	s = spaceRE.ReplaceAllString(s, "$1:$2")
	s = weekRE.ReplaceAllString(s, "daily")
	s = everyDayRE.ReplaceAllString(s, "daily")
	s = holidaysRE.ReplaceAllString(s, "")
	for _, w := range []string{" to ", " through ", " thru ", " until ", " till "} {
		s = strings.ReplaceAll(s, w, " - ")
	}
	return strings.Join(strings.Fields(s), " ")
}

// Parse reads free-text opening hours into weekly HSDS schedule rows (Freq WEEKLY, ByDay,
// OpensAt, ClosesAt), one row per run of days and interval. The rows have no ids: the
// caller owns them. ok is false when any part of the text cannot be read; nothing is
// guessed then. "Open 24 hours" and "24/7" are every day from 00:00 to 23:59, HSDS 3.0's
// way of saying around the clock. A closing time before the opening runs past midnight.
func Parse(text string) (rows []directory.Schedule, ok bool) {
	t := normalize(text)
	if t == "" {
		return nil, false
	}
	// A remark in parentheses that names no day or time ("(Residential Facility)",
	// "(Administrative)") is a label; one that does ("(Closed Sun)") is read.
	var bad bool
	t = parenRE.ReplaceAllStringFunc(t, func(p string) string {
		inner := strings.TrimSpace(p[1 : len(p)-1])
		toks, ok := tokenize(inner)
		if !ok {
			if hasDayOrTime(inner) {
				bad = true
			}
			return " ; "
		}
		if len(toks) == 0 {
			return " ; "
		}
		return " " + inner + " "
	})
	if bad {
		return nil, false
	}
	t = strings.Trim(strings.Join(strings.Fields(t), " "), " ;,.")
	if allDayRE.MatchString(t) {
		return []directory.Schedule{{Freq: "WEEKLY", ByDay: allWeek, OpensAt: "00:00", ClosesAt: "23:59"}}, true
	}
	toks, ok := tokenize(t)
	if !ok || len(toks) == 0 {
		return nil, false
	}
	return pair(toks)
}

// token is a run of days (days != 0, a bit per time.Weekday) or a time interval.
type token struct {
	days        uint8
	open, close int
	closed      bool // "closed": the next run of days is not open
}

// tokenize splits the text into days, intervals and "closed"; any other word refuses it.
func tokenize(t string) ([]token, bool) {
	var out []token
	for t = strings.TrimSpace(t); t != ""; t = strings.TrimSpace(t) {
		if strings.ContainsRune(",;:&/.+", rune(t[0])) {
			t = t[1:]
			continue
		}
		if m := rangeRE.FindStringSubmatch(t); m != nil {
			o := clock{h: atoi(m[1]), m: atoi(m[2]), meridiem: meridiem(m[3])}
			c := clock{h: atoi(m[4]), m: atoi(m[5]), meridiem: meridiem(m[6])}
			if o.m > 59 || c.m > 59 {
				return nil, false
			}
			open, close, err := interval(o, c)
			if err != nil {
				return nil, false
			}
			out = append(out, token{open: open, close: close})
			t = t[len(m[0]):]
			continue
		}
		if m := dayRangeRE.FindStringSubmatch(t); m != nil {
			a, okA := day(m[1])
			z, okZ := day(m[2])
			if okA && okZ {
				var days uint8
				for d := a; ; d = (d + 1) % 7 {
					days |= 1 << d
					if d == z {
						break
					}
				}
				out = append(out, token{days: days})
				t = t[len(m[0]):]
				continue
			}
		}
		w := wordRE.FindString(t)
		if w == "" {
			return nil, false
		}
		t = t[len(w):]
		w = strings.TrimSuffix(w, ".")
		switch {
		case w == "closed" || w == "close":
			out = append(out, token{closed: true})
		case w == "daily" || w == "everyday":
			out = append(out, token{days: 0x7f})
		case w == "weekdays":
			out = append(out, token{days: 0x3e})
		case w == "weekends":
			out = append(out, token{days: 0x41})
		case fillers[w]:
		default:
			d, ok := day(w)
			if !ok {
				return nil, false
			}
			out = append(out, token{days: 1 << d})
		}
	}
	return out, true
}

func meridiem(s string) byte {
	if s == "" {
		return 0
	}
	return s[0]
}

// day reads a weekday name, also in the plural ("Tuesdays").
func day(w string) (int, bool) {
	if d, ok := dayNames[w]; ok {
		return d, true
	}
	if len(w) > 4 && strings.HasSuffix(w, "s") {
		if d, ok := dayNames[w[:len(w)-1]]; ok {
			return d, true
		}
	}
	return 0, false
}

// hasDayOrTime says whether a text that could not be read whole names a day or a time.
func hasDayOrTime(s string) bool {
	if strings.ContainsAny(s, "0123456789") {
		return true
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r < 'a' || r > 'z' }) {
		if _, ok := day(w); ok && len(w) > 2 {
			return true
		}
	}
	return false
}

// pair joins runs of days with their intervals. Directories write them either way round,
// days first ("Mon - Fri 9-5; Sat 10-2") or times first ("9-5, Monday - Friday"), but
// one way throughout a text; a text that does not alternate is refused.
func pair(toks []token) ([]directory.Schedule, bool) {
	// Merge neighbours: "Monday, Wednesday" is one run, "9-12, 1-5" one list of intervals.
	type group struct {
		days  uint8
		times [][2]int
	}
	var gs []group
	closedNext, skipping := false, false
	for _, tk := range toks {
		if tk.days == 0 {
			skipping = false
		}
		switch {
		case tk.closed:
			if closedNext {
				return nil, false
			}
			closedNext = true
		case tk.days != 0:
			if closedNext || skipping {
				// Closed days are simply not open: "Closed Sat, Sun" drops the whole run.
				closedNext, skipping = false, true
				continue
			}
			if n := len(gs); n > 0 && gs[n-1].days != 0 {
				gs[n-1].days |= tk.days
				continue
			}
			gs = append(gs, group{days: tk.days})
		default:
			if closedNext {
				return nil, false // "closed 1-2 pm" is an exception HSDS rows cannot say
			}
			if n := len(gs); n > 0 && gs[n-1].days == 0 {
				gs[n-1].times = append(gs[n-1].times, [2]int{tk.open, tk.close})
				continue
			}
			gs = append(gs, group{times: [][2]int{{tk.open, tk.close}}})
		}
	}
	if closedNext || len(gs) == 0 || len(gs)%2 != 0 {
		return nil, false
	}
	var rows []directory.Schedule
	for i := 0; i < len(gs); i += 2 {
		d, ts := gs[i], gs[i+1]
		if gs[0].days == 0 { // times first
			d, ts = gs[i+1], gs[i]
		}
		if d.days == 0 || len(ts.times) == 0 {
			return nil, false
		}
		for _, iv := range ts.times {
			rows = append(rows, directory.Schedule{Freq: "WEEKLY", ByDay: byDay(d.days), OpensAt: hhmm(iv[0]), ClosesAt: hhmm(iv[1])})
		}
	}
	return rows, true
}

// byDay writes a set of days in week order from Monday.
func byDay(days uint8) string {
	var out []string
	for i := 1; i <= 7; i++ {
		if days&(1<<(i%7)) != 0 {
			out = append(out, dayCodes[i%7])
		}
	}
	return strings.Join(out, ",")
}
