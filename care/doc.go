// Package care is the work with people: pseudonymous person records, encounters (a 911
// co-response call, a call straight to a peer, a walk-in, a follow-up visit), consent
// under 42 CFR Part 2 and the disclosures made under it, referrals and their closed-loop
// state machine (HL7 Gravity SDOH Task.status), follow-ups and their attempts, peers'
// shifts, shareable resource lists, and the sealing of notes at rest. The program's
// measures, reports over these records, are in care/measures.
//
// It is a domain package: types, validation and rules only. It never imports the store,
// an HTTP framework or a SQL driver; the store keeps what these rules decide. A use case
// that writes several records at once (sending or moving a referral, recording an
// encounter) is one function here, run by the store inside its transaction through a
// small interface the store implements (usecase_referral.go, usecase_encounter.go).
package care
