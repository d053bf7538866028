// Package api is Handoff's HTTP surface: the Fiber app, its middleware (request ids,
// metrics, logging, limits), the HSDS 3.0 API profile at /hsds, Handoff's own JSON API at
// /api/v1, health endpoints and the embedded web pages. Handlers are thin: parse, validate,
// call the store or a domain package, respond. Every error leaves through one path, as an
// RFC 9457 problem document.
package api
