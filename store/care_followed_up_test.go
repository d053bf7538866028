package store_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures"
	"handoff/store"
	"handoff/store/storetest"
)

// TestCareFollowedUpKept writes a jumble of encounters, attempts, referrals, referrals
// entered in error and merges, out of time order, and checks that the followed_up_at the
// store keeps on each encounter is what measures.FollowedUpAt computes from all the rows.
func TestCareFollowedUpKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		r := rand.New(rand.NewPCG(5, 6))
		base := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		when := func() time.Time { return base.Add(time.Duration(r.IntN(12*24)) * time.Hour) }
		var people []string
		for i := range 6 {
			people = append(people, f.person(t, string(rune('A'+i))+"."))
		}
		var encounters []care.Encounter
		var followUps []*care.FollowUp
		for range 150 {
			switch x := r.IntN(10); {
			case x < 4:
				e := care.Encounter{OccurredAt: when(), Source: care.SourceCoResponse, NoFollowUpReason: "test"}
				if r.IntN(4) > 0 {
					e.PersonID = people[r.IntN(len(people))]
				}
				if r.IntN(5) == 0 && e.PersonID != "" {
					e.Source, e.NoFollowUpReason = care.SourceFollowUp, ""
				} else if r.IntN(3) == 0 {
					e.NoFollowUpReason = ""
				}
				got, fu := f.encounter(t, e)
				encounters = append(encounters, got)
				if fu != nil {
					followUps = append(followUps, fu)
				}
			case x < 6 && len(followUps) > 0:
				fu := followUps[r.IntN(len(followUps))]
				f.c.AddAttempt(ctx, fu.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptNoAnswer, By: f.peer, At: when()})
			case x < 8:
				ref := care.Referral{ServiceID: f.shelter, Need: "housing", Mode: care.ModeLogged, CreatedAt: when()}
				if len(encounters) > 0 && r.IntN(2) == 0 {
					e := encounters[r.IntN(len(encounters))]
					ref.EncounterID, ref.CreatedAt = e.ID, e.OccurredAt.Add(time.Duration(r.IntN(200))*time.Hour)
				} else {
					ref.PersonID = people[r.IntN(len(people))]
				}
				got, err := f.referral(t, ref)
				if err != nil {
					t.Fatal(err)
				}
				if r.IntN(3) == 0 {
					if _, err := f.c.TransitionReferral(ctx, got.ID, store.ReferralMove{To: care.StatusEnteredInError, By: f.peer}); err != nil {
						t.Fatal(err)
					}
				}
			case x < 9 && len(people) > 3 && r.IntN(4) == 0:
				i := r.IntN(len(people) - 1)
				if err := f.c.MergePeople(ctx, people[i], people[i+1], f.coordinator, time.Time{}); err != nil {
					t.Fatal(err)
				}
				people = append(people[:i+1], people[i+2:]...)
			}
		}

		all, _, err := f.c.Encounters(ctx, store.EncounterFilter{}, store.Page{Number: 1, PerPage: 1000})
		if err != nil {
			t.Fatal(err)
		}
		calls := make([]measures.Call, len(all))
		for i, e := range all {
			calls[i] = measures.Call{EncounterID: e.ID, At: e.OccurredAt}
			if e.PersonID != "" {
				p, _ := f.c.Person(ctx, e.PersonID)
				calls[i].PersonID = p.CanonicalID()
			}
		}
		contacts, err := f.c.FollowUpContacts(ctx, base.AddDate(0, -1, 0), base.AddDate(0, 3, 0))
		if err != nil {
			t.Fatal(err)
		}
		want := measures.FollowedUpAt(calls, contacts)
		followed := 0
		for i, e := range all {
			if e.Source == care.SourceFollowUp {
				continue // a follow-up visit does not follow itself up; the rule over rows cannot tell
			}
			if !e.FollowedUpAt.Equal(want[i]) {
				t.Errorf("encounter %d (%s, person %q) at %v: kept %v, rule says %v", i, e.Source, e.PersonID, e.OccurredAt, e.FollowedUpAt, want[i])
			}
			if !want[i].IsZero() {
				followed++
			}
		}
		t.Logf("%d of %d encounters followed up; %d contacts; %d people left", followed, len(all), len(contacts), len(people))
		if followed == 0 || followed == len(all) {
			t.Errorf("%d of %d encounters followed up: the test proves little", followed, len(all))
		}
	})
}
