package csvimport

import (
	"fmt"
	"strconv"
	"strings"
)

var dayCodes = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// dayNames are the spellings of weekdays seen in exports, by time.Weekday.
var dayNames = map[string]int{
	"sunday": 0, "sun": 0, "su": 0,
	"monday": 1, "mon": 1, "mo": 1,
	"tuesday": 2, "tue": 2, "tues": 2, "tu": 2,
	"wednesday": 3, "wed": 3, "weds": 3, "we": 3,
	"thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "th": 4,
	"friday": 5, "fri": 5, "fr": 5,
	"saturday": 6, "sat": 6, "sa": 6,
}

// weekdays reads a weekday column as an RRULE BYDAY list ("MO,TU"). HSDS 1.x says weekday
// is an integer without saying which; ISO 8601's 1 = Monday … 7 = Sunday is read, and 0
// as Sunday. Names, abbreviations, lists ("Mon, Wed"), ranges ("Mon-Fri", "Monday
// through Friday"), "weekdays", "weekends" and "daily" are read too.
func weekdays(v string) (string, error) {
	t := strings.ToLower(strings.TrimSpace(v))
	switch t {
	case "":
		return "", fmt.Errorf("no weekday given")
	case "daily", "every day", "everyday", "all", "all days", "7 days", "mon-sun", "monday-sunday":
		return "MO,TU,WE,TH,FR,SA,SU", nil
	case "weekdays", "weekday", "mon-fri", "monday-friday", "m-f":
		return "MO,TU,WE,TH,FR", nil
	case "weekends", "weekend", "sat-sun":
		return "SA,SU", nil
	}
	t = strings.NewReplacer("–", "-", "—", "-").Replace(t)
	t = strings.NewReplacer(" through ", "-", " thru ", "-", " to ", "-", " - ", "-", " -", "-", "- ", "-").Replace(t)
	var days []int
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == ',' || r == '/' || r == ';' || r == '&' || r == ' ' }) {
		if part == "and" {
			continue
		}
		from, to, isRange := strings.Cut(part, "-")
		a, err := oneDay(from)
		if err != nil {
			return "", fmt.Errorf("%q is not a weekday", clip(v))
		}
		if !isRange {
			days = append(days, a)
			continue
		}
		z, err := oneDay(to)
		if err != nil {
			return "", fmt.Errorf("%q is not a weekday", clip(v))
		}
		for d := a; ; d = (d + 1) % 7 {
			days = append(days, d)
			if d == z {
				break
			}
		}
	}
	if len(days) == 0 {
		return "", fmt.Errorf("%q is not a weekday", clip(v))
	}
	return byDay(days), nil
}

func oneDay(s string) (int, error) {
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	if d, ok := dayNames[s]; ok {
		return d, nil
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n <= 7 {
		return n % 7, nil
	}
	return 0, fmt.Errorf("not a weekday")
}

// byDay writes days in week order from Monday, without repeats.
func byDay(days []int) string {
	var have [7]bool
	for _, d := range days {
		have[d] = true
	}
	var out []string
	for i := 1; i <= 7; i++ {
		if have[i%7] {
			out = append(out, dayCodes[i%7])
		}
	}
	return strings.Join(out, ",")
}
