// Package api is Handoff's HTTP surface: the Fiber app, its middleware (request ids,
// metrics, logging, limits), the HSDS 3.0 API profile at /hsds, Handoff's own JSON API at
// /api/v1, health endpoints and the embedded web pages. Handlers are thin: parse, validate,
// call the store or a domain package, respond. Every error leaves through one path, as an
// RFC 9457 problem document.
//
// Who may call each route is the route policy in routes_policy.go, the only place that
// pairs a method and pattern with an access rule; the guard (policy.go) applies it before
// any handler, and a route without a rule is closed. The rules, and the scope rules
// handlers ask about one record ("own referrals", "this organization's records"), are
// the access package's: no handler compares roles or organizations itself.
package api
