package directory

import (
	"cmp"
	"fmt"
	"time"
)

// What needs an agency's attention in its own listings, for the agency portal's "My
// listings": the same facts as the freshness queue, seen from the agency's side. The
// rule is here so that the portal's order is one pure function the tests pin down.

// The kinds of attention a listing may need, most urgent first.
const (
	// AttentionNewReferrals: referrals sent to the listing wait for an answer. A person
	// is waiting: nothing is more urgent.
	AttentionNewReferrals = "new-referrals"
	// AttentionCapacityStale: a capacity figure is past its time-to-live, or was never
	// dated, so search shows it as unknown and peers phone instead.
	AttentionCapacityStale = "capacity-stale"
	// AttentionNeverConfirmed: no one ever confirmed the listing.
	AttentionNeverConfirmed = "never-confirmed"
	// AttentionConfirmationDue: the last confirmation is older than CheckEvery
	// (CrisisCheckEvery for a crisis service): the listing is in the freshness queue.
	AttentionConfirmationDue = "confirmation-due"
)

// attentionRank orders the kinds: lower is more urgent.
var attentionRank = map[string]int{AttentionNewReferrals: 0, AttentionCapacityStale: 1,
	AttentionNeverConfirmed: 2, AttentionConfirmationDue: 3}

// Attention is one thing a listing needs, in code and in words.
type Attention struct {
	Code  string `json:"code"`
	Count int    `json:"count,omitempty"`
	Text  string `json:"text"`
}

// ListingState is what the portal knows of one of the agency's listings.
type ListingState struct {
	Name          string
	Crisis        bool
	Capacities    []Capacity
	LastConfirmed time.Time // zero: never confirmed
	NewReferrals  int       // referrals in "requested": waiting for the agency's answer
}

// ListingAttention lists what the listing needs at now, most urgent first. ttl is the
// server's capacity time-to-live for figures without their own (CapacityTTL).
func ListingAttention(l ListingState, now time.Time, ttl time.Duration) []Attention {
	var out []Attention
	if n := l.NewReferrals; n > 0 {
		text := "1 new referral waits for your answer"
		if n > 1 {
			text = fmt.Sprintf("%d new referrals wait for your answer", n)
		}
		out = append(out, Attention{Code: AttentionNewReferrals, Count: n, Text: text})
	}
	stale := 0
	for i := range l.Capacities {
		c := &l.Capacities[i]
		t, ok := CapacityUpdated(c)
		if !ok || !CapacityCurrent(t, CapacityTTL(c, ttl), now) {
			stale++
		}
	}
	if stale > 0 {
		out = append(out, Attention{Code: AttentionCapacityStale, Count: stale,
			Text: "capacity is out of date: search shows it as unknown"})
	}
	every := CheckEvery
	if l.Crisis {
		every = CrisisCheckEvery
	}
	switch {
	case l.LastConfirmed.IsZero():
		out = append(out, Attention{Code: AttentionNeverConfirmed, Text: "never confirmed"})
	case now.Sub(l.LastConfirmed) > every:
		out = append(out, Attention{Code: AttentionConfirmationDue, Text: "due for a confirmation: last confirmed " + ago(now.Sub(l.LastConfirmed))})
	}
	return out
}

// CompareAttention orders two listings for the portal: the one whose most urgent need
// is more urgent first, then the one with more needs, then the older confirmation
// (never confirmed is the oldest), then by name.
func CompareAttention(a, b ListingState, na, nb []Attention) int {
	if c := cmp.Compare(topRank(na), topRank(nb)); c != 0 {
		return c
	}
	if c := cmp.Compare(len(nb), len(na)); c != 0 {
		return c
	}
	if c := a.LastConfirmed.Compare(b.LastConfirmed); c != 0 {
		return c
	}
	return cmp.Compare(a.Name, b.Name)
}

// topRank is the rank of the most urgent need; past every kind for none.
func topRank(as []Attention) int {
	r := len(attentionRank)
	for _, a := range as {
		r = min(r, attentionRank[a.Code])
	}
	return r
}
