// Package care is the work with people: pseudonymous person records, encounters (a 911
// co-response call, a call straight to a peer, a walk-in, a follow-up visit), consent
// under 42 CFR Part 2 and the disclosures made under it, referrals and their closed-loop
// state machine (HL7 Gravity SDOH Task.status), follow-ups and their attempts, peers'
// shifts, shareable resource lists, the program's measures, and the sealing of notes at
// rest.
//
// It is a domain package: types, validation and rules only. It never imports the store,
// an HTTP framework or a SQL driver; the store keeps what these rules decide, and the
// measures are pure functions over rows the store returns, so that every figure can be
// checked on data built by hand.
package care
