package api

import (
	"github.com/gofiber/fiber/v2"

	"handoff/access"
)

// Keys of the request locals this file owns.
const (
	localPrincipal    = "handoff.principal"
	localScopeChecked = "handoff.scope_checked"
)

// guardRoutes puts the policy guard, and refuseNUL before it, in front of the handlers
// of every route registered so far, after the global middleware. The guard must run as
// part of the route, not as global middleware: only there does Fiber tell which route
// pattern matched, and the policy is looked up by pattern, not by a second, hand-written
// path matcher that could disagree with the router. Routes belong in routes(); one
// added to the app after New (tests do, to make a handler panic) is outside the policy,
// and a warning says so.
func (s *Server) guardRoutes() {
	routes := map[*fiber.Handler]bool{} // the first handler of each route that is not middleware
	for _, r := range s.app.GetRoutes(true) {
		if len(r.Handlers) > 0 {
			routes[&r.Handlers[0]] = true
		}
	}
	for _, stack := range s.app.Stack() {
		for _, r := range stack {
			if len(r.Handlers) == 0 || (!routes[&r.Handlers[0]] && r.Path == "/") {
				continue // global middleware: request id, log, recover, headers
			}
			// A NUL anywhere in the request is refused first, before any lookup.
			r.Handlers = append([]fiber.Handler{refuseNUL, s.guard}, r.Handlers...)
		}
	}
	s.app.Hooks().OnRoute(func(r fiber.Route) error {
		s.log.Warn("route added after api.New is outside the access policy; register routes in routes()", "method", r.Method, "route", r.Path)
		return nil
	})
}

// guard decides a request by its route's rule in the route policy (routes_policy.go):
// unmapped routes are closed, then the login and the role are checked, cookie requests that
// change something must carry the CSRF token, and rate limits apply.
func (s *Server) guard(c *fiber.Ctx) error {
	route := c.Route().Path
	rule, ok := lookupRoute(c.Method(), route)
	if !ok {
		s.log.Warn("route has no access policy; denied", "method", c.Method(), "route", route, "request_id", requestID(c))
		return problem(fiber.StatusForbidden, "This route has no access policy yet, so it is closed.")
	}
	var p *access.Principal
	if rule.Who != access.Public {
		var err error
		if p, err = s.principal(c); err != nil {
			return err
		}
	}
	if p != nil {
		// Every answer to a signed-in request, errors included, is kept by no cache.
		noStore(c)
	}
	switch rule.Decide(p, s.opts.PrivateDirectory) {
	case access.NeedLogin:
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="handoff"`)
		return unauthorized("Sign in first: send Authorization: Bearer TOKEN or the session cookie.")
	case access.Deny:
		if err := s.auditDetail(c, "access", "route", c.Method()+" "+route, false, "role"); err != nil {
			return err
		}
		return problem(fiber.StatusForbidden, "Your role may not do this.")
	}
	if p != nil && p.Cookie && !safeMethod(c.Method()) && !access.SameCSRF(c.Get(csrfHeader), p.CSRF) {
		return problem(fiber.StatusForbidden, "Requests that change something and sign in with the session cookie must send the X-CSRF-Token header given at login.")
	}
	var err error
	switch rule.Limit {
	case access.LoginLimit:
		err = s.acc.loginLimit(c)
	case access.SearchLimit:
		err = s.acc.searchLimit(c)
	default:
		err = c.Next()
	}
	if rule.OwnOrganization && p.ScopedToOrganization() && c.Locals(localScopeChecked) == nil && err == nil && c.Response().StatusCode() < 300 {
		// The handler answered an organization-scoped route without asking whose record
		// it was: a bug to fix, logged loudly; the route tests catch it before release.
		s.log.Error("handler did not check the organization scope", "method", c.Method(), "route", route, "request_id", requestID(c))
	}
	return err
}

func safeMethod(m string) bool {
	return m == fiber.MethodGet || m == fiber.MethodHead || m == fiber.MethodOptions
}

// currentPrincipal is the signed-in user of the request, or nil. Only valid after the
// guard has run, which it has in every handler.
func currentPrincipal(c *fiber.Ctx) *access.Principal {
	if a, ok := c.Locals(localPrincipal).(authResult); ok {
		return a.p
	}
	return nil
}

func markScopeChecked(c *fiber.Ctx) { c.Locals(localScopeChecked, true) }

// mayWriteListing answers 403, and audits the refusal, unless the signed-in user may
// change listings of the organization. Listings are public, so a refusal may say so.
func (s *Server) mayWriteListing(c *fiber.Ctx, action, recordType, recordID, orgID string) error {
	markScopeChecked(c)
	if currentPrincipal(c).MayWriteListing(orgID) {
		return nil
	}
	if err := s.auditDetail(c, action, recordType, recordID, false, "organization"); err != nil {
		return err
	}
	return problem(fiber.StatusForbidden, "Only an admin or the staff of the organization that owns this listing may change it.")
}

// maySeePrivate answers 404, and audits the refusal, unless the signed-in user may see a
// private record held by the organization: to an agency user, another organization's
// private records look exactly like records that do not exist.
func (s *Server) maySeePrivate(c *fiber.Ctx, action, recordType, recordID, orgID, what string) error {
	markScopeChecked(c)
	if currentPrincipal(c).SeesOrganization(orgID) {
		return nil
	}
	if err := s.auditDetail(c, action, recordType, recordID, false, "organization"); err != nil {
		return err
	}
	return notFound(what)
}

func unauthorized(detail string) *Problem { return problem(fiber.StatusUnauthorized, detail) }
