package measures

import (
	"testing"
	"time"

	"github.com/paulmach/orb"

	"handoff/care"
)

// metres north and east of a point in Holyoke, in degrees, on orb's sphere.
const mPerDegLat = 6378137 * 3.141592653589793 / 180

func near(north, east float64) (lat, lon float64) {
	lat0, lon0 := 42.2043, -72.6162
	return lat0 + north/mPerDegLat, lon0 + east/(mPerDegLat*0.7405) // cos(42.2°) ≈ 0.7405
}

func call(id, person string, at time.Time, north, east float64) Call {
	lat, lon := near(north, east)
	return Call{EncounterID: id, PersonID: person, At: at, Lat: lat, Lon: lon, Town: "Holyoke"}
}

func TestRepeatLocationsByHand(t *testing.T) {
	zone := care.DefaultZone()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, zone)
	to := time.Date(2026, 4, 1, 0, 0, 0, 0, zone)
	feb := time.Date(2026, 2, 10, 14, 0, 0, 0, zone)
	calls := []Call{
		call("e1", "p1", feb, 0, 0),
		call("e2", "p2", feb.Add(24*time.Hour), 10, 0),
		call("e3", "", feb.Add(48*time.Hour), 20, 5),    // anonymous
		call("e4", "p1", feb.Add(72*time.Hour), 200, 0), // 180 m from the nearest: a place of its own
	}
	contacts := []Contact{
		{PersonID: "p1", At: feb.Add(47 * time.Hour)},                // follows e1, not e4 (before it)
		{PersonID: "p2", At: feb.Add(24*time.Hour + 8*24*time.Hour)}, // too late for e2
		{EncounterID: "e3", At: feb.Add(49 * time.Hour)},             // a referral made from e3
		{PersonID: "p1", At: feb.Add(-time.Hour)},                    // before every call: follows none
	}
	// The rule of "followed up", as the store keeps it on each encounter.
	at := FollowedUpAt(calls, contacts)
	wantAt := []time.Time{feb.Add(47 * time.Hour), {}, feb.Add(49 * time.Hour), {}}
	for i := range calls {
		if !at[i].Equal(wantAt[i]) {
			t.Errorf("call %s followed up at %v, want %v", calls[i].EncounterID, at[i], wantAt[i])
		}
		calls[i].FollowedUp = !at[i].IsZero()
	}
	instLat, instLon := near(0, 25)
	institutions := []Institution{{Point: orb.Point{instLon, instLat}, Kind: KindShelter, Name: "Open Door Shelter"}}
	nov := time.Date(2025, 11, 5, 9, 0, 0, 0, zone)
	previous := []Call{call("o1", "p9", nov, 0, 0), call("o2", "p9", nov.Add(time.Hour), 5, 0)}

	r := RepeatLocations(RepeatQuery{From: from, To: to, RadiusM: 30, MinCalls: 2, Zone: zone}, calls, previous, institutions)

	if r.Calls != 4 || r.RepeatCalls != 3 || len(r.Places) != 1 {
		t.Fatalf("calls %d, repeat calls %d, places %+v", r.Calls, r.RepeatCalls, r.Places)
	}
	p := r.Places[0]
	wantLat, wantLon := near(10, 5.0/3)
	if p.Calls != 3 || p.People != 2 || p.Town != "Holyoke" || p.FollowedUp != 2 || !p.Institutional || p.Institution != KindShelter ||
		!p.FirstCall.Equal(feb) || !p.LastCall.Equal(feb.Add(48*time.Hour)) ||
		abs(p.Lat-round(wantLat, PlaceDecimals)) > 1e-9 || abs(p.Lon-round(wantLon, PlaceDecimals)) > 1e-9 {
		t.Errorf("place %+v", p)
	}
	wantBuckets := map[string][2]int{"1": {1, 1}, "2-3": {1, 3}, "4-5": {0, 0}, "6+": {0, 0}}
	for _, b := range r.Buckets {
		if w := wantBuckets[b.Label]; b.Places != w[0] || b.Calls != w[1] {
			t.Errorf("bucket %s: %d places, %d calls; want %v", b.Label, b.Places, b.Calls, w)
		}
	}
	if len(r.Trend) != 3 {
		t.Fatalf("trend %+v", r.Trend)
	}
	jan, f, mar := r.Trend[0], r.Trend[1], r.Trend[2]
	if jan.Month != "2026-01" || jan.PreviousMonth != "2025-10" || f.Month != "2026-02" || f.PreviousMonth != "2025-11" ||
		f.Calls != 4 || f.RepeatCalls != 3 || f.PreviousCalls != 2 || f.PreviousRepeatCalls != 2 || f.Change != 1 ||
		jan.Calls != 0 || mar.Calls != 0 {
		t.Errorf("trend %+v", r.Trend)
	}

	// With a 300 m radius all four calls are one place; with min_calls 1 both places list.
	if r := RepeatLocations(RepeatQuery{From: from, To: to, RadiusM: 300, Zone: zone}, calls, nil, nil); len(r.Places) != 1 || r.Places[0].Calls != 4 {
		t.Errorf("300 m: %+v", r.Places)
	}
	r1 := RepeatLocations(RepeatQuery{From: from, To: to, RadiusM: 30, MinCalls: 1, Zone: zone}, calls, nil, institutions)
	if len(r1.Places) != 2 || r1.Places[0].Calls != 3 || r1.Places[1].Calls != 1 || r1.Places[1].Institutional {
		t.Errorf("min_calls 1: %+v", r1.Places)
	}
	if lim := RepeatLocations(RepeatQuery{From: from, To: to, RadiusM: 30, MinCalls: 1, Zone: zone, Limit: 1}, calls, nil, nil); len(lim.Places) != 1 || lim.PlacesTotal != 2 || lim.Places[0].Calls != 3 {
		t.Errorf("limit 1: %d places of %d", len(lim.Places), lim.PlacesTotal)
	}
	// The same calls in another order give the same answer.
	rev := []Call{calls[3], calls[2], calls[1], calls[0]}
	r2 := RepeatLocations(RepeatQuery{From: from, To: to, RadiusM: 30, MinCalls: 1, Zone: zone}, rev, nil, institutions)
	if len(r2.Places) != 2 || r2.Places[0] != r1.Places[0] || r2.Places[1] != r1.Places[1] {
		t.Errorf("order changed the answer: %+v vs %+v", r2.Places, r1.Places)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestInteractionsPerShiftByHand(t *testing.T) {
	zone := care.DefaultZone()
	mon := time.Date(2026, 3, 2, 8, 0, 0, 0, zone)
	shifts := []care.Shift{
		{ID: "a1", UserID: "ana", StartedAt: mon, EndedAt: mon.Add(8 * time.Hour), Encounters: 3, Attempts: 2, Referrals: 1},
		{ID: "a2", UserID: "ana", StartedAt: mon.AddDate(0, 0, 6), EndedAt: mon.AddDate(0, 0, 6).Add(8 * time.Hour), Encounters: 1},
		{ID: "b1", UserID: "ben", StartedAt: mon.AddDate(0, 0, 7), Encounters: 2, Attempts: 4, Referrals: 2},
	}
	r := InteractionsPerShift(mon, mon.AddDate(0, 0, 14), shifts, zone)
	// Interactions per shift: 5, 1, 6.
	if got := r.Program; got.Shifts != 3 || got.Interactions != (Stat{12, 4, 5}) || got.Encounters != (Stat{6, 2, 2}) ||
		got.Attempts != (Stat{6, 2, 2}) || got.Referrals != (Stat{3, 1, 1}) {
		t.Errorf("program %+v", got)
	}
	if len(r.Peers) != 2 || r.Peers[0].UserID != "ana" || r.Peers[0].Interactions != (Stat{6, 3, 3}) ||
		r.Peers[1].Interactions != (Stat{6, 6, 6}) {
		t.Errorf("peers %+v", r.Peers)
	}
	// Monday and Sunday are one week; the next Monday starts another.
	if len(r.Weeks) != 2 || r.Weeks[0].Week != "2026-W10" || r.Weeks[0].Shifts != 2 || r.Weeks[0].Interactions != 6 ||
		r.Weeks[1].Week != "2026-W11" || r.Weeks[1].Interactions != 6 || r.Weeks[1].Referrals != 2 {
		t.Errorf("weeks %+v", r.Weeks)
	}
	if r.Shifts[0].Interactions != 5 {
		t.Errorf("shift interactions not filled: %+v", r.Shifts[0])
	}
	// The distribution over shifts: one shift of 1 interaction, one of 5, one of 6.
	want := map[string]int{"1": 1, "5": 1, "6-9": 1}
	for _, b := range r.Distribution {
		if b.Shifts != want[b.Label] {
			t.Errorf("distribution %+v", r.Distribution)
			break
		}
	}
	// Without the list of shifts: the same figures, no shifts table.
	lean := r.WithoutShifts()
	if lean.Shifts != nil || lean.Program != r.Program || len(lean.Distribution) != 8 {
		t.Errorf("without shifts: %+v", lean)
	}
	for _, tb := range lean.Deid(zone).Tables {
		if tb.Name == "shifts" {
			t.Error("the shifts table is still in the answer")
		}
	}
	if r.Deid(zone).Tables[3].Name != "shifts" {
		t.Error("the full answer lost its shifts")
	}
	// An even number of shifts: the median is the mean of the middle two.
	two := InteractionsPerShift(mon, mon, shifts[:2], zone)
	if two.Program.Interactions.Median != 3 || two.Program.Interactions.Mean != 3 {
		t.Errorf("two shifts %+v", two.Program.Interactions)
	}
}

func TestDiversionsByHand(t *testing.T) {
	zone := care.DefaultZone()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, zone)
	months := Months(from, from.AddDate(0, 3, 0), zone)
	rows := []DiversionRow{
		{Month: 0, Town: "Holyoke", Source: care.SourceCoResponse, Encounters: 10, EDDiverted: 4, ArrestDiverted: 2, Both: 1},
		{Month: 0, Town: "Springfield", Source: care.SourceDirectToPeer, Encounters: 5, EDDiverted: 1},
		{Month: 2, Town: "Holyoke", Source: care.SourceWalkIn, Encounters: 5, ArrestDiverted: 3, Both: 1},
	}
	r := Diversions(from, from.AddDate(0, 3, 0), months, rows)
	tot := r.Total
	if tot.Encounters != 20 || tot.EDDiverted != 5 || tot.ArrestDiverted != 5 || tot.Both != 2 || tot.DirectToPeer != 5 ||
		*tot.EDRate != 0.25 || *tot.ArrestRate != 0.25 || *tot.BothRate != 0.1 || *tot.DirectToPeerRate != 0.25 {
		t.Errorf("total %+v", tot)
	}
	if len(r.ByMonth) != 3 || r.ByMonth[0].Encounters != 15 || r.ByMonth[1].Encounters != 0 || r.ByMonth[1].EDRate != nil ||
		r.ByMonth[2].Key != "2026-03" || *r.ByMonth[2].ArrestRate != 0.6 {
		t.Errorf("by month %+v", r.ByMonth)
	}
	if len(r.ByTown) != 2 || r.ByTown[0].Key != "Holyoke" || r.ByTown[0].Encounters != 15 || *r.ByTown[0].EDRate != 0.2667 {
		t.Errorf("by town %+v", r.ByTown)
	}
	if len(r.BySource) != 4 || r.BySource[1].Key != "direct_to_peer" || r.BySource[1].DirectToPeer != 5 || r.BySource[3].Encounters != 0 {
		t.Errorf("by source %+v", r.BySource)
	}
}

func TestReferralsByHand(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	h := func(n float64) time.Time { return t0.Add(time.Duration(n * float64(time.Hour))) }
	asOf := h(24 * 30)
	rows := []ReferralRow{
		{ID: "r1", Need: "housing", OrganizationID: "o1", OrganizationName: "Shelter", Status: care.StatusCompleted, Outcome: care.OutcomeGotHelp,
			CreatedAt: t0, RequestedAt: t0, AcceptedAt: h(2), ClosedAt: h(48), UpdatedAt: h(48)},
		{ID: "r2", Need: "housing", OrganizationID: "o1", Status: care.StatusRejected, Reason: "No beds", Outcome: care.OutcomeNoCapacity,
			CreatedAt: t0, RequestedAt: t0, ClosedAt: h(1), UpdatedAt: h(1)},
		{ID: "r3", Need: "crisis", OrganizationID: "o2", LevelOfCare: "living_room", Status: care.StatusCompleted,
			CreatedAt: t0, RequestedAt: t0, AcceptedAt: h(4), ClosedAt: h(10), UpdatedAt: h(10)},
		{ID: "r4", Need: "crisis", OrganizationID: "o2", LevelOfCare: "living_room", Status: care.StatusFailed, Reason: "could not reach",
			CreatedAt: t0, RequestedAt: t0, AcceptedAt: h(10), ClosedAt: h(100), UpdatedAt: h(100)},
		{ID: "r5", Need: "food", OrganizationID: "o3", Status: care.StatusRequested, CreatedAt: t0, RequestedAt: t0, UpdatedAt: t0}, // stalled 30 days
		{ID: "r6", Need: "food", OrganizationID: "o3", Status: care.StatusAccepted, CreatedAt: h(700), RequestedAt: h(700), AcceptedAt: h(701), UpdatedAt: h(701)},
		{ID: "r7", Need: "food", Status: care.StatusEnteredInError, CreatedAt: t0, UpdatedAt: t0},
		{ID: "r8", Need: "housing", OrganizationID: "o1", Status: care.StatusRejected, Reason: "no  BEDS",
			CreatedAt: t0, RequestedAt: t0, ClosedAt: h(3), UpdatedAt: h(3)},
	}
	r := Referrals(t0, asOf, asOf, rows)
	// Closed: r1, r2, r3, r4, r8 (5); completed: r1, r3 (2).
	if r.Referrals != 7 || r.Closed != 5 || r.Completed != 2 || r.Open != 2 || *r.CompletionRate != 0.4 {
		t.Errorf("summary %+v", r)
	}
	// Hours to accept: 2, 4, 10, 1 → median 3; to complete: 48, 10 → 29.
	if *r.MedianHoursToAccept != 3 || *r.MedianHoursToComplete != 29 {
		t.Errorf("medians %v %v", *r.MedianHoursToAccept, *r.MedianHoursToComplete)
	}
	if r.Stalled != 1 || r.StalledReferrals[0].ID != "r5" || r.StalledReferrals[0].DaysStill != 30 {
		t.Errorf("stalled %+v", r.StalledReferrals)
	}
	need := map[string]CompletionGroup{}
	for _, g := range r.ByNeed {
		need[g.Key] = g
	}
	if g := need["housing"]; g.Referrals != 3 || g.Closed != 3 || g.Completed != 1 || *g.Rate != 0.3333 {
		t.Errorf("housing %+v", g)
	}
	if g := need["food"]; g.Referrals != 2 || g.Closed != 0 || g.Rate != nil {
		t.Errorf("food %+v", g)
	}
	if r.ByLevelOfCare[0].Key != "(none)" || r.ByLevelOfCare[1].Key != "living_room" || *r.ByLevelOfCare[1].Rate != 0.5 {
		t.Errorf("level %+v", r.ByLevelOfCare)
	}
	if len(r.RejectionReasons) != 1 || r.RejectionReasons[0] != (ReasonCount{"no beds", 2}) ||
		len(r.FailureReasons) != 1 || r.FailureReasons[0].Reason != "could not reach" {
		t.Errorf("reasons %+v %+v", r.RejectionReasons, r.FailureReasons)
	}
	if r.ByOrganization[0].Key != "o1" || r.ByOrganization[0].Name != "Shelter" {
		t.Errorf("organizations %+v", r.ByOrganization)
	}
}

func TestMonthsAndPrevious(t *testing.T) {
	zone := care.DefaultZone()
	from := time.Date(2026, 1, 15, 0, 0, 0, 0, zone)
	to := time.Date(2026, 3, 10, 0, 0, 0, 0, zone)
	ms := Months(from, to, zone)
	if len(ms) != 3 || !ms[0].Start.Equal(from) || ms[0].Label != "2026-01" || !ms[2].End.Equal(to) ||
		!ms[1].Start.Equal(time.Date(2026, 2, 1, 0, 0, 0, 0, zone)) {
		t.Errorf("months %+v", ms)
	}
	pf, pt := PreviousPeriod(time.Date(2026, 1, 1, 0, 0, 0, 0, zone), time.Date(2027, 1, 1, 0, 0, 0, 0, zone), zone)
	if !pf.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, zone)) || !pt.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, zone)) {
		t.Errorf("previous year = %v – %v", pf, pt)
	}
	if pf, _ := PreviousPeriod(from, to, zone); !pf.Equal(from.Add(-to.Sub(from))) {
		t.Errorf("previous of an unaligned range = %v", pf)
	}
	if got := Median([]float64{5, 1, 6}); got != 5 {
		t.Errorf("median %v", got)
	}
}
