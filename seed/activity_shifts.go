package seed

import (
	"context"
	"fmt"
	"iter"
	"slices"
	"time"

	"handoff/care"
)

// shiftPattern is a peer's week: which weekdays, and from when to when.
type shiftPattern struct {
	days  []time.Weekday
	start int // hour
}

var patterns = []shiftPattern{
	{[]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}, 8},
	{[]time.Weekday{time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday}, 14},
	{[]time.Weekday{time.Sunday, time.Monday, time.Wednesday, time.Friday}, 10},
	{[]time.Weekday{time.Thursday, time.Friday, time.Saturday, time.Sunday}, 16},
}

const shiftHours = 8

func (g *activity) run(ctx context.Context) error {
	for s := range g.shiftTimes() {
		if err := g.shift(ctx, s.peer, s.start, s.end); err != nil {
			return err
		}
	}
	return nil
}

// shiftTime is when a peer works a shift.
type shiftTime struct {
	peer       string
	start, end time.Time
}

// shiftTimes lays every peer's shifts over the period on the weekly patterns, with a day
// off now and then: day by day, and on a day peer by peer.
func (g *activity) shiftTimes() iter.Seq[shiftTime] {
	return func(yield func(shiftTime) bool) {
		z := g.opt.Zone
		f := g.opt.From.In(z)
		for day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, z); day.Before(g.opt.To); day = day.AddDate(0, 0, 1) {
			for i, peer := range g.opt.Peers {
				p := patterns[i%len(patterns)]
				if !slices.Contains(p.days, day.Weekday()) || g.r.IntN(25) == 0 { // a day off now and then
					continue
				}
				start := day.Add(time.Duration(p.start)*time.Hour + time.Duration(g.r.IntN(20))*time.Minute)
				end := start.Add(shiftHours * time.Hour)
				if start.Before(g.opt.From) || !end.Before(g.opt.To) {
					continue
				}
				if !yield(shiftTime{peer, start, end}) {
					return
				}
			}
		}
	}
}

// shift works one shift: first the follow-ups due, then the calls of the day.
func (g *activity) shift(ctx context.Context, peer string, start, end time.Time) error {
	if _, err := g.c.StartShift(ctx, peer, start); err != nil {
		return fmt.Errorf("seed: start shift: %w", err)
	}
	g.sum.Shifts++
	at := start.Add(15 * time.Minute)
	if err := g.followUps(ctx, peer, &at, end); err != nil {
		return err
	}
	n := 1 + g.r.IntN(5)
	times := make([]time.Time, n)
	for i := range times {
		times[i] = at.Add(time.Duration(g.r.Int64N(int64(end.Sub(at)))))
	}
	slices.SortFunc(times, time.Time.Compare)
	for _, t := range times {
		if err := g.encounter(ctx, peer, t); err != nil {
			return err
		}
	}
	if _, err := g.c.EndShift(ctx, peer, end); err != nil {
		return fmt.Errorf("seed: end shift: %w", err)
	}
	return nil
}

// followUps makes the attempts on the peer's follow-ups that are due by now: most reach
// the person the first time, some take three tries, some are flagged and left for a
// coordinator.
func (g *activity) followUps(ctx context.Context, peer string, at *time.Time, end time.Time) error {
	keep := g.pending[:0]
	for _, f := range g.pending {
		if f.AssigneeID != peer || f.DueAt.After(*at) || !at.Before(end) {
			keep = append(keep, f)
			continue
		}
		a := care.Attempt{At: *at, By: peer}
		g.attempt(&a)
		got, err := g.c.AddAttempt(ctx, f.ID, &a)
		if err != nil {
			return fmt.Errorf("seed: follow-up attempt: %w", err)
		}
		g.sum.Attempts++
		*at = at.Add(time.Duration(10+g.r.IntN(20)) * time.Minute)
		// Flagged follow-ups go to a coordinator; a peer tries once more only sometimes.
		if got.Status == care.FollowUpOpen || (got.Status == care.FollowUpFlagged && g.r.IntN(3) == 0 && len(got.Attempts) < 4) {
			got.DueAt = at.AddDate(0, 0, 1)
			keep = append(keep, got)
		}
	}
	g.pending = keep
	return nil
}

// attempt draws how a follow-up attempt goes: half reach the person, the rest find no
// answer, leave a message, have a wrong number or are declined; mostly by phone. A
// reached one now and then has a note.
func (g *activity) attempt(a *care.Attempt) {
	a.Outcome = []care.AttemptOutcome{care.AttemptReached, care.AttemptReached, care.AttemptReached, care.AttemptReached,
		care.AttemptReached, care.AttemptReached, care.AttemptNoAnswer, care.AttemptNoAnswer, care.AttemptLeftMessage,
		care.AttemptLeftMessage, care.AttemptWrongNumber, care.AttemptDeclined}[g.r.IntN(12)]
	a.Channel = []care.Channel{care.ChannelPhone, care.ChannelPhone, care.ChannelPhone, care.ChannelText, care.ChannelInPerson}[g.r.IntN(5)]
	if g.notes && a.Outcome == care.AttemptReached {
		a.Note = pickOne(g.r, attemptNotes)
	}
}

// attemptNotes are the notes of reached follow-ups; like all the demo's notes, general,
// with no detail that could be anyone's.
var attemptNotes = []string{
	"Doing better; kept the appointment.",
	"Wants help with the housing application.",
	"Went to the Living Room last night.",
}
