package directory

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// The freshness queue: which listings a coordinator should check first, and why. The
// store gathers the facts (FreshnessFacts); the rules here decide what is due and in
// which order, so that the page, the API and the tests agree on one rule.

// How often a listing should be confirmed by a person. A crisis service is checked more
// often: a wrong number for a crisis line costs more than one for a food pantry.
const (
	CheckEvery       = 90 * 24 * time.Hour
	CrisisCheckEvery = 30 * 24 * time.Hour
)

// DefaultReferralUnansweredAfter is how long a referral may wait in "requested" before it
// flags its listing: three days, a long weekend.
const DefaultReferralUnansweredAfter = 72 * time.Hour

// The kinds of flag against a listing.
const (
	FlagNoCapacity       = "referral-no-capacity"       // a referral ended "no room"
	FlagCouldNotContact  = "referral-could-not-contact" // a referral ended "couldn't reach them"
	FlagUnanswered       = "referral-unanswered"        // a referral left in "requested"
	FlagCheckFailed      = "check-could-not-reach"      // a check could not reach them
	FlagChangesNeeded    = "check-changes-needed"       // a check found the listing wrong
	FlagProblemReport    = "problem-report"             // a pending problem report (report a problem)
	reasonCrisis         = "crisis"
	reasonNeverConfirmed = "never-confirmed"
	reasonOverdue        = "overdue"
)

// crisisLevels are the levels of care that make a listing a crisis service.
var crisisLevels = map[string]bool{"crisis_line": true, "mobile_crisis": true, "crisis_stabilization": true, "living_room": true}

// IsCrisis reports whether a listing with these handoff:need and handoff:level_of_care
// codes is a crisis service, checked first.
func IsCrisis(needs, levels []string) bool {
	if slices.Contains(needs, "crisis") {
		return true
	}
	for _, l := range levels {
		if crisisLevels[l] {
			return true
		}
	}
	return false
}

// FreshnessFlag is one event against a listing: At is when it became a flag (a
// referral's end, or the moment an unanswered one became overdue; a check's time).
type FreshnessFlag struct {
	Kind string
	At   time.Time
}

// FreshnessFacts is what the store knows about one listing for the queue.
type FreshnessFacts struct {
	ServiceID, Name         string
	OrganizationID, OrgName string
	Phone                   string
	Crisis                  bool
	LastConfirmed           time.Time // zero: never confirmed (by a verification or an imported assured_date)
	Flags                   []FreshnessFlag
}

// FreshnessReason is one reason a listing is in the queue, in code and in words.
type FreshnessReason struct {
	Code  string `json:"code"`
	Count int    `json:"count,omitempty"`
	Text  string `json:"text"`
}

// FreshnessItem is a listing due for a check, with its reasons.
type FreshnessItem struct {
	FreshnessFacts
	OpenFlags int
	Reasons   []FreshnessReason
}

// openFlags counts the flags raised since the listing was last confirmed: a
// confirmation answers the flags before it.
func (f *FreshnessFacts) openFlags() map[string]int {
	m := map[string]int{}
	for _, fl := range f.Flags {
		if f.LastConfirmed.IsZero() || fl.At.After(f.LastConfirmed) {
			m[fl.Kind]++
		}
	}
	return m
}

// flagWords says a flag kind in words, for n of them.
var flagWords = map[string][2]string{
	FlagNoCapacity:      {"a referral ended “no room”", "%d referrals ended “no room”"},
	FlagCouldNotContact: {"a referral ended “couldn't reach them”", "%d referrals ended “couldn't reach them”"},
	FlagUnanswered:      {"a referral is unanswered", "%d referrals are unanswered"},
	FlagCheckFailed:     {"the last check could not reach them", "%d checks could not reach them"},
	FlagChangesNeeded:   {"a check found changes needed", "%d checks found changes needed"},
	FlagProblemReport:   {"1 problem report", "%d problem reports"},
}

// flagOrder is the order reasons are listed in.
var flagOrder = []string{FlagNoCapacity, FlagCouldNotContact, FlagUnanswered, FlagProblemReport, FlagChangesNeeded, FlagCheckFailed}

// Freshness decides which listings are due for a check at now, and orders them: crisis
// services first; then the listings with more open flags (evidence that the listing is
// wrong beats its mere age); then the oldest confirmation first (never confirmed is the
// oldest); then by name, so that pages are stable. A listing is due when it has an open
// flag, was never confirmed, or its confirmation is older than CheckEvery
// (CrisisCheckEvery for a crisis service).
func Freshness(facts []FreshnessFacts, now time.Time) []FreshnessItem {
	var out []FreshnessItem
	for _, f := range facts {
		it := FreshnessItem{FreshnessFacts: f}
		open := f.openFlags()
		every := CheckEvery
		if f.Crisis {
			every = CrisisCheckEvery
			it.Reasons = append(it.Reasons, FreshnessReason{Code: reasonCrisis, Text: "crisis service"})
		}
		due := false
		switch {
		case f.LastConfirmed.IsZero():
			due = true
			it.Reasons = append(it.Reasons, FreshnessReason{Code: reasonNeverConfirmed, Text: "never confirmed"})
		case now.Sub(f.LastConfirmed) > every:
			due = true
			it.Reasons = append(it.Reasons, FreshnessReason{Code: reasonOverdue,
				Text: "last confirmed " + ago(now.Sub(f.LastConfirmed))})
		}
		for _, k := range flagOrder {
			n := open[k]
			if n == 0 {
				continue
			}
			due = true
			it.OpenFlags += n
			text := flagWords[k][0]
			if n > 1 {
				text = fmt.Sprintf(flagWords[k][1], n)
			}
			it.Reasons = append(it.Reasons, FreshnessReason{Code: k, Count: n, Text: text})
		}
		if due {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, compareFreshness)
	return out
}

// compareFreshness is the queue's order (see Freshness).
func compareFreshness(a, b FreshnessItem) int {
	if a.Crisis != b.Crisis {
		if a.Crisis {
			return -1
		}
		return 1
	}
	if c := cmp.Compare(b.OpenFlags, a.OpenFlags); c != 0 {
		return c
	}
	// Older first; the zero time (never) is the oldest of all.
	if c := a.LastConfirmed.Compare(b.LastConfirmed); c != 0 {
		return c
	}
	return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ServiceID, b.ServiceID))
}

// ago says a duration in days (or hours, under two days), as "45 days ago".
func ago(d time.Duration) string {
	if d < 48*time.Hour {
		return fmt.Sprintf("%d hours ago", int(d.Hours()))
	}
	return fmt.Sprintf("%d days ago", int(d.Hours()/24))
}
