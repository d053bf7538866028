// Package seed holds Handoff's embedded demo directory: the region around Springfield,
// Massachusetts, served by Behavioral Health Network (BHN).
//
// It has two parts. The real BHN crisis services (bhn.go) are entered only as the
// co-responder program describes them, with no invented facts. Around them sit about two
// hundred fictional listings (catalog*.go) that give the demo a realistic crisis system to
// search: hotlines, peer recovery centers, detox, suboxone clinics, shelters, food
// pantries, legal clinics, rides and benefits help, spread over the Pioneer Valley by
// population. Every fictional organization is named "(demo)", uses a 413-555-01xx phone
// number and ends its descriptions with "Demo listing — fictional.".
//
// Everything is built from compact tables by build.go and is deterministic: ids are
// version-5 UUIDs from directory.StableID("seed", ...), and coordinates and other varied
// details come from random generators seeded by each entity's key, so adding a listing
// does not move any other. Load (loader.go) writes the directory into an empty store.
//
// GenerateActivity (activity*.go) adds a stretch of fictional program activity on top:
// shifts, encounters, follow-ups, consents and referrals, so that the measures have
// something to show. The demo accounts are not made here but by the binary
// (cmd/handoff/demo_users.go): roles and passwords are the access package's.
package seed
