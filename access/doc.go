// Package access holds Handoff's rules about who may do what: the roles, the policy of
// every HTTP route, password hashing (argon2id), random session and API tokens kept only
// as hashes, and the lockout after repeated failed logins.
//
// It is a domain package: no SQL, no HTTP framework. The store keeps what these rules
// produce (hashes, counters); the api package applies them to requests.
package access
