package access

// Role groups of the rules below.
var (
	admins         = []Role{Admin}
	listingEditors = []Role{Admin, Agency}              // scoped to their organization
	userReaders    = []Role{Admin, Coordinator, Agency} // agency: their organization's users
	// The program: the people who work with people. Coordinators see the lists but not
	// notes (the handlers strip them).
	program = []Role{Peer, Clinician, Coordinator}
	// Referrals are also answered by the agency that received them (own organization).
	referralReaders = []Role{Peer, Clinician, Coordinator, Agency}
	// Cutting off a leaked agency link reveals nothing: admins may too (agency_link.go).
	linkRevokers   = []Role{Peer, Clinician, Coordinator, Admin}
	agencyStaff    = []Role{Agency}
	measureReaders = []Role{Coordinator, Admin}
	// Listings are checked by their agency (self-confirm) and by the program's
	// coordinators and admins (any method): verify.go.
	listingCheckers = []Role{Agency, Coordinator, Admin}
	queueReaders    = []Role{Coordinator, Admin}
	// Suggested edits come from the program, who call services all day; they are
	// reviewed by the listing's agency and admins.
	suggesters = []Role{Peer, Clinician, Coordinator}
	// Coordinators steer the program's casework from the dashboard; admins run the
	// service and do not hand out casework.
	coordinators = []Role{Coordinator}
)

// The rules the api's route table (api/routes_policy.go) gives its routes. Each says who
// may call, never where: the addresses are the api's. Handlers narrow further by the
// scope rules of scope.go and agency_link.go where only they know whose record it is.
var (
	// Open answers anyone: the web shell and its assets, the probes, and the no-login
	// pages whose unguessable token is the credential.
	Open = Rule{Who: Public}
	// SignIn is open too, and counts against the per-address failed-login limit.
	SignIn = Rule{Who: Public, Limit: LoginLimit}
	// ReadDirectory reads the public directory (private with --public-directory=false).
	ReadDirectory = Rule{Who: Directory}
	// SearchDirectory reads the directory by a search, counted against the search limit.
	SearchDirectory = Rule{Who: Directory, Limit: SearchLimit}
	// OwnAccount is any signed-in user, on their own account.
	OwnAccount = Rule{Who: SignedIn}
	// AdminOnly is for admins: accounts, organizations, the audit log.
	AdminOnly = Rule{Who: Restricted, Roles: admins}
	// WriteListings is for admins, and for agency staff on their own organization's
	// listings.
	WriteListings = Rule{Who: Restricted, Roles: listingEditors, OwnOrganization: true}
	// ReadUsers is for admins and coordinators, and for agency staff in their own
	// organization (others' accounts answer 404).
	ReadUsers = Rule{Who: Restricted, Roles: userReaders, OwnOrganization: true}
	// CareWork is the program's: people, their care, and colleagues. Admins run the
	// service, not the casework; agency staff see only what a referral shares.
	CareWork = Rule{Who: Restricted, Roles: program}
	// AnswerReferral is the program's, and the receiving agency's (own organization).
	AnswerReferral = Rule{Who: Restricted, Roles: referralReaders, OwnOrganization: true}
	// RevokeAgencyLink is for those who may cut off a referral's agency link; the handler
	// narrows by MayRevokeAgencyLink.
	RevokeAgencyLink = Rule{Who: Restricted, Roles: linkRevokers}
	// AgencyInbox is agency staff's, on the referrals sent to their own organization.
	AgencyInbox = Rule{Who: Restricted, Roles: agencyStaff, OwnOrganization: true}
	// AgencyListings is agency staff's: their own organization's listings, as the agency
	// portal shows them (ListingsOrganization narrows to it).
	AgencyListings = Rule{Who: Restricted, Roles: agencyStaff, OwnOrganization: true}
	// ObserveCapacity is the program's: a peer, clinician or coordinator who called a
	// service records what they heard. Agency staff update their own figures instead.
	ObserveCapacity = Rule{Who: Restricted, Roles: program}
	// ReadMeasures is for coordinators and admins: de-identified program measures.
	ReadMeasures = Rule{Who: Restricted, Roles: measureReaders}
	// CheckListing records and reads the checks of a listing: agency staff on their own
	// organization's (self-confirm only), coordinators and admins on any (verify.go).
	CheckListing = Rule{Who: Restricted, Roles: listingCheckers, OwnOrganization: true}
	// AssignPlaceFollowUps lists the follow-ups still to do of a repeat place (no person,
	// no notes) so that a coordinator may hand them out: coordinators only.
	AssignPlaceFollowUps = Rule{Who: Restricted, Roles: coordinators}
	// ReadFreshnessQueue is the queue of listings due for a check: coordinators and admins.
	ReadFreshnessQueue = Rule{Who: Restricted, Roles: queueReaders}
)

// The rules of listing history, problem reports and suggested edits.
var (
	// ReadHistory reads a listing's change history: coordinators and admins any, agency
	// staff their own organization's (MayReadHistory).
	ReadHistory = Rule{Who: Restricted, Roles: listingCheckers, OwnOrganization: true}
	// ReportProblem is a public report against a listing (no sign-in, like the directory
	// it reports on); the handler limits reports per client address.
	ReportProblem = Rule{Who: Directory}
	// SuggestEdit proposes field values of a listing: the program.
	SuggestEdit = Rule{Who: Restricted, Roles: suggesters}
	// ReviewSuggestions lists, approves and rejects suggestions: admins, and agency staff
	// on their own organization's listings (MayReviewSuggestions).
	ReviewSuggestions = Rule{Who: Restricted, Roles: listingEditors, OwnOrganization: true}
)

// ManageUpdateLinks is for admins, and for agency staff on their own organization's
// services: the no-login update links of a service (update_link.go).
var ManageUpdateLinks = Rule{Who: Restricted, Roles: listingEditors, OwnOrganization: true}

// PreviewHours is for those who may change listings (admins, agency staff): schedule
// rows read back in words and checked, before a save. It names no record and changes
// nothing, so there is no organization to narrow by.
var PreviewHours = Rule{Who: Restricted, Roles: listingEditors}
