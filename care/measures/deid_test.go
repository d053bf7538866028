package measures

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/measures/deid"
)

// safe fails when a relation of rep leaves one unknown or the relations together give a
// withheld cell back, or when a count from 1 to min-1 is shown.
func safe(t *testing.T, name string, rep *deid.Report, min int) {
	t.Helper()
	for _, rel := range rep.Relations {
		n := map[*deid.Cell]bool{}
		for _, term := range rel {
			if term.Cell.Suppressed {
				n[term.Cell] = true
			}
		}
		if len(n) == 1 {
			t.Errorf("%s: a relation with one unknown", name)
		}
	}
	if d := deid.Determined(rep.Relations); len(d) != 0 {
		t.Errorf("%s: %d withheld cells determined", name, len(d))
	}
	for _, tb := range rep.Tables {
		for _, row := range tb.Rows {
			for j, c := range row {
				if c.Kind == deid.Count && !c.Suppressed && c.N > 0 && c.N < min {
					t.Errorf("%s/%s: %s = %d shown", name, tb.Name, tb.Columns[j], c.N)
				}
			}
		}
	}
}

// TestDeidRandomPrograms runs the rule over the repeat-location, diversion and referral
// reports of random programs, small and large, and finds nothing given back.
func TestDeidRandomPrograms(t *testing.T) {
	zone := care.DefaultZone()
	from := time.Date(2026, 1, 1, 0, 0, 0, 0, zone)
	to := from.AddDate(0, 6, 0)
	for seed := range uint64(12) {
		r := rand.New(rand.NewPCG(seed, 7))
		n := 20 + r.IntN(600)
		var calls []Call
		for i := range n {
			at := from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
			c := call(fmt.Sprint(i), fmt.Sprint(r.IntN(n/3+1)), at, float64(r.IntN(40))*60, float64(r.IntN(40))*60)
			calls = append(calls, c)
		}
		for _, limit := range []int{0, 5} {
			rep := RepeatLocations(RepeatQuery{From: from, To: to, Zone: zone, MinCalls: 2, Limit: limit}, calls, calls[:n/2], nil).Deid(zone)
			deid.Rule{Min: 11}.Apply(rep)
			safe(t, fmt.Sprintf("repeat seed %d limit %d", seed, limit), rep, 11)
		}

		months := Months(from, to, zone)
		var rows []DiversionRow
		for range 30 + r.IntN(100) {
			enc := 1 + r.IntN(15)
			ed := r.IntN(enc + 1)
			rows = append(rows, DiversionRow{Month: r.IntN(len(months)), Town: fmt.Sprint("town", r.IntN(8)),
				Source: care.Sources()[r.IntN(len(care.Sources()))], Encounters: enc, EDDiverted: ed, ArrestDiverted: r.IntN(enc + 1), Both: r.IntN(ed + 1)})
		}
		div := Diversions(from, to, months, rows).Deid(zone)
		deid.Rule{Min: 11}.Apply(div)
		safe(t, fmt.Sprintf("diversions seed %d", seed), div, 11)

		var refs []ReferralRow
		statuses := []care.Status{care.StatusRequested, care.StatusAccepted, care.StatusCompleted, care.StatusFailed, care.StatusRejected}
		for i := range 10 + r.IntN(200) {
			st := statuses[r.IntN(len(statuses))]
			refs = append(refs, ReferralRow{ID: fmt.Sprint(i), Need: fmt.Sprint("need", r.IntN(6)), OrganizationID: fmt.Sprint("org", r.IntN(5)),
				Status: st, Outcome: care.OutcomeGotHelp, CreatedAt: from, UpdatedAt: from, Reason: fmt.Sprint("r", r.IntN(3))})
		}
		ref := Referrals(from, to, to, refs).Deid(zone)
		deid.Rule{Min: 11}.Apply(ref)
		safe(t, fmt.Sprintf("referrals seed %d", seed), ref, 11)
	}
}
