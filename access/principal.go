package access

// Via says how a request proved who made it.
type Via string

// The ways a request authenticates.
const (
	ViaSession Via = "session" // a session token, from the cookie or as a bearer token
	ViaToken   Via = "token"   // an API token, as a bearer token
)

// Principal is the signed-in user a request acts for.
type Principal struct {
	UserID         string
	Name           string
	Email          string
	Role           Role
	OrganizationID string // the agency's organization; "" for the other roles
	Via            Via
	CredentialID   string // the session's or the API token's id
	// Cookie is true when the credential came in the session cookie, which browsers send
	// on their own: such requests must also prove they come from our pages (CSRF).
	Cookie bool
	// CSRF is the token an unsafe cookie request must carry, when Cookie is true.
	CSRF string
}

// Has reports whether the principal has one of the roles.
func (p *Principal) Has(roles ...Role) bool {
	if p == nil {
		return false
	}
	for _, r := range roles {
		if p.Role == r {
			return true
		}
	}
	return false
}
