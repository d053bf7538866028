package api_test

import (
	"fmt"
	"testing"

	"handoff/care/measures/deid"
)

// placeKeyOf is a place row's key as the dashboard opens it: lat,lon to three decimals.
func placeKeyOf(p map[string]string) string {
	var lat, lon float64
	fmt.Sscan(p["lat"], &lat)
	fmt.Sscan(p["lon"], &lon)
	return fmt.Sprintf("%.3f,%.3f", lat, lon)
}

// funnelCountCols are the funnel's columns that count referrals.
var funnelCountCols = []string{"referrals", "sent", "accepted", "open", "closed", "completed", "closed_other", "failed",
	"rejected", "cancelled", "to_accept_count", "to_complete_count"}

// funnelEquations adds the sums the funnel's tables obey (named with prefix), written
// from their meaning, and checks what is shown: no small count, rates over counts that
// clear the threshold, times over enough referrals (truth: the unsuppressed answer).
func funnelEquations(t *testing.T, e *equations, prefix string, got, truth map[string][]map[string]string, min int) {
	t.Helper()
	if truth != nil {
		noSmallShown(t, "referral-funnel", got, min, append(funnelCountCols, "count")...)
	}
	for _, tb := range []string{"total", "by_agency", "by_need"} {
		for i, row := range got[tb] {
			c := func(col string) *deid.Cell { return e.cell(prefix+tb, i, col) }
			e.sum(c("referrals"), c("open"), c("closed"))
			e.sum(c("closed"), c("completed"), c("closed_other"), c("failed"), c("rejected"), c("cancelled"))
			if truth == nil {
				continue
			}
			for _, d := range []string{"to_accept", "to_complete"} {
				var n int
				fmt.Sscan(truth[tb][i][d+"_count"], &n)
				for _, stat := range []string{"_median_hours", "_p90_hours"} {
					if v := row[d+stat]; v != deid.Marker && v != "" && n < min {
						t.Errorf("referral-funnel/%s row %d: %s%s %s shown over %d referrals", tb, i, d, stat, v, n)
					}
				}
			}
		}
		if truth != nil {
			rateShown(t, "referral-funnel", tb, got[tb], min, "accept_rate", "accepted", "sent")
			rateShown(t, "referral-funnel", tb, got[tb], min, "complete_rate", "completed", "accepted")
		}
	}
	for _, col := range funnelCountCols {
		for _, by := range []string{"by_agency", "by_need"} {
			e.sum(e.cell(prefix+"total", 0, col), e.column(prefix+by, col)...)
		}
	}
	e.sum(e.cell(prefix+"total", 0, "closed"), e.column(prefix+"outcomes", "count")...)
}

// crossReferrals solves the referral-completion measure and the funnel together: the
// same referrals, so the program's, each need's and each organization's referrals,
// closed and completed are one figure in both, and so is each outcome's count.
func crossReferrals(t *testing.T, ref, fun map[string][]map[string]string, min int) {
	t.Helper()
	tables := map[string][]map[string]string{}
	for name, rows := range ref {
		tables["r:"+name] = rows
	}
	for name, rows := range fun {
		tables["f:"+name] = rows
	}
	e := newEquations(t, tables)
	same := func(a, b *deid.Cell) { e.sum(a, b) }
	referrals, closed, completed := e.cell("r:summary", 0, "referrals"), e.cell("r:summary", 0, "closed"), e.cell("r:summary", 0, "completed")
	e.sum(referrals, e.cell("r:summary", 0, "open"), closed)
	for _, by := range []string{"by_need", "by_organization", "by_level_of_care"} {
		e.sum(referrals, e.column("r:"+by, "referrals")...)
		e.sum(closed, e.column("r:"+by, "closed")...)
		e.sum(completed, e.column("r:"+by, "completed")...)
	}
	e.sum(closed, e.column("r:outcomes", "count")...)
	funnelEquations(t, e, "f:", fun, nil, min)
	for _, col := range []string{"referrals", "open", "closed", "completed"} {
		same(e.cell("r:summary", 0, col), e.cell("f:total", 0, col))
	}
	for _, pair := range [][2]string{{"by_need", "by_need"}, {"by_organization", "by_agency"}} {
		for i, r := range ref[pair[0]] {
			for j, g := range fun[pair[1]] {
				if r["key"] == g["key"] {
					for _, col := range []string{"referrals", "closed", "completed"} {
						same(e.cell("r:"+pair[0], i, col), e.cell("f:"+pair[1], j, col))
					}
				}
			}
		}
	}
	for i, r := range ref["outcomes"] {
		for j, g := range fun["outcomes"] {
			if r["outcome"] == g["outcome"] {
				same(e.cell("r:outcomes", i, "count"), e.cell("f:outcomes", j, "count"))
			}
		}
	}
	e.check("referrals with referral-funnel")
}
