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

// TestCareOutcomeEndsReferral (issue 11, finding 16): the store refuses to complete a
// referral with an outcome that says the person did not get help, changing nothing;
// the same outcome ends it as failed; got-help is refused on a failure; and the
// referral measure counts only the referral that helped as completed.
func TestCareOutcomeEndsReferral(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		start := time.Now().Add(-time.Hour)
		person := f.person(t, "O. E.")
		accepted := func() care.Referral {
			ref, err := f.referral(t, care.Referral{PersonID: person, ServiceID: f.shelter, Mode: care.ModeLogged})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: care.StatusAccepted, By: f.peer}); err != nil {
				t.Fatal(err)
			}
			return ref
		}
		noRoom := accepted()
		_, err := f.c.TransitionReferral(ctx, noRoom.ID, store.ReferralMove{To: care.StatusCompleted, Outcome: care.OutcomeNoCapacity, By: f.peer})
		var fe directory.FieldErrors
		if !errors.As(err, &fe) || fe[0].Field != "outcome" {
			t.Fatalf("completed with no-capacity: %v, want a field error on outcome", err)
		}
		if got, err := f.c.Referral(ctx, noRoom.ID); err != nil || got.Status != care.StatusAccepted || got.Outcome != "" || got.Version != 2 || len(got.History) != 2 {
			t.Errorf("the refused move changed the referral: %+v %v", got, err)
		}
		if got, err := f.c.TransitionReferral(ctx, noRoom.ID, store.ReferralMove{To: care.StatusFailed,
			Reason: "No room", Outcome: care.OutcomeNoCapacity, By: f.peer}); err != nil || got.Status != care.StatusFailed {
			t.Errorf("no room ends it: %s %v, want failed", got.Status, err)
		}

		helped := accepted()
		if _, err := f.c.TransitionReferral(ctx, helped.ID, store.ReferralMove{To: care.StatusFailed, Reason: "x", Outcome: care.OutcomeGotHelp, By: f.peer}); !errors.As(err, &fe) {
			t.Errorf("failed with got-help: %v, want refused", err)
		}
		if got, err := f.c.TransitionReferral(ctx, helped.ID, store.ReferralMove{To: care.StatusCompleted, By: f.peer}); err != nil || got.Outcome != care.OutcomeGotHelp {
			t.Errorf("completed without an outcome: %q %v, want got-help", got.Outcome, err)
		}

		r, err := f.c.MeasureReferrals(ctx, start, time.Now().Add(time.Hour), time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if r.Closed != 2 || r.Completed != 1 || r.CompletionRate == nil || *r.CompletionRate != 0.5 {
			t.Errorf("measure: closed %d, completed %d, rate %v; want 2, 1, 0.5", r.Closed, r.Completed, r.CompletionRate)
		}
	})
}
