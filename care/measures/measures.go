package measures

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Period is a span of time [Start, End) with a label, such as a calendar month.
type Period struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Label string    `json:"label"`
}

// Months splits [from, to) into calendar months of the zone, the first and last cut to
// the range. Labels are "2026-03".
func Months(from, to time.Time, zone *time.Location) []Period {
	if zone == nil {
		zone = time.UTC
	}
	var out []Period
	l := from.In(zone)
	start := from
	next := time.Date(l.Year(), l.Month()+1, 1, 0, 0, 0, 0, zone)
	for start.Before(to) {
		end := next
		if end.After(to) {
			end = to
		}
		out = append(out, Period{Start: start, End: end, Label: start.In(zone).Format("2006-01")})
		start = next
		n := next.In(zone)
		next = time.Date(n.Year(), n.Month()+1, 1, 0, 0, 0, 0, zone)
	}
	return out
}

// PreviousPeriod is the span just before [from, to) to compare it with: as many whole
// months when both ends fall on month starts in the zone (so a year compares with the
// year before, month by month), otherwise the same duration.
func PreviousPeriod(from, to time.Time, zone *time.Location) (time.Time, time.Time) {
	if zone == nil {
		zone = time.UTC
	}
	f, t := from.In(zone), to.In(zone)
	if isMonthStart(f) && isMonthStart(t) {
		n := (t.Year()-f.Year())*12 + int(t.Month()-f.Month())
		return time.Date(f.Year(), f.Month()-time.Month(n), 1, 0, 0, 0, 0, zone), from
	}
	return from.Add(-to.Sub(from)), from
}

func isMonthStart(t time.Time) bool {
	return t.Day() == 1 && t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// periodIndex returns the index of the period containing t, or -1.
func periodIndex(ps []Period, t time.Time) int {
	i, found := slices.BinarySearchFunc(ps, t, func(p Period, t time.Time) int {
		switch {
		case t.Before(p.Start):
			return 1
		case !t.Before(p.End):
			return -1
		}
		return 0
	})
	if !found {
		return -1
	}
	return i
}

// Median is the middle value of xs (the mean of the two middle ones for an even count);
// 0 for none. xs is not modified.
func Median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// Mean is the average of xs; 0 for none.
func Mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// Rate is num ÷ den rounded to 4 decimals, or nil when den is 0: a rate of nothing is
// unknown, not zero.
func Rate(num, den int) *float64 {
	if den == 0 {
		return nil
	}
	r := round(float64(num)/float64(den), 4)
	return &r
}

func round(x float64, places int) float64 {
	p := math.Pow(10, float64(places))
	return math.Round(x*p) / p
}

// countKeys returns the keys of m sorted by count descending, then key.
func countKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if c := cmp.Compare(m[b], m[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	return keys
}

// formatTime is an instant of a report's parameters (from, to, as of) in RFC 3339, UTC.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
