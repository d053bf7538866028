package access

import "handoff/directory"

// The scope rules: what a principal the route's rule admitted may do with one record or
// list, where only the handler knows whose the record is. Handlers call these by name
// rather than comparing roles and organizations themselves, so that every answer to
// "who may do what" is in this package.

// MemberOf reports whether an account of organization userOrg belongs to org. A record
// of no organization belongs to no one's.
func MemberOf(userOrg, org string) bool { return org != "" && userOrg == org }

// ScopedToOrganization reports whether the principal sees and changes only its own
// organization's records: agency staff.
func (p *Principal) ScopedToOrganization() bool { return p != nil && p.Role == Agency }

// MayWriteListing reports whether the principal may change directory records owned by
// the organization: admins any, agency staff only their own organization's.
func (p *Principal) MayWriteListing(orgID string) bool {
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

// AdoptsListing answers the organization a listing that names no owner (owner "")
// belongs to when the principal writes it: agency staff's own, since they write only
// their organization's. ok is false when the listing names its owner, or the principal
// is not agency staff; the listing then keeps what it names.
func (p *Principal) AdoptsListing(owner string) (org string, ok bool) {
	if owner != "" || !p.ScopedToOrganization() {
		return "", false
	}
	return p.OrganizationID, true
}

// MayChangeVocabulary reports whether the principal may add or change a term of the
// taxonomy vocabulary, which every listing shares: admins only. Agency staff refer to
// the terms that exist.
func (p *Principal) MayChangeVocabulary() bool { return p.Has(admins...) }

// SeesOrganization reports whether the principal may see a private record (a user
// account, a referral) held by the organization. Agency staff see only their own
// organization's; the other roles are limited by the route's rule instead.
func (p *Principal) SeesOrganization(orgID string) bool {
	if p == nil {
		return false
	}
	if p.Role == Agency {
		return MemberOf(p.OrganizationID, orgID)
	}
	return true
}

// OrganizationScope is the "this organization's records" rule of a list: the
// organization that a list the principal asks for (asked; "" for every organization's)
// is narrowed to. Agency staff see only their own organization's records: asking for
// none gives theirs, and asking for another's gives ok false, for an empty answer, as if
// it had none. The other roles keep what they asked.
func (p *Principal) OrganizationScope(asked string) (org string, ok bool) {
	if !p.ScopedToOrganization() {
		return asked, true
	}
	if asked != "" && asked != p.OrganizationID {
		return "", false
	}
	return p.OrganizationID, true
}

// InboxOrganization is the organization whose received referrals the principal's agency
// inbox lists: agency staff's own. ok is false for everyone else, and for an agency
// account whose organization is not a valid id.
func (p *Principal) InboxOrganization() (org string, ok bool) {
	if !p.Has(agencyStaff...) || !directory.IsUUID(p.OrganizationID) {
		return "", false
	}
	return p.OrganizationID, true
}

// ListingsOrganization is the organization whose listings the agency portal lists for
// the principal: agency staff's own, never one they ask for. ok is false for everyone
// else, and for an agency account whose organization is not a valid id.
func (p *Principal) ListingsOrganization() (org string, ok bool) {
	return p.InboxOrganization()
}

// MayReadPeople reports whether the principal may see people: their files, and the
// people named beside a list of their records. The program may (CareWork).
func (p *Principal) MayReadPeople() bool { return p.Has(program...) }

// MayReadNotes reports whether the principal may read care notes: the people who work
// with the person do. Coordinators see measures and lists, agencies what a referral
// shares.
func (p *Principal) MayReadNotes() bool { return p.Has(Peer, Clinician) }

// OwnReferrals is the "own referrals" rule of the program's referral list. Peers and
// clinicians list the referrals they made, or all of one person's (personID), as that
// person's file shows them anyway; coordinators anyone's. From the maker asked for
// (createdBy; "" for any) it answers the maker the list is narrowed to ("" for any):
// without a person, a peer's or clinician's own. ok is false when the principal may not
// list that maker's referrals: a colleague's are for coordinators.
func (p *Principal) OwnReferrals(personID, createdBy string) (maker string, ok bool) {
	if p.Has(Coordinator) || personID != "" {
		return createdBy, true
	}
	if p == nil || (createdBy != "" && createdBy != p.UserID) {
		return "", false
	}
	return p.UserID, true
}

// LocksOutSelf reports whether a change to the account userID, leaving it with role and
// disabled, would take the principal's own admin access away. No admin disables their
// own account or drops their own admin role, so that the service keeps an admin who
// could undo the mistake; another admin can.
func (p *Principal) LocksOutSelf(userID string, role Role, disabled bool) bool {
	return p != nil && userID == p.UserID && (disabled || role != Admin)
}
