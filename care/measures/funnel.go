package measures

import (
	"cmp"
	"slices"
	"time"

	"handoff/care"
)

// The referral funnel (issue 15): how far the referrals made in a period got — sent,
// accepted, then completed with help, failed, rejected or cancelled — and how long the
// agencies took to accept and to complete them, as median and 90th percentile, for the
// program and by agency and need. It reads the same rows as Referrals and is additive
// to it: Referrals' completion rate stays as it is.

// Durations are how long something took, in hours, over Count referrals: the median and
// the 90th percentile (nearest rank); nil when there is nothing to measure.
type Durations struct {
	Count  int      `json:"count"`
	Median *float64 `json:"median_hours"`
	P90    *float64 `json:"p90_hours"`
}

// FunnelCounts are the stages of a set of referrals. Sent counts the referrals that left
// draft; Accepted those an agency accepted at some point; Completed those closed as
// completed with help (care.Helped); ClosedOther those completed with another outcome.
type FunnelCounts struct {
	Referrals   int `json:"referrals"`
	Sent        int `json:"sent"`
	Accepted    int `json:"accepted"`
	Completed   int `json:"completed"`
	Failed      int `json:"failed"`
	Rejected    int `json:"rejected"`
	Cancelled   int `json:"cancelled"`
	ClosedOther int `json:"closed_other"`
	Open        int `json:"open"`
}

// FunnelGroup is the funnel of one agency (organization), need, or the whole program.
type FunnelGroup struct {
	Key  string `json:"key"`
	Name string `json:"name,omitempty"`
	FunnelCounts
	AcceptRate   *float64  `json:"accept_rate"`   // accepted ÷ sent
	CompleteRate *float64  `json:"complete_rate"` // completed ÷ accepted
	ToAccept     Durations `json:"to_accept"`
	ToComplete   Durations `json:"to_complete"`
}

// FunnelReport is the referral funnel measure.
type FunnelReport struct {
	From     time.Time      `json:"from"`
	To       time.Time      `json:"to"`
	Total    FunnelGroup    `json:"total"`
	ByAgency []FunnelGroup  `json:"by_agency"`
	ByNeed   []FunnelGroup  `json:"by_need"`
	Outcomes []OutcomeCount `json:"outcomes"`
}

type funnelAcc struct {
	g                    FunnelGroup
	toAccept, toComplete []float64
}

// ReferralFunnel computes the funnel over the referrals made in [from, to). Referrals
// entered in error never happened and are left out. Times run from the request (the
// creation when it was never requested).
func ReferralFunnel(from, to time.Time, rows []ReferralRow) FunnelReport {
	r := FunnelReport{From: from, To: to, ByAgency: []FunnelGroup{}, ByNeed: []FunnelGroup{}, Outcomes: []OutcomeCount{}}
	total := &funnelAcc{g: FunnelGroup{Key: "program"}}
	agencies, needs := map[string]*funnelAcc{}, map[string]*funnelAcc{}
	outcomes := map[string]int{}
	at := func(m map[string]*funnelAcc, key, name string) *funnelAcc {
		if key == "" {
			key = "(none)"
		}
		a := m[key]
		if a == nil {
			a = &funnelAcc{g: FunnelGroup{Key: key, Name: name}}
			m[key] = a
		}
		return a
	}
	for _, row := range rows {
		if row.Status == care.StatusEnteredInError {
			continue
		}
		if row.Status.Closed() {
			out := string(row.Outcome)
			if out == "" {
				out = "(none)"
			}
			outcomes[out]++
		}
		for _, a := range []*funnelAcc{total, at(agencies, row.OrganizationID, row.OrganizationName), at(needs, row.Need, "")} {
			a.add(row)
		}
	}
	r.Total = total.done()
	for _, set := range []struct {
		m   map[string]*funnelAcc
		out *[]FunnelGroup
	}{{agencies, &r.ByAgency}, {needs, &r.ByNeed}} {
		for _, a := range set.m {
			*set.out = append(*set.out, a.done())
		}
		slices.SortFunc(*set.out, func(a, b FunnelGroup) int {
			return cmp.Or(cmp.Compare(b.Referrals, a.Referrals), cmp.Compare(a.Key, b.Key))
		})
	}
	for _, k := range countKeys(outcomes) {
		r.Outcomes = append(r.Outcomes, OutcomeCount{k, outcomes[k]})
	}
	return r
}

func (a *funnelAcc) add(row ReferralRow) {
	g := &a.g
	g.Referrals++
	if row.Status != care.StatusDraft {
		g.Sent++
	}
	if !row.AcceptedAt.IsZero() {
		g.Accepted++
	}
	helped := care.Helped(row.Status, row.Outcome)
	switch {
	case helped:
		g.Completed++
	case row.Status == care.StatusCompleted:
		g.ClosedOther++
	case row.Status == care.StatusFailed:
		g.Failed++
	case row.Status == care.StatusRejected:
		g.Rejected++
	case row.Status == care.StatusCancelled:
		g.Cancelled++
	case row.Status.Open():
		g.Open++
	}
	start := row.RequestedAt
	if start.IsZero() {
		start = row.CreatedAt
	}
	if !row.AcceptedAt.IsZero() && !row.AcceptedAt.Before(start) {
		a.toAccept = append(a.toAccept, row.AcceptedAt.Sub(start).Hours())
	}
	if helped && !row.ClosedAt.IsZero() && !row.ClosedAt.Before(start) {
		a.toComplete = append(a.toComplete, row.ClosedAt.Sub(start).Hours())
	}
}

func (a *funnelAcc) done() FunnelGroup {
	g := a.g
	g.AcceptRate = Rate(g.Accepted, g.Sent)
	g.CompleteRate = Rate(g.Completed, g.Accepted)
	g.ToAccept, g.ToComplete = durations(a.toAccept), durations(a.toComplete)
	return g
}

func durations(xs []float64) Durations {
	d := Durations{Count: len(xs)}
	if len(xs) == 0 {
		return d
	}
	m, p := round(Median(xs), 2), round(Quantile(xs, 0.9), 2)
	d.Median, d.P90 = &m, &p
	return d
}

// Quantile is the q-quantile of xs by the nearest-rank method (the smallest value with at
// least q of the values at or below it); 0 for none. xs is not modified.
func Quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(q*float64(len(s)) + 0.999999999)
	rank = max(1, min(rank, len(s)))
	return s[rank-1]
}
