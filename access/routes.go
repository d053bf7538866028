package access

// Role groups of the table.
var (
	admins         = []Role{Admin}
	listingEditors = []Role{Admin, Agency}              // scoped to their organization
	userReaders    = []Role{Admin, Coordinator, Agency} // agency: their organization's users
	// The program: the people who work with people. Coordinators see the lists but not
	// notes (the handlers strip them).
	program = []Role{Peer, Clinician, Coordinator}
	// Referrals are also answered by the agency that received them (own organization).
	referralReaders = []Role{Peer, Clinician, Coordinator, Agency}
	measureReaders  = []Role{Coordinator, Admin}
)

// table is the policy of every route, by method and pattern as registered. The api's
// guard looks each request up here; a route that is not here answers 403, and a test
// fails while any registered route has no rule.
var table = []Rule{
	// Always open. The web shell must load to offer a login; probes cannot log in.
	{Method: "GET", Path: "/", Who: Public},
	// The follow-up page is an empty shell like "/": it offers the login, and its data
	// comes from the care routes below, which are the program's only.
	{Method: "GET", Path: "/follow-ups", Who: Public},
	{Method: "*", Path: "/static", Who: Public},
	{Method: "GET", Path: "/healthz", Who: Public},
	{Method: "GET", Path: "/readyz", Who: Public},
	{Method: "POST", Path: "/api/v1/auth/login", Who: Public, Limit: LoginLimit},

	// The directory: public unless --public-directory=false.
	{Method: "GET", Path: "/metrics", Who: Directory},
	{Method: "GET", Path: "/api/v1/openapi.json", Who: Directory},
	{Method: "GET", Path: "/hsds/", Who: Directory},
	{Method: "GET", Path: "/hsds/openapi.json", Who: Directory},
	{Method: "GET", Path: "/hsds/services", Who: Directory, Limit: SearchLimit},
	{Method: "GET", Path: "/hsds/services/:id", Who: Directory},
	{Method: "GET", Path: "/hsds/organizations", Who: Directory, Limit: SearchLimit},
	{Method: "GET", Path: "/hsds/organizations/:id", Who: Directory},
	{Method: "GET", Path: "/hsds/service_at_locations", Who: Directory, Limit: SearchLimit},
	{Method: "GET", Path: "/hsds/service_at_locations/:id", Who: Directory},
	{Method: "GET", Path: "/hsds/taxonomies", Who: Directory},
	{Method: "GET", Path: "/hsds/taxonomies/:id", Who: Directory},
	{Method: "GET", Path: "/hsds/taxonomy_terms", Who: Directory, Limit: SearchLimit},
	{Method: "GET", Path: "/hsds/taxonomy_terms/:id", Who: Directory},
	{Method: "GET", Path: "/api/v1/search", Who: Directory, Limit: SearchLimit},
	// Matching reads the directory with a situation in the body (needs, risk, age); it
	// names no one and stores nothing, so it is open like search.
	{Method: "POST", Path: "/api/v1/match", Who: Directory, Limit: SearchLimit},
	{Method: "GET", Path: "/api/v1/services", Who: Directory, Limit: SearchLimit},
	{Method: "GET", Path: "/api/v1/services/:id", Who: Directory},
	{Method: "GET", Path: "/api/v1/organizations/:id", Who: Directory},
	{Method: "GET", Path: "/api/v1/locations/:id", Who: Directory},

	// Directory writes: admins, and agency staff on their own organization's listings.
	// Organizations are created and deleted by admins: agency staff belong to one.
	{Method: "POST", Path: "/api/v1/services", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "PUT", Path: "/api/v1/services/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "PATCH", Path: "/api/v1/services/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "DELETE", Path: "/api/v1/services/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "POST", Path: "/api/v1/organizations", Who: Restricted, Roles: admins},
	{Method: "PUT", Path: "/api/v1/organizations/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "PATCH", Path: "/api/v1/organizations/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "DELETE", Path: "/api/v1/organizations/:id", Who: Restricted, Roles: admins},
	{Method: "POST", Path: "/api/v1/locations", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "PUT", Path: "/api/v1/locations/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "PATCH", Path: "/api/v1/locations/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},
	{Method: "DELETE", Path: "/api/v1/locations/:id", Who: Restricted, Roles: listingEditors, OwnOrganization: true},

	// One's own account.
	{Method: "POST", Path: "/api/v1/auth/logout", Who: SignedIn},
	{Method: "GET", Path: "/api/v1/me", Who: SignedIn},
	{Method: "PUT", Path: "/api/v1/me/password", Who: SignedIn},
	{Method: "GET", Path: "/api/v1/me/tokens", Who: SignedIn},
	{Method: "POST", Path: "/api/v1/me/tokens", Who: SignedIn},
	{Method: "DELETE", Path: "/api/v1/me/tokens/:id", Who: SignedIn},

	// Accounts: admins manage them; coordinators and agency staff may look colleagues up
	// (agency staff only in their own organization: others' accounts answer 404).
	{Method: "GET", Path: "/api/v1/users", Who: Restricted, Roles: userReaders, OwnOrganization: true},
	{Method: "POST", Path: "/api/v1/users", Who: Restricted, Roles: admins},
	{Method: "GET", Path: "/api/v1/users/:id", Who: Restricted, Roles: userReaders, OwnOrganization: true},
	{Method: "PATCH", Path: "/api/v1/users/:id", Who: Restricted, Roles: admins},
	// The program's own colleagues (id, name, role of the active peers and clinicians), to
	// name a consent's witness or a follow-up's assignee. Admins and agency staff have
	// /users for accounts, and neither witnesses nor is handed casework.
	{Method: "GET", Path: "/api/v1/colleagues", Who: Restricted, Roles: program},

	// The audit log: read by admins only; there is no route that changes it.
	{Method: "GET", Path: "/api/v1/audit", Who: Restricted, Roles: admins},
	// People and their care: the program only. Admins run the service, not the casework.
	{Method: "POST", Path: "/api/v1/people", Who: Restricted, Roles: program},
	{Method: "GET", Path: "/api/v1/people", Who: Restricted, Roles: program},
	{Method: "GET", Path: "/api/v1/people/:id", Who: Restricted, Roles: program},
	{Method: "PATCH", Path: "/api/v1/people/:id", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/people/:id/merge", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/people/:id/consents", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/people/:id/consents/:cid/revoke", Who: Restricted, Roles: program},
	{Method: "GET", Path: "/api/v1/people/:id/disclosures", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/encounters", Who: Restricted, Roles: program},
	{Method: "GET", Path: "/api/v1/encounters", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/referrals", Who: Restricted, Roles: program},
	// The program's referral list: peers and clinicians their own or one person's, coordinators
	// anyone's (narrowed by the handler).
	{Method: "GET", Path: "/api/v1/referrals", Who: Restricted, Roles: program},
	{Method: "GET", Path: "/api/v1/referrals/:id", Who: Restricted, Roles: referralReaders, OwnOrganization: true},
	{Method: "POST", Path: "/api/v1/referrals/:id/transitions", Who: Restricted, Roles: referralReaders, OwnOrganization: true},
	// A referral's agency link: the program may ask, the handler narrows by
	// MayReissueAgencyLink (the maker only) and MayRevokeAgencyLink (the maker, a
	// coordinator or an admin: cutting off a leaked link reveals nothing).
	{Method: "POST", Path: "/api/v1/referrals/:id/agency-link", Who: Restricted, Roles: program},
	{Method: "DELETE", Path: "/api/v1/referrals/:id/agency-link", Who: Restricted, Roles: []Role{Peer, Clinician, Coordinator, Admin}},
	{Method: "GET", Path: "/api/v1/agency/referrals", Who: Restricted, Roles: []Role{Agency}, OwnOrganization: true},
	{Method: "GET", Path: "/api/v1/follow-ups", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/follow-ups", Who: Restricted, Roles: program},
	{Method: "PATCH", Path: "/api/v1/follow-ups/:id", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/follow-ups/:id/attempts", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/shifts/start", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/shifts/end", Who: Restricted, Roles: program},
	{Method: "GET", Path: "/api/v1/shifts", Who: Restricted, Roles: program},
	{Method: "POST", Path: "/api/v1/resource-lists", Who: Restricted, Roles: program},
	// The no-login pages: the unguessable token in the path is the credential (an agency
	// link opens one referral; a resource list carries no personal data).
	{Method: "GET", Path: "/r/:token", Who: Public},
	{Method: "POST", Path: "/r/:token", Who: Public},
	{Method: "GET", Path: "/l/:token", Who: Public},
	// Measures: de-identified, for coordinators and admins.
	{Method: "GET", Path: "/api/v1/measures/repeat-locations", Who: Restricted, Roles: measureReaders},
	{Method: "GET", Path: "/api/v1/measures/interactions-per-shift", Who: Restricted, Roles: measureReaders},
	{Method: "GET", Path: "/api/v1/measures/diversions", Who: Restricted, Roles: measureReaders},
	{Method: "GET", Path: "/api/v1/measures/referrals", Who: Restricted, Roles: measureReaders},
}
