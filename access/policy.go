package access

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

// Rule is who may make a request: the decision, not the address. The api package gives
// every route one (api/routes_policy.go); the named rules in rules.go are the ones it uses.
type Rule struct {
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
