package care

import (
	"errors"
	"testing"
	"time"
)

func TestFollowUpRules(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	try := func(f *FollowUp, o AttemptOutcome) error {
		at = at.Add(time.Hour)
		return f.AddAttempt(Attempt{At: at, Channel: ChannelPhone, Outcome: o})
	}
	cases := []struct {
		name     string
		outcomes []AttemptOutcome
		want     FollowUpStatus
	}{
		{"reached closes", []AttemptOutcome{AttemptReached}, FollowUpDone},
		{"declined closes", []AttemptOutcome{AttemptDeclined}, FollowUpDone},
		{"two failures stay open", []AttemptOutcome{AttemptNoAnswer, AttemptLeftMessage}, FollowUpOpen},
		{"three failures flag", []AttemptOutcome{AttemptNoAnswer, AttemptLeftMessage, AttemptWrongNumber}, FollowUpFlagged},
		{"reached after flag closes", []AttemptOutcome{AttemptNoAnswer, AttemptNoAnswer, AttemptNoAnswer, AttemptReached}, FollowUpDone},
		{"a fourth failure stays flagged", []AttemptOutcome{AttemptNoAnswer, AttemptNoAnswer, AttemptNoAnswer, AttemptNoAnswer}, FollowUpFlagged},
	}
	for _, c := range cases {
		f := &FollowUp{ID: "f", Status: FollowUpOpen}
		for _, o := range c.outcomes {
			if err := try(f, o); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
		}
		if f.Status != c.want || len(f.Attempts) != len(c.outcomes) {
			t.Errorf("%s: status %s with %d attempts, want %s", c.name, f.Status, len(f.Attempts), c.want)
		}
		if c.want == FollowUpDone && !f.ClosedAt.Equal(f.Attempts[len(f.Attempts)-1].At) {
			t.Errorf("%s: closed at %v", c.name, f.ClosedAt)
		}
	}
	done := &FollowUp{Status: FollowUpDone}
	if err := try(done, AttemptReached); !errors.Is(err, ErrFollowUpDone) {
		t.Errorf("attempt on a done follow-up: %v", err)
	}
	if err := (&FollowUp{Status: FollowUpOpen}).AddAttempt(Attempt{At: at, Channel: "pigeon", Outcome: "maybe"}); err == nil {
		t.Error("bad channel and outcome accepted")
	}
}

func TestDefaultDueAndWindows(t *testing.T) {
	zone := DefaultZone()
	// 23:30 in Springfield is already the next day in UTC; due is still the next local day.
	enc := time.Date(2026, 3, 2, 23, 30, 0, 0, zone)
	due := DefaultDue(enc, zone)
	if want := time.Date(2026, 3, 3, 0, 0, 0, 0, zone); !due.Equal(want) {
		t.Errorf("DefaultDue = %v, want %v", due, want)
	}
	// Across the spring clock change the next day still starts at local midnight.
	if got := DefaultDue(time.Date(2026, 3, 7, 12, 0, 0, 0, zone), zone); got.Hour() != 0 || got.Day() != 8 {
		t.Errorf("DefaultDue across DST = %v", got)
	}
	f := FollowUpFor(&Encounter{ID: "e", PersonID: "p", RecordedBy: "u", OccurredAt: enc}, zone)
	if f.AssigneeID != "u" || f.Status != FollowUpOpen || !f.DueAt.Equal(due) {
		t.Errorf("FollowUpFor = %+v", f)
	}

	now := time.Date(2026, 3, 3, 15, 0, 0, 0, zone)
	from, to, _ := DueWindow(DueToday, now, zone)
	if !from.Equal(due) || !to.Equal(due.AddDate(0, 0, 1)) {
		t.Errorf("today = [%v, %v)", from, to)
	}
	if from, to, _ := DueWindow(DueOverdue, now, zone); !from.IsZero() || !to.Equal(due) {
		t.Errorf("overdue = [%v, %v)", from, to)
	}
	if from, to, _ := DueWindow(DueUpcoming, now, zone); !from.Equal(due.AddDate(0, 0, 1)) || !to.IsZero() {
		t.Errorf("upcoming = [%v, %v)", from, to)
	}
	if _, _, ok := DueWindow("someday", now, zone); ok {
		t.Error("unknown window accepted")
	}
}

func TestNeedsFollowUp(t *testing.T) {
	cases := []struct {
		e    Encounter
		want bool
	}{
		{Encounter{PersonID: "p", Source: SourceCoResponse}, true},
		{Encounter{Source: SourceCoResponse}, false},
		{Encounter{PersonID: "p", Source: SourceFollowUp}, false},
		{Encounter{PersonID: "p", Source: SourceWalkIn, NoFollowUpReason: "admitted to CSU"}, false},
	}
	for i, c := range cases {
		if got := NeedsFollowUp(&c.e); got != c.want {
			t.Errorf("case %d: %v", i, got)
		}
	}
}
