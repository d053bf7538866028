package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"handoff/care"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

func TestCareReferralConsent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		person := f.person(t, "D. L.")
		live := care.Referral{PersonID: person, ServiceID: f.livingRoom, Mode: care.ModeLive, Note: "Prefers evenings."}

		if _, err := f.referral(t, live); !errors.Is(err, care.ErrNoConsent) {
			t.Fatalf("live referral without consent: %v", err)
		}
		// A consent for another organization does not cover it.
		forB := f.consent(t, person, []string{f.orgB}, false, time.Now().AddDate(0, 1, 0))
		if _, err := f.referral(t, live); !errors.Is(err, care.ErrNoConsent) {
			t.Errorf("consent for another organization: %v", err)
		}
		// A revoked consent does not either.
		k := f.consent(t, person, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))
		if _, err := f.c.RevokeConsent(ctx, person, k.ID, f.peer, time.Now().Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
		if _, err := f.referral(t, live); !errors.Is(err, care.ErrNoConsent) {
			t.Errorf("revoked consent: %v", err)
		}
		// An expired one does not either (recorded directly: validation refuses a past expiry).
		expired := care.Consent{PersonID: person, Discloser: "program", OrganizationIDs: []string{f.orgA}, Information: "i", Purpose: "p",
			GivenAt: time.Now().AddDate(0, -2, 0), ExpiresAt: time.Now().Add(-time.Hour), Method: care.MethodWritten}
		if err := f.c.CreateConsent(ctx, &expired); err != nil {
			t.Fatal(err)
		}
		if _, err := f.referral(t, live); !errors.Is(err, care.ErrNoConsent) {
			t.Errorf("expired consent: %v", err)
		}
		// "My treating providers" covers it.
		anyK := f.consent(t, person, nil, true, time.Now().AddDate(0, 6, 0))
		ref, err := f.referral(t, live)
		if err != nil {
			t.Fatal(err)
		}
		if ref.ConsentID != anyK.ID || ref.OrganizationID != f.orgA || ref.LevelOfCare != "living_room" || ref.Status != care.StatusRequested ||
			ref.Version != 1 || len(ref.History) != 1 || ref.AgencyLinkToken == "" || ref.AgencyLinkExpiresAt.IsZero() {
			t.Errorf("live referral %+v", ref)
		}
		ds, err := f.c.Disclosures(ctx, person)
		if err != nil || len(ds) != 1 || ds[0].OrganizationID != f.orgA || ds[0].ConsentID != anyK.ID || ds[0].ReferralID != ref.ID {
			t.Errorf("disclosures %+v %v", ds, err)
		}
		// A logged referral needs no consent and shares nothing.
		logged, err := f.referral(t, care.Referral{PersonID: person, ServiceID: f.shelter, Need: "housing", Mode: care.ModeLogged})
		if err != nil || logged.AgencyLinkToken != "" || logged.OrganizationID != f.orgB {
			t.Errorf("logged referral %+v %v", logged, err)
		}
		if ds, _ := f.c.Disclosures(ctx, person); len(ds) != 1 {
			t.Errorf("a logged referral recorded a disclosure")
		}
		// A disclosure recorded by hand must be covered too.
		if err := f.c.RecordDisclosure(ctx, &care.Disclosure{ConsentID: k.ID, OrganizationID: f.orgA, Information: "x", Purpose: "y"}); !errors.Is(err, care.ErrNoConsent) {
			t.Errorf("disclosure under a revoked consent: %v", err)
		}
		// For B, the consent naming B is preferred over the general designation.
		if k, err := f.c.CoveringConsent(ctx, person, f.orgB, time.Now()); err != nil || k.ID != forB.ID {
			t.Errorf("covering consent for B: %v %v", k.ID, err)
		}
		if _, err := f.c.RevokeConsent(ctx, person, anyK.ID, f.peer, time.Now()); err != nil {
			t.Fatal(err)
		}
		// After revoking, the live referral stays, but its details may no longer be shown
		// to organization A (the consent for B still names only B).
		if _, err := f.c.CoveringConsent(ctx, person, f.orgA, time.Now().Add(time.Second)); !errors.Is(err, care.ErrNoConsent) {
			t.Errorf("covering consent after revocation: %v", err)
		}
		consents, _ := f.c.Consents(ctx, person)
		if len(consents) != 4 {
			t.Errorf("%d consents", len(consents))
		}
		// Bad references are field errors.
		_, err = f.referral(t, care.Referral{PersonID: directory.NewID(), ServiceID: directory.NewID(), Mode: care.ModeLogged})
		var fe directory.FieldErrors
		if !errors.As(err, &fe) || len(fe) != 2 {
			t.Errorf("unknown person and service: %v", err)
		}
		got, err := f.c.Referral(ctx, ref.ID)
		if err != nil || got.Note != "Prefers evenings." || got.AgencyLinkHash != ref.AgencyLinkHash || len(got.History) != 1 {
			t.Errorf("read back %+v %v", got, err)
		}
	})
}

func TestCareReferralMoves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		person := f.person(t, "R.")
		e, _ := f.encounter(t, care.Encounter{PersonID: person, OccurredAt: time.Now().Add(-time.Hour)})
		ref, err := f.referral(t, care.Referral{EncounterID: e.ID, ServiceID: f.shelter, Need: "housing", Mode: care.ModeLogged})
		if err != nil {
			t.Fatal(err)
		}
		if ref.PersonID != person {
			t.Errorf("person not taken from the encounter: %q", ref.PersonID)
		}
		move := func(to care.Status, reason string, outcome care.Outcome, ifVersion int) (care.Referral, error) {
			return f.c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: to, Reason: reason, Outcome: outcome, By: f.peer, IfVersion: ifVersion})
		}
		var fe directory.FieldErrors
		if _, err := move(care.StatusRejected, "", "", 0); !errors.As(err, &fe) {
			t.Errorf("rejected without a reason: %v", err)
		}
		var te *care.TransitionError
		if _, err := move(care.StatusCompleted, "", "", 0); !errors.As(err, &te) || len(te.Allowed) != 4 {
			t.Errorf("requested → completed: %v", err)
		}
		r, err := move(care.StatusAccepted, "", "", 1)
		if err != nil || r.Version != 2 || r.AcceptedAt.IsZero() {
			t.Fatalf("accept: %+v %v", r, err)
		}
		if _, err := move(care.StatusInProgress, "", "", 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale If-Match: %v", err)
		}
		if _, err := move(care.StatusCompleted, "", care.OutcomeGotHelp, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := move(care.StatusRequested, "", "", 0); !errors.Is(err, care.ErrIllegalTransition) {
			t.Errorf("completed → requested: %v", err)
		}
		got, _ := f.c.Referral(ctx, ref.ID)
		if got.Status != care.StatusCompleted || got.Outcome != care.OutcomeGotHelp || got.Version != 3 || len(got.History) != 3 ||
			got.ClosedAt.IsZero() || got.History[2].From != care.StatusAccepted || got.History[2].By != f.peer {
			t.Errorf("after moves %+v", got)
		}
		if _, err := f.c.TransitionReferral(ctx, directory.NewID(), store.ReferralMove{To: care.StatusAccepted}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown referral: %v", err)
		}
		list, n, err := f.c.Referrals(ctx, store.ReferralFilter{OrganizationID: f.orgB, Statuses: []care.Status{care.StatusCompleted}}, store.Page{Number: 1, PerPage: 10})
		if err != nil || n != 1 || len(list[0].History) != 3 {
			t.Errorf("agency list %d %v", n, err)
		}
		if _, n, _ := f.c.Referrals(ctx, store.ReferralFilter{OrganizationID: f.orgA}, store.Page{Number: 1, PerPage: 10}); n != 0 {
			t.Errorf("organization A sees %d of B's referrals", n)
		}
	})
}

// TestCareConcurrentMoves sends fifty moves of one referral at once, from several
// states' worth of targets; whatever wins, the history must be one chain: each move
// from the state the previous one left, versions 1..n without gaps, and the referral
// at the last move's state and version.
func TestCareConcurrentMoves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		person := f.person(t, "C.")
		ref, err := f.referral(t, care.Referral{PersonID: person, ServiceID: f.shelter, Need: "housing", Mode: care.ModeLogged})
		if err != nil {
			t.Fatal(err)
		}
		targets := []care.Status{care.StatusAccepted, care.StatusInProgress, care.StatusOnHold, care.StatusInProgress,
			care.StatusCompleted, care.StatusRejected, care.StatusCancelled}
		var wg sync.WaitGroup
		var mu sync.Mutex
		won := 0
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pin := 0
				if i%2 == 1 {
					pin = 1 // half of them insist on the version they saw first
				}
				_, err := f.c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: targets[i%len(targets)], Reason: "test", By: f.peer, IfVersion: pin})
				switch {
				case err == nil:
					mu.Lock()
					won++
					mu.Unlock()
				case errors.Is(err, store.ErrConflict), errors.Is(err, care.ErrIllegalTransition):
				default:
					t.Errorf("move %d: %v", i, err)
				}
			}()
		}
		wg.Wait()
		got, err := f.c.Referral(ctx, ref.ID)
		if err != nil {
			t.Fatal(err)
		}
		h := got.History
		if len(h) != won+1 || got.Version != len(h) || got.Status != h[len(h)-1].To {
			t.Fatalf("%d moves won, history of %d, version %d, status %s", won, len(h), got.Version, got.Status)
		}
		for i, m := range h {
			if m.Version != i+1 {
				t.Errorf("move %d has version %d", i, m.Version)
			}
			if i > 0 && (m.From != h[i-1].To || !care.CanMove(m.From, m.To)) {
				t.Errorf("history breaks at %d: %s → %s after %s", i, m.From, m.To, h[i-1].To)
			}
		}
		t.Logf("%d of 50 moves won; history %v", won, len(h))
		if won < 1 {
			t.Error("no move won")
		}
	})
}

func TestCareAgencyLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		person := f.person(t, "L.")
		f.consent(t, person, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))
		ref, err := f.referral(t, care.Referral{PersonID: person, ServiceID: f.livingRoom, Mode: care.ModeLive})
		if err != nil {
			t.Fatal(err)
		}
		got, err := f.c.ReferralByAgencyLink(ctx, ref.AgencyLinkToken, time.Now())
		if err != nil || got.ID != ref.ID {
			t.Fatalf("by link: %v", err)
		}
		if _, err := f.c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: care.StatusAccepted, By: care.LinkActor, IfVersion: got.Version}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.ReferralByAgencyLink(ctx, ref.AgencyLinkToken, time.Now().Add(care.AgencyLinkTTL+time.Hour)); !errors.Is(err, store.ErrLinkExpired) || errors.Is(err, store.ErrLinkWithdrawn) {
			t.Errorf("expired link: %v, want expired (not withdrawn)", err)
		}
		if _, err := f.c.ReferralByAgencyLink(ctx, "hl_"+ref.AgencyLinkToken[3:10]+"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", time.Now()); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown link: %v", err)
		}
		if err := f.c.RevokeAgencyLink(ctx, ref.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := f.c.ReferralByAgencyLink(ctx, ref.AgencyLinkToken, time.Now()); !errors.Is(err, store.ErrLinkWithdrawn) {
			t.Errorf("revoked link: %v, want withdrawn", err)
		}
		again, err := f.c.ReissueAgencyLink(ctx, ref.ID, time.Now())
		if err != nil || again.AgencyLinkToken == ref.AgencyLinkToken {
			t.Fatalf("reissue: %v", err)
		}
		if _, err := f.c.ReferralByAgencyLink(ctx, again.AgencyLinkToken, time.Now()); err != nil {
			t.Errorf("reissued link: %v", err)
		}
		// The replaced link is not unknown: its page says the program replaced it (410).
		if _, err := f.c.ReferralByAgencyLink(ctx, ref.AgencyLinkToken, time.Now()); !errors.Is(err, store.ErrLinkWithdrawn) {
			t.Errorf("old link after reissue: %v, want withdrawn", err)
		}
		// A second reissue retires the second link too; the first stays withdrawn.
		third, err := f.c.ReissueAgencyLink(ctx, ref.ID, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		for _, old := range []string{ref.AgencyLinkToken, again.AgencyLinkToken} {
			if _, err := f.c.ReferralByAgencyLink(ctx, old, time.Now()); !errors.Is(err, store.ErrLinkWithdrawn) {
				t.Errorf("a link replaced before: %v, want withdrawn", err)
			}
		}
		if _, err := f.c.ReferralByAgencyLink(ctx, third.AgencyLinkToken, time.Now()); err != nil {
			t.Errorf("the newest link: %v", err)
		}
	})
}

func TestCareResourceList(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		now := time.Now()
		l := care.ResourceList{ServiceIDs: []string{f.shelter, f.livingRoom}, Language: "es", CreatedBy: f.peer}
		care.NewResourceList(&l, now)
		if err := f.c.CreateResourceList(ctx, &l); err != nil {
			t.Fatal(err)
		}
		got, err := f.c.ResourceListByToken(ctx, l.Token, now)
		if err != nil || len(got.ServiceIDs) != 2 || got.ServiceIDs[0] != f.shelter || got.Language != "es" {
			t.Errorf("list %+v %v", got, err)
		}
		if _, err := f.c.ResourceListByToken(ctx, l.Token, now.Add(care.ResourceListTTL+time.Minute)); !errors.Is(err, store.ErrLinkExpired) {
			t.Errorf("expired: %v", err)
		}
		bad := care.ResourceList{ServiceIDs: []string{directory.NewID()}}
		care.NewResourceList(&bad, now)
		var fe directory.FieldErrors
		if err := f.c.CreateResourceList(ctx, &bad); !errors.As(err, &fe) {
			t.Errorf("unknown service: %v", err)
		}
		if n, err := f.c.DeleteExpiredResourceLists(ctx, now.Add(care.ResourceListTTL+time.Minute)); err != nil || n != 1 {
			t.Errorf("delete expired: %d %v", n, err)
		}
	})
}
