package access

import "strings"

// Audience is who may call a route before roles are looked at.
type Audience int

// The audiences.
const (
	// Public routes answer anyone: the login, the web shell and its assets, the probes.
	Public Audience = iota + 1
	// Directory routes read the public directory: anyone while the directory is public,
	// any signed-in user when it is configured private.
	Directory
	// SignedIn routes need a login, whatever the role.
	SignedIn
	// Restricted routes need a login with one of the rule's roles.
	Restricted
)

// Limit names the per-address rate limit a route counts against.
type Limit string

// The rate limits.
const (
	NoLimit     Limit = ""
	LoginLimit  Limit = "login"  // failed logins per client address
	SearchLimit Limit = "search" // searches per client address
)

// Rule is the access policy of one route.
type Rule struct {
	// Method is the HTTP method ("*": all of them, for mounted file servers). HEAD
	// follows GET.
	Method string
	// Path is the route pattern exactly as the router registers it ("/api/v1/services/:id").
	Path  string
	Who   Audience
	Roles []Role // for Restricted
	// OwnOrganization marks routes on records that belong to an organization: agency
	// users may act only on their own organization's. Only the handler knows a record's
	// organization, so the handler checks it; the mark says it must.
	OwnOrganization bool
	Limit           Limit
}

// Decision is what the policy says about one request.
type Decision int

// The decisions.
const (
	Allow     Decision = iota
	NeedLogin          // 401: sign in first
	Deny               // 403: signed in, but not allowed
)

// Decide applies the rule to a principal (nil: not signed in).
func (r Rule) Decide(p *Principal, privateDirectory bool) Decision {
	switch r.Who {
	case Public:
		return Allow
	case Directory:
		if !privateDirectory || p != nil {
			return Allow
		}
		return NeedLogin
	case SignedIn:
		if p != nil {
			return Allow
		}
		return NeedLogin
	case Restricted:
		if p == nil {
			return NeedLogin
		}
		if p.Has(r.Roles...) {
			return Allow
		}
		return Deny
	}
	// A rule without an audience is a mistake in the table: deny.
	if p == nil {
		return NeedLogin
	}
	return Deny
}

var byRoute = func() map[string]Rule {
	m := make(map[string]Rule, len(table))
	for _, r := range table {
		k := r.Method + " " + r.Path
		if _, dup := m[k]; dup {
			panic("access: two policies for " + k)
		}
		m[k] = r
	}
	return m
}()

// Lookup finds the rule of a route by method and registered pattern. A route without a
// rule is denied: new routes are closed until someone decides who may call them.
func Lookup(method, path string) (Rule, bool) {
	method = strings.ToUpper(method)
	if method == "HEAD" {
		method = "GET"
	}
	if r, ok := byRoute[method+" "+path]; ok {
		return r, true
	}
	r, ok := byRoute["* "+path]
	return r, ok
}

// Rules returns a copy of the whole policy table, for tests and documentation.
func Rules() []Rule { return append([]Rule(nil), table...) }
