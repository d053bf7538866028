package care

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Retention is how long one kind of record is kept before a purge removes it: a number
// of years, months, weeks and days ("7y", "18m", "6y6m", "90d"), or for good
// ("forever"). The zero value keeps for good.
type Retention struct {
	Years, Months, Days int
	Forever             bool
}

// KeepForever is the Retention that never purges.
var KeepForever = Retention{Forever: true}

// Limits of a retention period: a purge of records younger than a day is a mistake, and
// longer than a century is what "forever" says better.
const (
	MinRetentionDays  = 1
	MaxRetentionYears = 100
)

// ParseRetention reads a retention period: "forever", or one or more of a whole number
// followed by y (years), m (months), w (weeks) or d (days), largest first, such as "7y",
// "18m", "1y6m" or "90d". It refuses anything else, nothing, zero, and more than
// MaxRetentionYears.
func ParseRetention(s string) (Retention, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "forever" {
		return KeepForever, nil
	}
	if t == "" {
		return Retention{}, errors.New(`a period is needed: a number of years, months, weeks or days (such as 7y, 18m, 90d), or "forever"`)
	}
	var r Retention
	order := "ymwd"
	last := -1
	for t != "" {
		i := 0
		for i < len(t) && t[i] >= '0' && t[i] <= '9' {
			i++
		}
		if i == 0 || i == len(t) {
			return Retention{}, fmt.Errorf(`%q is not a period: write a whole number and a unit, y (years), m (months), w (weeks) or d (days), such as 7y or 90d, or "forever"`, s)
		}
		n, err := strconv.Atoi(t[:i])
		if err != nil || n > MaxRetentionYears*366 {
			return Retention{}, fmt.Errorf("%q is too long: at most %d years (or \"forever\")", s, MaxRetentionYears)
		}
		u := strings.IndexByte(order, t[i])
		if u < 0 {
			return Retention{}, fmt.Errorf(`%q: %q is not a unit: use y (years), m (months), w (weeks) or d (days), or "forever"`, s, t[i:i+1])
		}
		if u <= last {
			return Retention{}, fmt.Errorf("%q: give each unit once, largest first (such as 1y6m)", s)
		}
		last = u
		switch t[i] {
		case 'y':
			r.Years = n
		case 'm':
			r.Months = n
		case 'w':
			r.Days += 7 * n
		case 'd':
			r.Days += n
		}
		t = t[i+1:]
	}
	days := r.Years*366 + r.Months*31 + r.Days
	switch {
	case days < MinRetentionDays:
		return Retention{}, fmt.Errorf(`%q keeps nothing: the shortest period is %d day; to keep records for good write "forever"`, s, MinRetentionDays)
	case r.Years*12+r.Months > MaxRetentionYears*12 || days > MaxRetentionYears*366:
		return Retention{}, fmt.Errorf("%q is too long: at most %d years (or \"forever\")", s, MaxRetentionYears)
	}
	return r, nil
}

// Cutoff is the time before which records are past this retention, as of now: now less
// the period, counted on the calendar in UTC. Zero for Forever.
func (r Retention) Cutoff(now time.Time) time.Time {
	if r.Forever || r == (Retention{}) {
		return time.Time{}
	}
	return now.UTC().AddDate(-r.Years, -r.Months, -r.Days)
}

// String writes the period back as ParseRetention reads it.
func (r Retention) String() string {
	if r.Forever || r == (Retention{}) {
		return "forever"
	}
	var b strings.Builder
	for _, p := range []struct {
		n int
		u string
	}{{r.Years, "y"}, {r.Months, "m"}, {r.Days, "d"}} {
		if p.n > 0 {
			fmt.Fprintf(&b, "%d%s", p.n, p.u)
		}
	}
	return b.String()
}
