package access

// The rules of the outbox (issue 16): an organization's notice addresses are kept by its
// own staff and by admins; the outbox's deliveries, dead-letter list and webhook
// receivers are the admins'; one's own in-app notices are one's own.
var (
	// ManageNotices reads and sets an organization's notice addresses: admins any,
	// agency staff their own organization's (MayManageNotices).
	ManageNotices = Rule{Who: Restricted, Roles: listingEditors, OwnOrganization: true}
	// ManageOutbox lists deliveries with their attempts, replays dead ones, and registers
	// webhook receivers: admins only.
	ManageOutbox = Rule{Who: Restricted, Roles: admins}
)

// MayManageNotices reports whether the principal may read and set the organization's
// notice addresses: admins any organization's, agency staff only their own.
func (p *Principal) MayManageNotices(orgID string) bool { return p.MayWriteListing(orgID) }
