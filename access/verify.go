package access

import "handoff/directory"

// MayCheckListing reports whether the principal may record a check of a listing owned by
// the organization orgID, made by method: coordinators and admins any listing by any
// method; agency staff only their own organization's, and only as a self-confirmation,
// since a phone call or a site visit is someone else's check of the agency.
func (p *Principal) MayCheckListing(orgID, method string) bool {
	switch {
	case p == nil:
		return false
	case p.Has(Coordinator, Admin):
		return true
	case p.Role == Agency:
		return MemberOf(p.OrganizationID, orgID) && method == directory.VerifySelfConfirm
	}
	return false
}

// MayReadChecks reports whether the principal may read the checks of a listing owned by
// orgID: coordinators and admins any, agency staff their own organization's.
func (p *Principal) MayReadChecks(orgID string) bool {
	switch {
	case p == nil:
		return false
	case p.Has(Coordinator, Admin):
		return true
	case p.Role == Agency:
		return MemberOf(p.OrganizationID, orgID)
	}
	return false
}

// MayReadHistory reports whether the principal may read the change history of a listing
// owned by orgID: as for its checks, coordinators and admins any, agency staff their own
// organization's. The history names who changed what, which the public listing does not.
func (p *Principal) MayReadHistory(orgID string) bool { return p.MayReadChecks(orgID) }

// MayReviewSuggestions reports whether the principal may approve or reject suggestions
// for a listing owned by orgID: admins any, agency staff their own organization's.
func (p *Principal) MayReviewSuggestions(orgID string) bool {
	switch {
	case p == nil:
		return false
	case p.Role == Admin:
		return true
	case p.Role == Agency:
		return MemberOf(p.OrganizationID, orgID)
	}
	return false
}
