package seed

import (
	"context"
	"slices"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures"
	"handoff/store"
	"handoff/store/storetest"
)

// TestGenerateYear writes a small generated year and checks that it has the size asked
// for, that the same seed tells the same story, that the store reads it back as its own
// writes would have left it (followed_up_at, sealed reasons), and that every measure has
// figures: places that call again, follow-ups, diversions, referrals that move.
func TestGenerateYear(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		users := demoUsers(slices.Repeat([]string{"peer"}, PeersFor(3000)+1)...)
		loadDemo(t, st, users)
		peers := userIDs(users, "peer")
		sealer, zone := demoKey(t), care.DefaultZone()
		from := time.Date(2025, 12, 1, 0, 0, 0, 0, zone)
		to := from.AddDate(1, 0, 0)
		opt := YearOptions{Encounters: 3000, ActivityOptions: ActivityOptions{Peers: peers, From: from, To: to, Seed: 9, Zone: zone}}
		sum, err := GenerateYear(ctx, st, sealer, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v", sum)
		if sum.Encounters != 3000 || sum.FollowUps < 1000 || sum.Attempts < sum.FollowUps/2 || sum.Referrals < 1000 || sum.Moves < sum.Referrals {
			t.Errorf("not a year of 3,000 encounters: %+v", sum)
		}
		// The same seed, the same story: only the ids differ.
		other := storetest.SQLite(t)
		loadDemo(t, other, users)
		if again, err := GenerateYear(ctx, other, sealer, opt); err != nil || again != sum {
			t.Errorf("the same seed told another story: %+v, not %+v (%v)", again, sum, err)
		}
		if again, err := GenerateYear(ctx, st, sealer, opt); err != nil || again != (ActivitySummary{}) {
			t.Errorf("a second run added %+v (%v)", again, err)
		}

		c := st.Care(sealer).WithZone(zone)
		rr, err := c.MeasureRepeatLocations(ctx, measures.RepeatQuery{From: from, To: to, Zone: zone, MinCalls: 2,
			Source: care.SourceCoResponse, RadiusM: measures.DefaultRadiusM})
		if err != nil {
			t.Fatal(err)
		}
		many, followed := 0, 0
		for _, p := range rr.Places {
			if p.Calls >= 6 {
				many++
			}
		}
		encs, _, err := c.Encounters(ctx, store.EncounterFilter{}, store.Page{Number: 1, PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range encs {
			if !e.FollowedUpAt.IsZero() {
				followed++
			}
		}
		if many < 3 || followed == 0 {
			t.Errorf("%d places with 6 calls or more, %d of 100 encounters followed up", many, followed)
		}
		sh, err := c.MeasureInteractionsPerShift(ctx, from, to, "")
		if err != nil || sh.Program.Shifts != sum.Shifts {
			t.Errorf("interactions per shift: %d shifts of %d (%v)", sh.Program.Shifts, sum.Shifts, err)
		}
		dv, err := c.MeasureDiversions(ctx, from, to)
		if err != nil || dv.Total.Encounters != sum.Encounters {
			t.Errorf("diversions: %d encounters of %d (%v)", dv.Total.Encounters, sum.Encounters, err)
		}
		rf, err := c.MeasureReferrals(ctx, from, to, to)
		if err != nil || rf.Referrals != sum.Referrals {
			t.Errorf("referrals: %d of %d (%v)", rf.Referrals, sum.Referrals, err)
		}
	})
}
