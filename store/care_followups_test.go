package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/care"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestCareReassignRules: a follow-up goes only to an active peer or clinician, and a done
// one stays with whoever made it; a refused reassignment changes nothing.
func TestCareReassignRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		_, fu := f.encounter(t, care.Encounter{PersonID: f.person(t, "R. R."), OccurredAt: time.Now().Add(-time.Hour)})
		disabled := directory.NewID()
		if err := st.CreateUser(ctx, store.User{ID: disabled, Email: disabled + "@example.org", Name: "gone", Role: "peer",
			PasswordHash: "x", Disabled: true}); err != nil {
			t.Fatal(err)
		}
		for name, to := range map[string]string{"coordinator": f.coordinator, "disabled peer": disabled, "no one": directory.NewID()} {
			_, err := f.c.ReassignFollowUp(ctx, fu.ID, to, 0)
			var fe directory.FieldErrors
			if !errors.As(err, &fe) || len(fe) != 1 || fe[0].Field != "assignee_id" {
				t.Errorf("%s: %v, want a field error on assignee_id", name, err)
			}
		}
		if got, _ := f.c.FollowUp(ctx, fu.ID); got.AssigneeID != f.peer || got.Version != fu.Version {
			t.Fatalf("refused reassignments changed the follow-up: %+v", got)
		}
		moved, err := f.c.ReassignFollowUp(ctx, fu.ID, f.clinician, fu.Version)
		if err != nil || moved.AssigneeID != f.clinician || moved.Version != fu.Version+1 {
			t.Fatalf("to the clinician: %+v %v", moved, err)
		}
		if _, err := f.c.AddAttempt(ctx, fu.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptReached, By: f.clinician}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.ReassignFollowUp(ctx, fu.ID, f.peer2, 0); !errors.Is(err, care.ErrFollowUpDone) {
			t.Errorf("done follow-up reassigned: %v", err)
		}
		if _, err := f.c.ReassignFollowUp(ctx, directory.NewID(), f.peer2, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown follow-up: %v", err)
		}
	})
}
