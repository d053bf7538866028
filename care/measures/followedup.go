package measures

import (
	"cmp"
	"slices"
	"time"

	"handoff/care"
)

// Contact is something that follows up a call: a follow-up attempt, a referral or a
// follow-up visit. It follows the calls of its person (PersonID), and the encounter it
// was made from when that is known (EncounterID): anonymous calls have no person.
type Contact struct {
	PersonID    string
	EncounterID string
	At          time.Time
}

// FollowedUpAt is the rule of "followed up": for each call, the time of the earliest
// contact within care.FollowUpWindow after it (zero when none), where a contact follows the
// calls of its person and, when it names one, the encounter it was made from. The store
// keeps its answer on each encounter as it writes; this is the same rule over rows, for
// checking the store and for bulk loads. Contacts are kept as times per key in one flat
// slice, sorted per key, so that a year of a large program costs a few allocations.
func FollowedUpAt(calls []Call, contacts []Contact) []time.Time {
	out := make([]time.Time, len(calls))
	// Key numbers: people first, then encounters.
	people, encounters := map[string]int32{}, map[string]int32{}
	for _, c := range calls {
		if _, ok := people[c.PersonID]; !ok && c.PersonID != "" {
			people[c.PersonID] = int32(len(people))
		}
		if c.EncounterID != "" {
			encounters[c.EncounterID] = -1
		}
	}
	n := int32(len(people))
	for id := range encounters {
		encounters[id] = n
		n++
	}
	if n == 0 {
		return out
	}
	type keyed struct {
		key int32
		at  int64
	}
	ks := make([]keyed, 0, len(contacts))
	for _, c := range contacts {
		if k, ok := people[c.PersonID]; ok && c.PersonID != "" {
			ks = append(ks, keyed{k, c.At.UnixNano()})
		}
		if k, ok := encounters[c.EncounterID]; ok && c.EncounterID != "" {
			ks = append(ks, keyed{k, c.At.UnixNano()})
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.at, b.at)) })
	start := make([]int32, n+1) // ks[start[k]:start[k+1]] are key k's times
	for _, x := range ks {
		start[x.key+1]++
	}
	for k := range n {
		start[k+1] += start[k]
	}
	// first returns the earliest time of key k in [at, at+window], or 0.
	first := func(k int32, at int64) int64 {
		seg := ks[start[k]:start[k+1]]
		i, _ := slices.BinarySearchFunc(seg, at, func(x keyed, t int64) int { return cmp.Compare(x.at, t) })
		if i < len(seg) && seg[i].at <= at+int64(care.FollowUpWindow) {
			return seg[i].at
		}
		return 0
	}
	for i, c := range calls {
		at := c.At.UnixNano()
		var best int64
		if k, ok := encounters[c.EncounterID]; ok && c.EncounterID != "" {
			best = first(k, at)
		}
		if k, ok := people[c.PersonID]; ok && c.PersonID != "" {
			if t := first(k, at); t != 0 && (best == 0 || t < best) {
				best = t
			}
		}
		if best != 0 {
			out[i] = time.Unix(0, best).UTC()
		}
	}
	return out
}
