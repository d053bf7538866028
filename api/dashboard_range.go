package api

import "time"

// dayIn reads a period's end as the dashboard sends it: a date alone (YYYY-MM-DD) is
// that day in the program's zone — from its start for "from", through its end for "to" —
// not midnight UTC; anything else is read as p.time reads it.
func (p *params) dayIn(name string, zone *time.Location, end bool) time.Time {
	v := p.str(name)
	if len(v) != len(time.DateOnly) {
		return p.time(name)
	}
	d, err := time.ParseInLocation(time.DateOnly, v, zone)
	if err != nil {
		return p.time(name)
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d
}
