package measures

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"handoff/care"
)

// Stat is a figure per shift: its total over the shifts, and the mean and median per
// shift.
type Stat struct {
	Total  int     `json:"total"`
	Mean   float64 `json:"mean"`
	Median float64 `json:"median"`
}

// ShiftStats are the per-shift figures of a set of shifts.
type ShiftStats struct {
	Shifts       int  `json:"shifts"`
	Encounters   Stat `json:"encounters"`
	Attempts     Stat `json:"follow_up_attempts"`
	Referrals    Stat `json:"referrals"`
	Interactions Stat `json:"interactions"`
}

// PeerShifts are one user's per-shift figures.
type PeerShifts struct {
	UserID string `json:"user_id"`
	ShiftStats
}

// WeekTotals are the totals of the shifts that started in one week (Monday to Sunday in
// the program's zone).
type WeekTotals struct {
	Week         string    `json:"week"` // ISO week, "2026-W14"
	Start        time.Time `json:"start"`
	Shifts       int       `json:"shifts"`
	Encounters   int       `json:"encounters"`
	Attempts     int       `json:"follow_up_attempts"`
	Referrals    int       `json:"referrals"`
	Interactions int       `json:"interactions"`
}

// ShiftBin is one bar of the distribution of shifts by their interactions: the shifts
// with Min to Max interactions (Max -1: no upper bound).
type ShiftBin struct {
	Label    string `json:"interactions"`
	Min, Max int    `json:"-"`
	Shifts   int    `json:"shifts"`
}

// ShiftBins are the distribution's bars: 0, 1 … 5, 6–9 and 10 or more interactions.
func ShiftBins() []ShiftBin {
	return []ShiftBin{{Label: "0"}, {Label: "1", Min: 1, Max: 1}, {Label: "2", Min: 2, Max: 2}, {Label: "3", Min: 3, Max: 3},
		{Label: "4", Min: 4, Max: 4}, {Label: "5", Min: 5, Max: 5}, {Label: "6-9", Min: 6, Max: 9}, {Label: "10+", Min: 10, Max: -1}}
}

// ShiftReport is the interactions-per-shift measure. Distribution counts the shifts by
// their interactions, so that a reader who wants the shape need not fetch every shift;
// WithoutShifts leaves the list of shifts out of the answer (a year has tens of
// thousands, megabytes the dashboard does not show).
type ShiftReport struct {
	From         time.Time    `json:"from"`
	To           time.Time    `json:"to"`
	Shifts       []care.Shift `json:"shifts"`
	Peers        []PeerShifts `json:"peers"`
	Program      ShiftStats   `json:"program"`
	Weeks        []WeekTotals `json:"weeks"`
	Distribution []ShiftBin   `json:"distribution"`
	noShifts     bool
}

// WithoutShifts is the report without its list of shifts (the figures are unchanged).
func (r ShiftReport) WithoutShifts() ShiftReport {
	r.Shifts, r.noShifts = nil, true
	return r
}

// InteractionsPerShift computes the measure from shifts with their counts filled (as the
// store lists them). Work counts in the shift the store put it in when it was recorded:
// the shift covering its time, or the open shift starting at most care.ShiftLeadIn
// after it (care.Shift.Takes), so a call a minute before the start counts. Interactions are encounters plus follow-up attempts; a shift with
// none still counts, with zero, in the means and medians.
func InteractionsPerShift(from, to time.Time, shifts []care.Shift, zone *time.Location) ShiftReport {
	if zone == nil {
		zone = time.UTC
	}
	r := ShiftReport{From: from, To: to, Shifts: slices.Clone(shifts), Peers: []PeerShifts{}, Weeks: []WeekTotals{}}
	for i := range r.Shifts {
		r.Shifts[i].Count()
	}
	slices.SortFunc(r.Shifts, func(a, b care.Shift) int {
		return cmp.Or(a.StartedAt.Compare(b.StartedAt), cmp.Compare(a.UserID, b.UserID), cmp.Compare(a.ID, b.ID))
	})
	r.Program = shiftStats(r.Shifts)
	byUser := map[string][]care.Shift{}
	for _, s := range r.Shifts {
		byUser[s.UserID] = append(byUser[s.UserID], s)
	}
	for u, ss := range byUser {
		r.Peers = append(r.Peers, PeerShifts{UserID: u, ShiftStats: shiftStats(ss)})
	}
	slices.SortFunc(r.Peers, func(a, b PeerShifts) int { return cmp.Compare(a.UserID, b.UserID) })

	weeks := map[string]*WeekTotals{}
	for _, s := range r.Shifts {
		start := weekStart(s.StartedAt, zone)
		y, w := start.ISOWeek()
		key := fmt.Sprintf("%04d-W%02d", y, w)
		wt := weeks[key]
		if wt == nil {
			wt = &WeekTotals{Week: key, Start: start}
			weeks[key] = wt
		}
		wt.Shifts++
		wt.Encounters += s.Encounters
		wt.Attempts += s.Attempts
		wt.Referrals += s.Referrals
		wt.Interactions += s.Interactions
	}
	for _, w := range weeks {
		r.Weeks = append(r.Weeks, *w)
	}
	slices.SortFunc(r.Weeks, func(a, b WeekTotals) int { return a.Start.Compare(b.Start) })
	r.Distribution = ShiftBins()
	for _, s := range r.Shifts {
		for i := range r.Distribution {
			if b := &r.Distribution[i]; s.Interactions >= b.Min && (b.Max < 0 || s.Interactions <= b.Max) {
				b.Shifts++
			}
		}
	}
	return r
}

// weekStart is the Monday 00:00 in the zone of the week containing t.
func weekStart(t time.Time, zone *time.Location) time.Time {
	l := t.In(zone)
	back := (int(l.Weekday()) + 6) % 7 // days since Monday
	return time.Date(l.Year(), l.Month(), l.Day()-back, 0, 0, 0, 0, zone)
}

func shiftStats(ss []care.Shift) ShiftStats {
	st := ShiftStats{Shifts: len(ss)}
	get := func(f func(care.Shift) int) Stat {
		xs := make([]float64, len(ss))
		total := 0
		for i, s := range ss {
			xs[i] = float64(f(s))
			total += f(s)
		}
		return Stat{Total: total, Mean: round(Mean(xs), 2), Median: Median(xs)}
	}
	st.Encounters = get(func(s care.Shift) int { return s.Encounters })
	st.Attempts = get(func(s care.Shift) int { return s.Attempts })
	st.Referrals = get(func(s care.Shift) int { return s.Referrals })
	st.Interactions = get(func(s care.Shift) int { return s.Interactions })
	return st
}
