package store_test

import (
	"context"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures"
	"handoff/store"
	"handoff/store/storetest"
)

// TestCareMeasuresByHand builds a small program whose figures are known by hand and
// checks every measure on each database.
func TestCareMeasuresByHand(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		zone := f.zone
		from := time.Date(2026, 2, 1, 0, 0, 0, 0, zone)
		to := time.Date(2026, 4, 1, 0, 0, 0, 0, zone)
		day := time.Date(2026, 2, 10, 9, 0, 0, 0, zone)
		ana, ben := f.person(t, "Ana"), f.person(t, "Ben")

		// Shifts: the peer works two (Tuesday, Wednesday), the second peer one.
		s1, _ := f.c.StartShift(ctx, f.peer, day)
		s2, _ := f.c.StartShift(ctx, f.peer2, day)

		// Three calls within 30 m of each other, one 200 m away, one placed only by ZIP
		// (not an exact point: no place), one walk-in.
		p0lat, p0lon := holyoke(0, 0)
		p1lat, p1lon := holyoke(10, 0)
		p2lat, p2lon := holyoke(20, 5)
		farLat, farLon := holyoke(200, 0)
		e1, fu1 := f.encounter(t, care.Encounter{PersonID: ana, OccurredAt: day.Add(time.Hour), Lat: p0lat, Lon: p0lon,
			Disposition: care.DispositionReferred, EDDiverted: true, ArrestDiverted: true})
		f.encounter(t, care.Encounter{PersonID: ben, OccurredAt: day.Add(2 * time.Hour), Lat: p1lat, Lon: p1lon, EDDiverted: true,
			RecordedBy: f.peer2, NoFollowUpReason: "has a case manager"})
		e3, _ := f.encounter(t, care.Encounter{OccurredAt: day.Add(3 * time.Hour), Lat: p2lat, Lon: p2lon, Disposition: care.DispositionArrest})
		f.encounter(t, care.Encounter{PersonID: ana, OccurredAt: day.Add(4 * time.Hour), Lat: farLat, Lon: farLon,
			Disposition: care.DispositionEDTransport, NoFollowUpReason: "in the ED"})
		f.encounter(t, care.Encounter{OccurredAt: day.Add(5 * time.Hour), Address: "01040"})
		f.encounter(t, care.Encounter{OccurredAt: day.Add(6 * time.Hour), Source: care.SourceDirectToPeer, Address: "Springfield",
			RecordedBy: f.peer2, ArrestDiverted: true})
		f.c.EndShift(ctx, f.peer, day.Add(8*time.Hour))

		// Follow-up: the peer reaches Ana the next day on a second shift; a referral is
		// made from the anonymous call; both follow up their calls.
		next := day.AddDate(0, 0, 1)
		s3, _ := f.c.StartShift(ctx, f.peer, next)
		if _, err := f.c.AddAttempt(ctx, fu1.ID, &care.Attempt{Channel: care.ChannelPhone, Outcome: care.AttemptReached, By: f.peer, At: next.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		ref, err := f.referral(t, care.Referral{EncounterID: e3.ID, ServiceID: f.shelter, Need: "housing", Mode: care.ModeLogged,
			CreatedBy: f.peer, CreatedAt: next.Add(2 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		f.c.EndShift(ctx, f.peer, next.Add(8*time.Hour))
		f.c.EndShift(ctx, f.peer2, day.Add(8*time.Hour))
		mv := func(to care.Status, reason string, outcome care.Outcome, at time.Time) {
			if _, err := f.c.TransitionReferral(ctx, ref.ID, store.ReferralMove{To: to, Reason: reason, Outcome: outcome, By: f.peer, At: at}); err != nil {
				t.Fatal(err)
			}
		}
		mv(care.StatusAccepted, "", "", next.Add(5*time.Hour))
		mv(care.StatusCompleted, "", care.OutcomeGotHelp, next.Add(26*time.Hour))
		ref2, _ := f.referral(t, care.Referral{PersonID: ben, ServiceID: f.livingRoom, Mode: care.ModeLogged, CreatedBy: f.peer2, CreatedAt: day.Add(3 * time.Hour)})
		f.c.TransitionReferral(ctx, ref2.ID, store.ReferralMove{To: care.StatusRejected, Reason: "No beds", By: f.peer, At: day.Add(4 * time.Hour)})
		f.referral(t, care.Referral{PersonID: ana, ServiceID: f.livingRoom, Mode: care.ModeLogged, CreatedBy: f.peer, CreatedAt: day}) // stalls

		// Repeat locations.
		rr, err := f.c.MeasureRepeatLocations(ctx, measures.RepeatQuery{From: from, To: to, RadiusM: 30, MinCalls: 1})
		if err != nil {
			t.Fatal(err)
		}
		if rr.Calls != 4 || len(rr.Places) != 2 || rr.Places[0].Calls != 3 || rr.Places[1].Calls != 1 {
			t.Fatalf("places %+v", rr.Places)
		}
		p := rr.Places[0]
		// Ana's call is followed by the reached attempt, the anonymous one by the referral
		// made from it, Ben's by the referral made for him an hour later. The shelter is
		// 25 m from the first call.
		if p.People != 2 || p.FollowedUp != 3 || !p.Institutional || p.Institution != measures.KindShelter || p.Town != "Holyoke" || !p.FirstCall.Equal(e1.OccurredAt) {
			t.Errorf("place %+v", p)
		}
		if rr.Trend[0].Month != "2026-02" || rr.Trend[0].Calls != 4 || rr.Trend[0].PreviousMonth != "2025-12" {
			t.Errorf("trend %+v", rr.Trend)
		}

		// Interactions per shift: s1 has e1, e3, far, ZIP call (4) and no attempts; s2 has
		// Ben's call and the direct call (2) and Ben's referral; s3 has one attempt and one
		// referral. Interactions 4, 2, 1: mean 2.33, median 2.
		sr, err := f.c.MeasureInteractionsPerShift(ctx, from, to, "")
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]care.Shift{}
		for _, s := range sr.Shifts {
			byID[s.ID] = s
		}
		if s := byID[s1.ID]; s.Encounters != 4 || s.Attempts != 0 || s.Referrals != 1 || s.Interactions != 4 {
			t.Errorf("shift 1 %+v", s)
		}
		if s := byID[s2.ID]; s.Encounters != 2 || s.Referrals != 1 || s.Interactions != 2 {
			t.Errorf("shift 2 %+v", s)
		}
		if s := byID[s3.ID]; s.Encounters != 0 || s.Attempts != 1 || s.Referrals != 1 || s.Interactions != 1 {
			t.Errorf("shift 3 %+v", s)
		}
		if got := sr.Program.Interactions; got.Total != 7 || got.Mean != 2.33 || got.Median != 2 {
			t.Errorf("program %+v", got)
		}
		if len(sr.Peers) != 2 || len(sr.Weeks) != 1 || sr.Weeks[0].Shifts != 3 {
			t.Errorf("peers %+v weeks %+v", sr.Peers, sr.Weeks)
		}

		// Diversions: 6 encounters; ED diverted 2 (e1, Ben), arrest diverted 2 (e1, direct),
		// both 1; one direct to a peer.
		dr, err := f.c.MeasureDiversions(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if d := dr.Total; d.Encounters != 6 || d.EDDiverted != 2 || d.ArrestDiverted != 2 || d.Both != 1 || d.DirectToPeer != 1 ||
			*d.EDRate != 0.3333 || *d.BothRate != 0.1667 {
			t.Errorf("diversions %+v", d)
		}
		if len(dr.ByMonth) != 2 || dr.ByMonth[0].Encounters != 6 || dr.ByMonth[1].Encounters != 0 {
			t.Errorf("by month %+v", dr.ByMonth)
		}
		towns := map[string]int{}
		for _, g := range dr.ByTown {
			towns[g.Key] = g.Encounters
		}
		if towns["Holyoke"] != 5 || towns["Springfield"] != 1 {
			t.Errorf("by town %v", towns)
		}

		// Referrals: three made; completed 1 of 2 closed; accepted after 3 h (from its
		// request at +2 h to +5 h), completed after 24 h; one stalled.
		asOf := day.AddDate(0, 0, 20)
		mr, err := f.c.MeasureReferrals(ctx, from, to, asOf)
		if err != nil {
			t.Fatal(err)
		}
		if mr.Referrals != 3 || mr.Closed != 2 || mr.Completed != 1 || *mr.CompletionRate != 0.5 ||
			*mr.MedianHoursToAccept != 3 || *mr.MedianHoursToComplete != 24 || mr.Stalled != 1 ||
			len(mr.RejectionReasons) != 1 || mr.RejectionReasons[0].Reason != "no beds" {
			t.Errorf("referrals %+v", mr)
		}
		for _, g := range mr.ByOrganization {
			if g.Key == f.orgB && (g.Name != "Open Door (demo)" || *g.Rate != 1) {
				t.Errorf("organization B %+v", g)
			}
		}
	})
}
