package measures

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"handoff/care"
)

// ReferralRow is one referral as the referral measure reads it: its groups, where it
// stands, and when it moved.
type ReferralRow struct {
	ID               string
	Need             string
	OrganizationID   string
	OrganizationName string
	LevelOfCare      string
	Status           care.Status
	Outcome          care.Outcome
	Reason           string // the reason of its latest move
	CreatedAt        time.Time
	RequestedAt      time.Time
	AcceptedAt       time.Time
	ClosedAt         time.Time
	UpdatedAt        time.Time // the latest move
}

// StallAfter is how long without a move makes an open referral stalled.
const StallAfter = 14 * 24 * time.Hour

// CompletionGroup is the completion figures of one need, organization or level of care.
// The rate is completed ÷ closed (completed, failed, rejected or cancelled); referrals
// still open do not count against it. Completed counts the referrals the person got
// help from (Helped: completed with got-help), never an outcome of no room, no contact,
// not eligible, no longer interested or referred elsewhere.
type CompletionGroup struct {
	Key       string   `json:"key"`
	Name      string   `json:"name,omitempty"`
	Referrals int      `json:"referrals"`
	Closed    int      `json:"closed"`
	Completed int      `json:"completed"`
	Rate      *float64 `json:"completion_rate"`
}

// StalledReferral is an open referral that has not moved for StallAfter.
type StalledReferral struct {
	ID             string      `json:"id"`
	Status         care.Status `json:"status"`
	Need           string      `json:"need"`
	OrganizationID string      `json:"organization_id,omitempty"`
	DaysStill      float64     `json:"days_without_movement"`
}

// ReasonCount is how often a reason was given.
type ReasonCount struct {
	Reason string `json:"reason"`
	Count  int    `json:"count"`
}

// OutcomeCount is how often an outcome was recorded on closed referrals.
type OutcomeCount struct {
	Outcome string `json:"outcome"`
	Count   int    `json:"count"`
}

// ReferralReport is the referral-completion measure. Times to accept and to complete are
// medians in hours from the request; nil when there is nothing to measure.
type ReferralReport struct {
	From                  time.Time         `json:"from"`
	To                    time.Time         `json:"to"`
	AsOf                  time.Time         `json:"as_of"`
	Referrals             int               `json:"referrals"`
	Open                  int               `json:"open"`
	Closed                int               `json:"closed"`
	Completed             int               `json:"completed"`
	CompletionRate        *float64          `json:"completion_rate"`
	ByNeed                []CompletionGroup `json:"by_need"`
	ByOrganization        []CompletionGroup `json:"by_organization"`
	ByLevelOfCare         []CompletionGroup `json:"by_level_of_care"`
	MedianHoursToAccept   *float64          `json:"median_hours_to_accept"`
	MedianHoursToComplete *float64          `json:"median_hours_to_complete"`
	Stalled               int               `json:"stalled"`
	StalledReferrals      []StalledReferral `json:"stalled_referrals"`
	Outcomes              []OutcomeCount    `json:"outcomes"`
	RejectionReasons      []ReasonCount     `json:"rejection_reasons"`
	FailureReasons        []ReasonCount     `json:"failure_reasons"`
	// How many referrals each median is over: a median of one is that referral's time.
	acceptedN, completedN int
}

// Referrals computes the measure over the referrals made in [from, to), as of time
// asOf (for what is stalled). Referrals entered in error are left out: they never
// happened.
func Referrals(from, to, asOf time.Time, rows []ReferralRow) ReferralReport {
	r := ReferralReport{From: from, To: to, AsOf: asOf, StalledReferrals: []StalledReferral{},
		Outcomes: []OutcomeCount{}, RejectionReasons: []ReasonCount{}, FailureReasons: []ReasonCount{}}
	byNeed, byOrg, byLevel := map[string]*CompletionGroup{}, map[string]*CompletionGroup{}, map[string]*CompletionGroup{}
	outcomes, rejected, failed := map[string]int{}, map[string]int{}, map[string]int{}
	var toAccept, toComplete []float64
	for _, row := range rows {
		if row.Status == care.StatusEnteredInError {
			continue
		}
		r.Referrals++
		// Done means the person got help (Helped): a referral closed as completed
		// with an outcome that says otherwise is closed, not done.
		closed, completed := row.Status.Closed(), care.Helped(row.Status, row.Outcome)
		if closed {
			r.Closed++
			out := string(row.Outcome)
			if out == "" {
				out = "(none)"
			}
			outcomes[out]++
		} else {
			r.Open++
		}
		if completed {
			r.Completed++
		}
		group(byNeed, row.Need, "", closed, completed)
		group(byOrg, row.OrganizationID, row.OrganizationName, closed, completed)
		group(byLevel, row.LevelOfCare, "", closed, completed)

		start := row.RequestedAt
		if start.IsZero() {
			start = row.CreatedAt
		}
		if !row.AcceptedAt.IsZero() && !row.AcceptedAt.Before(start) {
			toAccept = append(toAccept, row.AcceptedAt.Sub(start).Hours())
		}
		if completed && !row.ClosedAt.IsZero() && !row.ClosedAt.Before(start) {
			toComplete = append(toComplete, row.ClosedAt.Sub(start).Hours())
		}
		if row.Status.Open() && asOf.Sub(row.UpdatedAt) >= StallAfter {
			r.StalledReferrals = append(r.StalledReferrals, StalledReferral{ID: row.ID, Status: row.Status, Need: row.Need,
				OrganizationID: row.OrganizationID, DaysStill: round(asOf.Sub(row.UpdatedAt).Hours()/24, 1)})
		}
		switch row.Status {
		case care.StatusRejected:
			rejected[reasonKey(row.Reason)]++
		case care.StatusFailed:
			failed[reasonKey(row.Reason)]++
		}
	}
	r.CompletionRate = Rate(r.Completed, r.Closed)
	r.ByNeed, r.ByOrganization, r.ByLevelOfCare = groups(byNeed), groups(byOrg), groups(byLevel)
	r.acceptedN, r.completedN = len(toAccept), len(toComplete)
	if len(toAccept) > 0 {
		m := round(Median(toAccept), 2)
		r.MedianHoursToAccept = &m
	}
	if len(toComplete) > 0 {
		m := round(Median(toComplete), 2)
		r.MedianHoursToComplete = &m
	}
	r.Stalled = len(r.StalledReferrals)
	slices.SortFunc(r.StalledReferrals, func(a, b StalledReferral) int {
		return cmp.Or(cmp.Compare(b.DaysStill, a.DaysStill), cmp.Compare(a.ID, b.ID))
	})
	for _, k := range countKeys(outcomes) {
		r.Outcomes = append(r.Outcomes, OutcomeCount{k, outcomes[k]})
	}
	for _, k := range countKeys(rejected) {
		r.RejectionReasons = append(r.RejectionReasons, ReasonCount{k, rejected[k]})
	}
	for _, k := range countKeys(failed) {
		r.FailureReasons = append(r.FailureReasons, ReasonCount{k, failed[k]})
	}
	return r
}

// reasonKey folds case and spacing so that "No beds" and "no  beds" count together.
func reasonKey(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	if s == "" {
		return "(none given)"
	}
	return s
}

func group(m map[string]*CompletionGroup, key, name string, closed, completed bool) {
	if key == "" {
		key = "(none)"
	}
	g := m[key]
	if g == nil {
		g = &CompletionGroup{Key: key, Name: name}
		m[key] = g
	}
	g.Referrals++
	if closed {
		g.Closed++
	}
	if completed {
		g.Completed++
	}
}

func groups(m map[string]*CompletionGroup) []CompletionGroup {
	out := make([]CompletionGroup, 0, len(m))
	for _, g := range m {
		g.Rate = Rate(g.Completed, g.Closed)
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b CompletionGroup) int {
		return cmp.Or(cmp.Compare(b.Referrals, a.Referrals), cmp.Compare(a.Key, b.Key))
	})
	return out
}
