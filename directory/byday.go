package directory

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ByDay is one entry of an RRULE BYDAY list: a weekday, and for monthly rules an optional
// ordinal (2 for "2TU", the second Tuesday; -1 for "-1FR", the last Friday).
type ByDay struct {
	Ord     int
	Weekday time.Weekday
}

var weekdayCodes = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

// ParseByDay reads an RRULE BYDAY value such as "MO,TU,WE" or "2TU,-1FR". Empty is allowed.
func ParseByDay(s string) ([]ByDay, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	var out []ByDay
	for _, part := range strings.Split(s, ",") {
		part = strings.ToUpper(strings.TrimSpace(part))
		if len(part) < 2 {
			return nil, fmt.Errorf("%q is not a weekday code (MO, TU, 2TU, -1FR…)", clip(part))
		}
		wd, ok := weekdayCodes[part[len(part)-2:]]
		if !ok {
			return nil, fmt.Errorf("%q is not a weekday code (MO, TU, 2TU, -1FR…)", clip(part))
		}
		ord := 0
		if n := part[:len(part)-2]; n != "" {
			v, err := strconv.Atoi(strings.TrimPrefix(n, "+"))
			if err != nil || v == 0 || v < -5 || v > 5 {
				return nil, fmt.Errorf("%q has a bad ordinal (1 to 5, or -1 to -5)", clip(part))
			}
			ord = v
		}
		out = append(out, ByDay{ord, wd})
	}
	return out, nil
}
