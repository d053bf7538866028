package csvimport

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// offsetRE finds a UTC offset after a clock time ("09:00-05:00", "17:00Z"), as HSDS 1.x
// asks times to carry. The offset is dropped: the time before it is the local time, and
// Handoff evaluates hours in the location's own time zone.
var offsetRE = regexp.MustCompile(`^(\d{1,2}:\d{2}(?::\d{2})?)(?:z|[+-]\d{2}(?::?\d{2})?)$`)

// parseClock reads a time of day as directories write it by hand ("9am", "9:30 AM",
// "4:00 PM", "17:00", "0930", "noon", "midnight", "09:00-05:00") and returns it as HSDS 3.0
// wants it, "HH:MM". Midnight is "00:00" whether it opens or closes a day: a closing time
// at or before the opening runs to the next day, which is what "9pm to midnight" means.
func parseClock(s string) (string, error) {
	c, err := readClock(s)
	if err != nil {
		return "", err
	}
	return c.String(), nil
}

// clockTime is a time of day as read, with whether its hour could be a 12-hour clock's
// written without am or pm ("5:00", "5"): such an hour is read as written unless the
// interval it closes says otherwise (see afterMorning).
type clockTime struct {
	h, m int
	bare bool // an hour of 1 to 11, no am/pm, no leading zero
}

// String is the time as HSDS 3.0 wants it, "HH:MM".
func (c clockTime) String() string { return fmt.Sprintf("%02d:%02d", c.h, c.m) }

// afterMorning reads a closing time against a morning opening: "9:00am-5:00" and
// "10:00-2:00" close in the afternoon, not overnight. A bare hour (1 to 11, no am/pm, no
// leading zero) that on a 24-hour clock would close at or before an opening before noon
// is its afternoon hour. Every other closing is read as written: "09:00"–"03:00" with a
// leading zero is a 24-hour clock's, and after an evening opening "7:00" may well be the
// next morning (a shelter's night).
func (c clockTime) afterMorning(open clockTime) clockTime {
	if c.bare && open.h < 12 && c.h*60+c.m <= open.h*60+open.m {
		c.h += 12
	}
	return c
}

// readClock reads a time of day as parseClock does.
func readClock(s string) (clockTime, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for _, r := range [][2]string{{"a.m.", "am"}, {"p.m.", "pm"}, {"a.m", "am"}, {"p.m", "pm"}} {
		t = strings.ReplaceAll(t, r[0], r[1])
	}
	t = strings.Join(strings.Fields(t), " ")
	switch t {
	case "noon", "12 noon", "midday", "12 midday":
		return clockTime{h: 12}, nil
	case "midnight", "12 midnight":
		return clockTime{}, nil
	case "":
		return clockTime{}, fmt.Errorf("no time given")
	}
	offset := false
	if m := offsetRE.FindStringSubmatch(t); m != nil {
		t, offset = m[1], true
	}
	meridiem := ""
	for _, suf := range []string{"am", "pm", "a", "p"} {
		if strings.HasSuffix(t, suf) {
			meridiem = suf[:1]
			t = strings.TrimSpace(strings.TrimSuffix(t, suf))
			break
		}
	}
	h, m, err := hoursMinutes(t)
	if err != nil {
		return clockTime{}, fmt.Errorf("%q is not a time of day: %w", clip(s), err)
	}
	// "0930" and "1730" are a 24-hour clock's, as is a time with a UTC offset.
	bare := meridiem == "" && !offset && h >= 1 && h <= 11 && t[0] != '0' && !(len(t) == 4 && digits(t))
	switch meridiem {
	case "a", "p":
		if h < 1 || h > 12 {
			return clockTime{}, fmt.Errorf("%q is not a time of day: hour %d with am/pm", clip(s), h)
		}
		h %= 12
		if meridiem == "p" {
			h += 12
		}
	default:
		if h == 24 && m == 0 {
			h = 0 // "24:00" ends a day: the same instant as 00:00 of the next
		}
		if h > 23 {
			return clockTime{}, fmt.Errorf("%q is not a time of day: hour %d", clip(s), h)
		}
	}
	return clockTime{h: h, m: m, bare: bare}, nil
}

// hoursMinutes reads "9", "09", "9:30", "9.30", "09:30:00" or "0930".
func hoursMinutes(t string) (int, int, error) {
	var hs, ms string
	switch {
	case strings.ContainsAny(t, ":."):
		parts := strings.FieldsFunc(t, func(r rune) bool { return r == ':' || r == '.' })
		if len(parts) < 2 || len(parts) > 3 || strings.Count(t, ":")+strings.Count(t, ".") != len(parts)-1 {
			return 0, 0, fmt.Errorf("expected H:MM")
		}
		hs, ms = parts[0], parts[1]
		if len(ms) != 2 || (len(parts) == 3 && len(parts[2]) != 2) {
			return 0, 0, fmt.Errorf("expected two-digit minutes")
		}
		if len(parts) == 3 {
			if sec, err := strconv.Atoi(parts[2]); err != nil || sec < 0 || sec > 59 || !digits(parts[2]) {
				return 0, 0, fmt.Errorf("bad seconds")
			}
		}
	case len(t) == 3 || len(t) == 4:
		hs, ms = t[:len(t)-2], t[len(t)-2:]
	default:
		hs, ms = t, "0"
	}
	if len(hs) == 0 || len(hs) > 2 || !digits(hs) || !digits(ms) {
		return 0, 0, fmt.Errorf("expected digits")
	}
	h, _ := strconv.Atoi(hs)
	m, _ := strconv.Atoi(ms)
	if m > 59 {
		return 0, 0, fmt.Errorf("minute %d", m)
	}
	return h, m, nil
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// clip keeps quoted source values short in messages.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
