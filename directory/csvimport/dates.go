package csvimport

import (
	"fmt"
	"strings"
	"time"
)

// dateLayouts are the ways CSV exports write a date: ISO first, then US habits (a CSV
// package of an American 211 is the common case), then spelled-out months as Ohana writes.
var dateLayouts = []string{
	"2006-01-02", "2006/01/02", "01/02/2006", "1/2/2006", "01/02/06", "1/2/06",
	"January 02, 2006", "January 2, 2006", "Jan 2, 2006", "Jan 02, 2006",
	"2 January 2006", "02 January 2006", "2 Jan 2006", "January 2 2006", "Jan 2 2006",
	"2006-01-02T15:04:05Z07:00", "2006-01-02 15:04:05",
}

// date is a calendar date from the source. Yearless is set for the year 0001, which Ohana
// writes when a holiday is given by month and day only (New Year's Day every year).
type date struct {
	t        time.Time
	yearless bool
}

func parseDate(s string) (date, error) {
	s = strings.Join(strings.Fields(s), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return date{t: t, yearless: t.Year() == 1}, nil
		}
	}
	return date{}, fmt.Errorf("%q is not a date (YYYY-MM-DD, MM/DD/YYYY or \"January 2, 2006\")", clip(s))
}

// iso is the date as HSDS writes it.
func (d date) iso() string { return d.t.Format(time.DateOnly) }

// monthDay names a yearless date for people ("January 1").
func (d date) monthDay() string { return d.t.Format("January 2") }
