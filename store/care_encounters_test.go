package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/care"
	"handoff/store"
	"handoff/store/storetest"
)

// TestCareShiftDay is the peer's day of issue 5's acceptance, below the HTTP layer: a
// shift, a 911 co-response encounter in Holyoke that schedules tomorrow's follow-up, a
// reached attempt, and a shift that shows one encounter and one attempt.
func TestCareShiftDay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		start := time.Now().Add(-3 * time.Hour).Truncate(time.Second)
		sh, err := f.c.StartShift(ctx, f.peer, start)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.StartShift(ctx, f.peer, start.Add(time.Minute)); !errors.Is(err, care.ErrShiftOpen) {
			t.Errorf("second open shift: %v", err)
		}
		if _, err := f.c.StartShift(ctx, f.peer2, start); err != nil {
			t.Fatal(err)
		}

		person := f.person(t, "M. S.")
		lat, lon := holyoke(0, 0)
		e, fu := f.encounter(t, care.Encounter{PersonID: person, OccurredAt: start.Add(time.Hour), Lat: lat, Lon: lon,
			PoliceDepartment: "Holyoke PD", Responders: []string{f.peer, f.peer2}, PresentingNeeds: []string{"crisis", "housing"},
			AssessedLevelOfCare: "living_room", Disposition: care.DispositionReferred, EDDiverted: true})
		if e.Town != "Holyoke" || e.ShiftID != sh.ID {
			t.Errorf("encounter town %q shift %q, want Holyoke %s", e.Town, e.ShiftID, sh.ID)
		}
		if fu == nil || fu.AssigneeID != f.peer || !fu.DueAt.Equal(care.DefaultDue(e.OccurredAt, f.zone)) || fu.EncounterID != e.ID {
			t.Fatalf("follow-up %+v", fu)
		}
		got, err := f.c.Encounter(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Responders) != 2 || len(got.PresentingNeeds) != 2 || !got.EDDiverted || got.PoliceDepartment != "Holyoke PD" ||
			*got.Lat != *lat || got.LocationPrecision != care.PrecisionPoint || !got.OccurredAt.Equal(e.OccurredAt) {
			t.Errorf("encounter read back %+v", got)
		}

		// The attempt the next day is outside this shift; log it during the shift to count it.
		a := care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptReached, Note: "Doing better.", By: f.peer, At: start.Add(2 * time.Hour)}
		done, err := f.c.AddAttempt(ctx, fu.ID, &a)
		if err != nil {
			t.Fatal(err)
		}
		if done.Status != care.FollowUpDone || len(done.Attempts) != 1 || a.ShiftID != sh.ID {
			t.Errorf("after a reached attempt: %+v (attempt shift %q)", done, a.ShiftID)
		}
		if _, err := f.c.AddAttempt(ctx, fu.ID, &care.Attempt{Channel: care.ChannelText, Outcome: care.AttemptNoAnswer, By: f.peer}); !errors.Is(err, care.ErrFollowUpDone) {
			t.Errorf("attempt on a done follow-up: %v", err)
		}

		ended, err := f.c.EndShift(ctx, f.peer, start.Add(4*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if ended.Encounters != 1 || ended.Attempts != 1 || ended.Referrals != 0 || ended.Interactions != 2 {
			t.Errorf("shift counts %+v", ended)
		}
		// The second responder's shift counts the encounter too.
		open, err := f.c.OpenShift(ctx, f.peer2)
		if err != nil || open.Encounters != 1 || open.Attempts != 0 {
			t.Errorf("second responder's shift %+v %v", open, err)
		}
		if _, err := f.c.EndShift(ctx, f.peer, time.Now()); !errors.Is(err, care.ErrNoOpenShift) {
			t.Errorf("ending no shift: %v", err)
		}
		list, total, err := f.c.Shifts(ctx, store.ShiftFilter{UserID: f.peer, From: start.Add(-time.Hour)}, store.Page{Number: 1, PerPage: 10})
		if err != nil || total != 1 || list[0].Interactions != 2 {
			t.Errorf("shifts %+v %d %v", list, total, err)
		}

		// Filters of the encounter list.
		f.encounter(t, care.Encounter{OccurredAt: start, Address: "01104", Source: care.SourceWalkIn})
		for _, c := range []struct {
			name string
			f    store.EncounterFilter
			want int
		}{
			{"all", store.EncounterFilter{}, 2},
			{"town", store.EncounterFilter{Town: "holyoke"}, 1},
			{"source", store.EncounterFilter{Source: care.SourceWalkIn}, 1},
			{"responder", store.EncounterFilter{ResponderID: f.peer2}, 1},
			{"time", store.EncounterFilter{From: start.Add(30 * time.Minute), To: start.Add(2 * time.Hour)}, 1},
			{"person", store.EncounterFilter{PersonID: person}, 1},
		} {
			if _, n, err := f.c.Encounters(ctx, c.f, store.Page{Number: 1, PerPage: 10}); err != nil || n != c.want {
				t.Errorf("%s: %d encounters, want %d (%v)", c.name, n, c.want, err)
			}
		}
		// An anonymous encounter schedules nothing; a reason turns the follow-up off.
		if _, fu := f.encounter(t, care.Encounter{OccurredAt: start}); fu != nil {
			t.Error("anonymous encounter scheduled a follow-up")
		}
		if _, fu := f.encounter(t, care.Encounter{PersonID: person, OccurredAt: start, NoFollowUpReason: "admitted to the CSU"}); fu != nil {
			t.Error("a follow-up turned off was scheduled")
		}
	})
}

func TestCareForgottenShift(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		old := time.Now().Add(-30 * time.Hour).Truncate(time.Second)
		first, err := f.c.StartShift(ctx, f.peer, old)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.StartShift(ctx, f.peer, time.Now()); err != nil {
			t.Fatalf("a shift open for 30 hours blocked a new one: %v", err)
		}
		s, _ := f.c.Shift(ctx, first.ID)
		if !s.EndedAt.Equal(first.StartedAt.Add(care.MaxShift)) {
			t.Errorf("forgotten shift ended at %v", s.EndedAt)
		}
	})
}

func TestCareFollowUpLists(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		person := f.person(t, "K.")
		now := time.Date(2026, 3, 10, 15, 0, 0, 0, f.zone)
		mk := func(due time.Time, assignee string) care.FollowUp {
			fu := care.FollowUp{PersonID: person, AssigneeID: assignee, DueAt: due, Status: care.FollowUpOpen, CreatedBy: f.peer}
			if err := f.c.CreateFollowUp(ctx, &fu); err != nil {
				t.Fatal(err)
			}
			return fu
		}
		today := mk(time.Date(2026, 3, 10, 0, 0, 0, 0, f.zone), f.peer)
		overdue := mk(time.Date(2026, 3, 8, 0, 0, 0, 0, f.zone), f.peer)
		mk(time.Date(2026, 3, 11, 0, 0, 0, 0, f.zone), f.peer)
		mk(time.Date(2026, 3, 10, 0, 0, 0, 0, f.zone), f.peer2)
		// An overdue one that is done leaves the list.
		doneOne := mk(time.Date(2026, 3, 9, 0, 0, 0, 0, f.zone), f.peer)
		if _, err := f.c.AddAttempt(ctx, doneOne.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptReached, By: f.peer, At: now}); err != nil {
			t.Fatal(err)
		}
		// Three failed attempts flag the overdue one.
		for i := range 3 {
			fu, err := f.c.AddAttempt(ctx, overdue.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptNoAnswer, By: f.peer,
				At: now.Add(time.Duration(i) * time.Minute)})
			if err != nil {
				t.Fatal(err)
			}
			if want := map[bool]care.FollowUpStatus{true: care.FollowUpFlagged, false: care.FollowUpOpen}[i == 2]; fu.Status != want {
				t.Errorf("after %d failures: %s", i+1, fu.Status)
			}
		}
		page := store.Page{Number: 1, PerPage: 20}
		for _, c := range []struct {
			due  care.Due
			want int
		}{{care.DueToday, 1}, {care.DueOverdue, 1}, {care.DueUpcoming, 1}, {care.DueAll, 4}} {
			got, n, err := f.c.FollowUps(ctx, store.FollowUpFilter{AssigneeID: f.peer, Due: c.due, Now: now}, page)
			if err != nil || n != c.want || len(got) != c.want {
				t.Errorf("due %q: %d, want %d (%v)", c.due, n, c.want, err)
			}
			if c.due == care.DueToday && len(got) == 1 && got[0].ID != today.ID {
				t.Errorf("today: %+v", got)
			}
		}
		flagged, n, err := f.c.FollowUps(ctx, store.FollowUpFilter{Statuses: []care.FollowUpStatus{care.FollowUpFlagged}, Now: now}, page)
		if err != nil || n != 1 || flagged[0].ID != overdue.ID || len(flagged[0].Attempts) != 3 {
			t.Errorf("flagged: %d %v", n, err)
		}
		if _, _, err := f.c.FollowUps(ctx, store.FollowUpFilter{Due: "someday"}, page); err == nil {
			t.Error("unknown due accepted")
		}
		moved, err := f.c.ReassignFollowUp(ctx, today.ID, f.peer2, 1)
		if err != nil || moved.AssigneeID != f.peer2 || moved.Version != 2 {
			t.Errorf("reassign: %+v %v", moved, err)
		}
		if _, err := f.c.ReassignFollowUp(ctx, today.ID, f.peer, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale reassign: %v", err)
		}
	})
}
