package measures

import (
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures/deid"
)

// TestReferralFunnel: the 90th percentile by nearest rank, and the funnel's stages and times.
func TestReferralFunnel(t *testing.T) {
	if q := Quantile([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9); q != 9 {
		t.Errorf("p90 of 1..10 = %v, want 9", q)
	}
	if q := Quantile([]float64{5}, 0.9); q != 5 {
		t.Errorf("p90 of one value = %v", q)
	}
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	row := func(st care.Status, out care.Outcome, org string, accept, close time.Duration) ReferralRow {
		r := ReferralRow{ID: "x", Need: "housing", OrganizationID: org, OrganizationName: "Org " + org, Status: st, Outcome: out,
			CreatedAt: t0, RequestedAt: t0}
		if accept > 0 {
			r.AcceptedAt = t0.Add(accept)
		}
		if close > 0 {
			r.ClosedAt = t0.Add(close)
		}
		return r
	}
	rows := []ReferralRow{
		row(care.StatusCompleted, care.OutcomeGotHelp, "a", 2*time.Hour, 48*time.Hour),
		row(care.StatusCompleted, care.OutcomeGotHelp, "a", 4*time.Hour, 24*time.Hour),
		row(care.StatusFailed, care.OutcomeCouldNotContact, "a", 10*time.Hour, 0),
		row(care.StatusRejected, "", "b", 0, 0),
		row(care.StatusRequested, "", "b", 0, 0),
		row(care.StatusDraft, "", "b", 0, 0),
		row(care.StatusEnteredInError, "", "b", 0, 0),
	}
	r := ReferralFunnel(t0, t0.AddDate(0, 1, 0), rows)
	tot := r.Total
	if tot.Referrals != 6 || tot.Sent != 5 || tot.Accepted != 3 || tot.Completed != 2 || tot.Failed != 1 || tot.Rejected != 1 || tot.Open != 2 {
		t.Errorf("funnel %+v", tot.FunnelCounts)
	}
	if *tot.ToAccept.Median != 4 || *tot.ToAccept.P90 != 10 || *tot.ToComplete.Median != 36 || *tot.ToComplete.P90 != 48 {
		t.Errorf("times: accept %v/%v complete %v/%v", *tot.ToAccept.Median, *tot.ToAccept.P90, *tot.ToComplete.Median, *tot.ToComplete.P90)
	}
	if len(r.ByAgency) != 2 || r.ByAgency[0].Key != "a" && r.ByAgency[0].Referrals != 3 {
		t.Errorf("by agency %+v", r.ByAgency)
	}
	// A rate shows only when both its counts clear the threshold; times only over enough.
	rep := r.Deid(time.UTC)
	deid.Rule{Min: 5}.Apply(rep)
	first := rep.Tables[1].Rows[0]
	if c := first[12]; !c.Suppressed || c.Text(time.UTC) != deid.Marker {
		t.Errorf("accept rate over 3 of 5 shown under a threshold of 5: %q", c.Text(time.UTC))
	}
	if c := first[15]; !c.Suppressed {
		t.Errorf("a median over 3 referrals shown under a threshold of 5")
	}
	if c := first[2]; c.Suppressed || c.Text(time.UTC) != "6" {
		t.Errorf("referrals %q", c.Text(time.UTC))
	}
}

// TestFollowUpReach: an encounter counts once, reached at its earliest reach; overdue
// follow-ups are open ones due before now.
func TestFollowUpReach(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now := at.AddDate(0, 0, 5)
	rows := []ReachRow{
		{EncounterID: "e1", EncounterAt: at, Status: care.FollowUpDone, DueAt: at.Add(24 * time.Hour), ReachedAt: at.Add(20 * time.Hour)},
		{EncounterID: "e1", EncounterAt: at, Status: care.FollowUpOpen, DueAt: now.Add(time.Hour)},
		{EncounterID: "e2", EncounterAt: at, Status: care.FollowUpDone, DueAt: at.Add(24 * time.Hour), ReachedAt: at.Add(30 * time.Hour)},
		{EncounterID: "e3", EncounterAt: at, Status: care.FollowUpFlagged, DueAt: at.Add(24 * time.Hour)},
		{EncounterID: "e4", EncounterAt: at, Status: care.FollowUpOpen, DueAt: at.Add(24 * time.Hour)},
	}
	r := FollowUpReach(at, now, now, rows)
	if r.Encounters != 4 || r.Reached24h != 1 || r.Reached48h != 2 || r.Reached != 2 || r.Open != 2 || r.Overdue != 1 || r.Flagged != 1 || r.Done != 2 {
		t.Errorf("reach %+v", r)
	}
	if *r.Rate24h != 0.25 || *r.Rate48h != 0.5 {
		t.Errorf("rates %v %v", *r.Rate24h, *r.Rate48h)
	}
}

// TestPlaceKey: a place's key reads back to its centre; bad keys are refused; a place
// is found again by its centre, with its calls.
func TestPlaceKey(t *testing.T) {
	lat, lon, err := ParsePlaceKey(PlaceKey(42.2043, -72.6162))
	if err != nil || lat != 42.204 || lon != -72.616 {
		t.Errorf("round trip %v %v %v", lat, lon, err)
	}
	for _, bad := range []string{"", "42.1", "x,y", "91,0", "0,181"} {
		if _, _, err := ParsePlaceKey(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var calls []Call
	for i := range 6 {
		calls = append(calls, Call{EncounterID: string(rune('a' + i)), At: at.Add(time.Duration(i) * time.Hour), Lat: 42.2043, Lon: -72.6162, Town: "Holyoke"})
	}
	calls = append(calls, Call{EncounterID: "far", At: at, Lat: 42.3, Lon: -72.6, Town: "Northampton"})
	q := RepeatQuery{From: at, To: at.AddDate(0, 1, 0), RadiusM: 75, MinCalls: 2, Zone: time.UTC}
	mine := PlaceCalls(q, calls, 42.204, -72.616)
	if len(mine) != 6 {
		t.Fatalf("place calls %d, want 6", len(mine))
	}
	d := DescribePlace(q, mine, nil, at)
	if d.Calls != 6 || d.Town != "Holyoke" || len(d.Months) != 2 || d.Months[0].Calls != 6 || d.People != 0 {
		t.Errorf("place %+v", d)
	}
	rep := d.Deid(time.UTC)
	deid.Rule{Min: 5}.Apply(rep)
	js, err := rep.MarshalJSON()
	if err != nil || !strings.Contains(string(js), `"place":"42.204,-72.616"`) || !strings.Contains(string(js), `"calls":6`) {
		t.Errorf("place JSON %s %v", js, err)
	}
}
