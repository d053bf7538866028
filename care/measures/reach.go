package measures

import (
	"time"

	"handoff/care"
)

// The follow-up measure (issue 15): of the encounters that got a follow-up, how many
// people were reached within 24 and 48 hours of the encounter, and how the follow-ups
// stand now (open, overdue, flagged, done).

// ReachRow is one follow-up of an encounter of the period, as the store reads it: when
// the encounter happened, the follow-up's status and due time, and when its person was
// first reached (an attempt that reached them, even to hear no; zero when never).
type ReachRow struct {
	EncounterID string
	EncounterAt time.Time
	Status      care.FollowUpStatus
	DueAt       time.Time
	ReachedAt   time.Time
}

// ReachWindows are the windows the measure counts reach within.
var ReachWindows = []time.Duration{24 * time.Hour, 48 * time.Hour}

// ReachReport is the follow-up measure. Encounters counts the encounters of the period
// with at least one follow-up; an encounter is reached within a window when any of its
// follow-ups reached the person within it. Follow-up counts are as of AsOf.
type ReachReport struct {
	From       time.Time `json:"from"`
	To         time.Time `json:"to"`
	AsOf       time.Time `json:"as_of"`
	Encounters int       `json:"encounters"`
	Reached24h int       `json:"reached_24h"`
	Reached48h int       `json:"reached_48h"`
	Reached    int       `json:"reached"`
	Rate24h    *float64  `json:"rate_24h"`
	Rate48h    *float64  `json:"rate_48h"`
	FollowUps  int       `json:"follow_ups"`
	Open       int       `json:"open"`
	Overdue    int       `json:"overdue"`
	Flagged    int       `json:"flagged"`
	Done       int       `json:"done"`
}

// FollowUpReach computes the measure from the rows of the follow-ups of the period's
// encounters, as of asOf.
func FollowUpReach(from, to, asOf time.Time, rows []ReachRow) ReachReport {
	r := ReachReport{From: from, To: to, AsOf: asOf}
	// One entry per encounter, the map sized at once: a year has 140,000 follow-ups.
	type enc struct{ at, first time.Time } // first: the earliest reach (zero: not reached)
	encs := make(map[string]*enc, len(rows))
	all := make([]enc, 0, len(rows))
	for _, row := range rows {
		r.FollowUps++
		switch row.Status {
		case care.FollowUpDone:
			r.Done++
		case care.FollowUpFlagged:
			r.Flagged++
		default:
			r.Open++
			if row.DueAt.Before(asOf) {
				r.Overdue++
			}
		}
		e, seen := encs[row.EncounterID]
		if !seen {
			all = append(all, enc{})
			e = &all[len(all)-1]
			encs[row.EncounterID] = e
		}
		e.at = row.EncounterAt
		if !row.ReachedAt.IsZero() && (e.first.IsZero() || row.ReachedAt.Before(e.first)) {
			e.first = row.ReachedAt
		}
	}
	r.Encounters = len(all)
	for _, e := range all {
		if e.first.IsZero() {
			continue
		}
		r.Reached++
		d := e.first.Sub(e.at)
		if d <= ReachWindows[0] {
			r.Reached24h++
		}
		if d <= ReachWindows[1] {
			r.Reached48h++
		}
	}
	r.Rate24h, r.Rate48h = Rate(r.Reached24h, r.Encounters), Rate(r.Reached48h, r.Encounters)
	return r
}
