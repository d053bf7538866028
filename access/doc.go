// Package access holds Handoff's rules about who may do what: the roles, the principal a
// request acts for, the rules a route may have (rules.go: who may call, never which
// address) and the scope rules handlers ask about one record or list (scope.go,
// agency_link.go), password hashing (argon2id), random session and API tokens kept only
// as hashes, and the lockout after repeated failed logins.
//
// It is a domain package: no SQL, no HTTP. It knows no URL either: the table that gives
// every route its rule is the api package's (api/routes_policy.go). The store keeps what
// these rules produce (hashes, counters); the api package applies them to requests.
package access
