package directory

// PackedHours is Hours in the compact form the offline snapshot carries, for a page to
// answer "open now?" on the device the same way OpenAt does here (api/web/static/
// offline-hours.js reads it). Each span is [weekdays, open, close, from, to, ordinals,
// monthDays], trailing empty members left off:
//   - weekdays: a bit per weekday on which the interval may start (bit 0 Sunday);
//   - open, close: minutes after the start day's local midnight; close above 1440 runs
//     into the next day;
//   - from, to: yyyymmdd bounds of the start day, 0 for none;
//   - ordinals: monthly weekdays as ord*10+weekday ("2TU" is 22, "-1FR" is -15);
//   - monthDays: monthly days of the month (-1: the last).
//
// Closures are [from, to] runs of yyyymmdd days on which nothing starts.
type PackedHours struct {
	Spans    [][]any `json:"s,omitempty"`
	Closures [][]int `json:"c,omitempty"`
}

// Pack returns the compiled hours in the compact form; ok is false when there are no
// hours Handoff can evaluate (the page then says "Hours not listed").
func (h Hours) Pack() (PackedHours, bool) {
	if !h.Known() {
		return PackedHours{}, false
	}
	var p PackedHours
	for _, sp := range h.spans {
		row := []any{int(sp.weekdays), sp.open, sp.close, sp.from, sp.to}
		var ords []int
		for _, o := range sp.ordinals {
			v := o.Ord*10 + int(o.Weekday)
			if o.Ord < 0 {
				v = o.Ord*10 - int(o.Weekday)
			}
			ords = append(ords, v)
		}
		if len(ords) > 0 || len(sp.monthDays) > 0 {
			row = append(row, nonNil(ords), nonNil(sp.monthDays))
		}
		for len(row) > 3 {
			if n, ok := row[len(row)-1].(int); ok && n == 0 {
				row = row[:len(row)-1]
				continue
			}
			break
		}
		p.Spans = append(p.Spans, row)
	}
	for _, c := range h.closures {
		p.Closures = append(p.Closures, []int{c.from, c.to})
	}
	return p, true
}

func nonNil(xs []int) []int {
	if xs == nil {
		return []int{}
	}
	return xs
}
