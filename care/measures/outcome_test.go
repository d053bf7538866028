package measures

import (
	"testing"
	"time"

	"handoff/care"
)

// TestCompletionRateCountsHelped: the completion rate counts only the referrals that
// helped (care's TestOutcomeFitsStatus checks that an outcome fits its status).
func TestCompletionRateCountsHelped(t *testing.T) {
	at := time.Date(2026, 3, 2, 15, 0, 0, 0, time.UTC)
	// The completion rate: one got help, one completed "no room" from before the rule,
	// one failed for no room; one completed before outcomes were recorded.
	rows := []ReferralRow{
		{ID: "a", Need: "housing", Status: care.StatusCompleted, Outcome: care.OutcomeGotHelp},
		{ID: "b", Need: "housing", Status: care.StatusCompleted, Outcome: care.OutcomeNoCapacity},
		{ID: "c", Need: "housing", Status: care.StatusFailed, Outcome: care.OutcomeNoCapacity},
		{ID: "d", Need: "housing", Status: care.StatusCompleted},
	}
	r := Referrals(at.AddDate(0, -1, 0), at, at, rows)
	if r.Closed != 4 || r.Completed != 2 || r.CompletionRate == nil || *r.CompletionRate != 0.5 {
		t.Errorf("closed %d, completed %d, rate %v; want 4, 2 (got help, or completed before outcomes), 0.5", r.Closed, r.Completed, r.CompletionRate)
	}
	if g := r.ByNeed; len(g) != 1 || g[0].Completed != 2 || g[0].Closed != 4 {
		t.Errorf("by need: %+v", g)
	}
}
