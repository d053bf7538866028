package hourstext

import (
	"fmt"
	"strconv"
)

// clock is a time of day as written: an hour, minutes, and the meridiem when one is
// given ('a', 'p' or 0).
type clock struct {
	h, m     int
	meridiem byte
}

// minutes of the day, with the meridiem given (or the hour as written when there is none).
func (c clock) minutes(meridiem byte) int {
	h := c.h
	switch meridiem {
	case 'a':
		h %= 12
	case 'p':
		h = h%12 + 12
	}
	return h*60 + c.m
}

// is24h says the hour can only be a 24-hour clock's ("17:00", "0:30").
func (c clock) is24h() bool { return c.h > 12 || c.h == 0 }

// interval resolves an opening and a closing time into minutes of the day. Free text
// often gives the meridiem once or not at all: "9:00am-5:00" closes at 17:00, "6-8pm"
// opens at 18:00, "9–4" is 09:00–16:00. A closing time left without a meridiem is the
// first reading after the opening; an opening time without one takes the closing's
// meridiem when that keeps it before the closing, else morning. Hours 1 to 6 never open a
// day in a directory's text, so alone they are afternoon ("1-5" is 13:00–17:00).
func interval(o, c clock) (open, close int, err error) {
	if (o.meridiem != 0 && (o.h < 1 || o.h > 12)) || (c.meridiem != 0 && (c.h < 1 || c.h > 12)) {
		return 0, 0, fmt.Errorf("hour out of range with am/pm")
	}
	if o.h > 24 || c.h > 24 || (o.h == 24 && o.m > 0) || (c.h == 24 && c.m > 0) {
		return 0, 0, fmt.Errorf("hour out of range")
	}
	switch {
	case o.meridiem != 0:
		open = o.minutes(o.meridiem)
	case o.is24h():
		open = o.minutes(0) % (24 * 60)
	case c.meridiem != 0:
		open = o.minutes(c.meridiem)
		if cm := c.minutes(c.meridiem); open > cm {
			open = o.minutes('a')
		}
	case o.h == 12:
		open = 12*60 + o.m // "12-9" opens at noon
	case o.h <= 6:
		open = o.minutes('p')
	default:
		open = o.minutes('a')
	}
	switch {
	case c.meridiem != 0:
		close = c.minutes(c.meridiem)
	case c.is24h():
		close = c.minutes(0) % (24 * 60)
	default:
		close = c.minutes('a')
		if close <= open {
			close = c.minutes('p')
		}
	}
	if open == close {
		return 0, 0, fmt.Errorf("opens and closes at the same time")
	}
	return open, close, nil
}

// hhmm writes minutes of the day as HSDS wants a time, "HH:MM".
func hhmm(min int) string {
	return fmt.Sprintf("%02d:%02d", min/60, min%60)
}

// atoi reads the digits a regular expression has already checked.
func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
