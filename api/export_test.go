package api

// The route policy, for the tests of package api_test, which walk the router.
type RouteRule = routeRule

// LookupRoute is lookupRoute, for the tests.
var LookupRoute = lookupRoute

// RoutePolicy is a copy of the route policy, for the tests.
func RoutePolicy() []RouteRule { return append([]RouteRule(nil), routePolicy...) }
