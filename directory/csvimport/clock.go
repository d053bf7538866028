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
	t := strings.ToLower(strings.TrimSpace(s))
	for _, r := range [][2]string{{"a.m.", "am"}, {"p.m.", "pm"}, {"a.m", "am"}, {"p.m", "pm"}} {
		t = strings.ReplaceAll(t, r[0], r[1])
	}
	t = strings.Join(strings.Fields(t), " ")
	switch t {
	case "noon", "12 noon", "midday", "12 midday":
		return "12:00", nil
	case "midnight", "12 midnight":
		return "00:00", nil
	case "":
		return "", fmt.Errorf("no time given")
	}
	if m := offsetRE.FindStringSubmatch(t); m != nil {
		t = m[1]
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
		return "", fmt.Errorf("%q is not a time of day: %w", clip(s), err)
	}
	switch meridiem {
	case "a", "p":
		if h < 1 || h > 12 {
			return "", fmt.Errorf("%q is not a time of day: hour %d with am/pm", clip(s), h)
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
			return "", fmt.Errorf("%q is not a time of day: hour %d", clip(s), h)
		}
	}
	return fmt.Sprintf("%02d:%02d", h, m), nil
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
