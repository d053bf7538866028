package seed

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestGenerateActivity runs two months of demo activity on the demo directory and checks
// that every measure then has plausible, non-empty figures.
func TestGenerateActivity(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		users := demoUsers("peer", "peer", "peer", "clinician")
		loadDemo(t, st, users)
		peers, clinicians := userIDs(users, "peer"), userIDs(users, "clinician")
		sealer, zone := demoKey(t), care.DefaultZone()
		to := time.Date(2026, 11, 20, 12, 0, 0, 0, zone)
		from := to.AddDate(0, -2, 0)
		start := time.Now()
		sum, err := GenerateActivity(ctx, st, sealer, ActivityOptions{Peers: peers, Clinicians: clinicians, From: from, To: to, Seed: 7, Zone: zone})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%+v in %v", sum, time.Since(start).Round(time.Millisecond))
		if sum.Shifts < 60 || sum.Encounters < 100 || sum.FollowUps < 30 || sum.Attempts < 30 || sum.Referrals < 30 || sum.Consents == 0 || sum.Moves == 0 {
			t.Errorf("too little activity: %+v", sum)
		}
		again, err := GenerateActivity(ctx, st, sealer, ActivityOptions{Peers: peers, From: from, To: to})
		if err != nil || again != (ActivitySummary{}) {
			t.Errorf("a second run added %+v (%v)", again, err)
		}

		c := st.Care(nil).WithZone(zone)
		rr, err := c.MeasureRepeatLocations(ctx, measures.RepeatQuery{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		institutional := false
		for _, p := range rr.Places {
			institutional = institutional || p.Institutional
		}
		if len(rr.Places) < 3 || rr.Places[0].Calls < 4 || !institutional || rr.Places[0].FollowedUp == 0 {
			t.Errorf("repeat locations: %d places, first %+v, institutional %v", len(rr.Places), rr.Places, institutional)
		}
		sr, err := c.MeasureInteractionsPerShift(ctx, from, to, "")
		if err != nil {
			t.Fatal(err)
		}
		if sr.Program.Shifts != sum.Shifts || sr.Program.Interactions.Mean < 1 || sr.Program.Attempts.Total == 0 || len(sr.Peers) != 3 || len(sr.Weeks) < 8 {
			t.Errorf("interactions per shift: %+v", sr.Program)
		}
		dr, err := c.MeasureDiversions(ctx, from, to)
		if err != nil {
			t.Fatal(err)
		}
		if d := dr.Total; d.Encounters != sum.Encounters || d.EDDiverted == 0 || d.ArrestDiverted == 0 || d.DirectToPeer == 0 ||
			*d.EDRate <= 0 || *d.EDRate >= 1 || len(dr.ByTown) < 3 {
			t.Errorf("diversions: %+v", d)
		}
		mr, err := c.MeasureReferrals(ctx, from, to, to)
		if err != nil {
			t.Fatal(err)
		}
		if mr.Completed == 0 || mr.Closed <= mr.Completed || mr.CompletionRate == nil || *mr.CompletionRate <= 0.3 ||
			mr.MedianHoursToAccept == nil || mr.Stalled == 0 || len(mr.RejectionReasons) == 0 || len(mr.FailureReasons) == 0 {
			t.Errorf("referrals: %+v", mr)
		}
		flagged, n, err := c.FollowUps(ctx, store.FollowUpFilter{Statuses: []care.FollowUpStatus{care.FollowUpFlagged}, Now: to}, store.Page{Number: 1, PerPage: 5})
		if err != nil || n == 0 || len(flagged) == 0 {
			t.Errorf("no flagged follow-ups: %v", err)
		}
	})
}

// demoUsers are users of the roles, one each, with new ids and emails made from their role
// and place.
func demoUsers(roles ...string) []store.User {
	out := make([]store.User, len(roles))
	for i, role := range roles {
		out[i] = store.User{ID: directory.NewID(), Email: fmt.Sprintf("%s%d@demo.example", role, i), Name: role, Role: role, PasswordHash: "x"}
	}
	return out
}

// loadDemo loads the demo directory into st, which the generators refer to, and the users
// (ids kept: another store may hold the same people).
func loadDemo(t *testing.T, st *store.Store, users []store.User) {
	t.Helper()
	ctx := context.Background()
	if _, err := Load(ctx, st); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
}

// userIDs are the ids of the users of role.
func userIDs(users []store.User, role string) []string {
	var out []string
	for _, u := range users {
		if u.Role == role {
			out = append(out, u.ID)
		}
	}
	return out
}

// demoKey is the data key the generators' tests seal notes with.
func demoKey(t *testing.T) *care.Sealer {
	t.Helper()
	sealer, err := care.NewSealer(bytes.Repeat([]byte{1}, care.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return sealer
}
