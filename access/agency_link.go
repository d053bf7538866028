package access

// Who may reissue or revoke a live referral's agency link (issue 11, finding 6).
//
// An agency link (/r/{token}) needs no login: whoever holds it reads the person's name,
// phone and the referral's sealed note, as far as consent allows. A fresh link is
// therefore as good as the person's file, and cutting a link off silently stops the
// agency from answering. The rules:
//
//   - Reissue (a fresh link, shown once): only the referral's maker (its created_by),
//     whatever their program role. The maker chose the agency, took the consent and
//     already saw the first link; nobody else of the program (another peer or clinician,
//     a coordinator) may mint a link that reveals the person, and neither may an admin,
//     who runs the service, not the casework. When the maker has left, a coordinator
//     revokes the link and a colleague makes a new referral, under a consent of its own.
//     The same rule decides who is shown the link when a draft is sent.
//   - Revoke (cut a leaked link off): the maker, a coordinator, or an admin. Revoking
//     reveals nothing, and stopping a leak must not wait for one person; the old link's
//     page then tells the agency the program withdrew it (410).
//   - Peers and clinicians who did not make the referral may do neither; agency staff
//     never (the link is theirs to use, not to manage).
//
// Every reissue and revocation is audited in the transaction that makes it, and every
// refusal is audited too.

// MayReissueAgencyLink reports whether the principal may give the referral made by
// createdBy a fresh agency link (or be shown the one its sending minted): its maker only.
func (p *Principal) MayReissueAgencyLink(createdBy string) bool {
	return p != nil && p.UserID != "" && p.UserID == createdBy && p.Has(program...)
}

// MayRevokeAgencyLink reports whether the principal may stop the agency link of the
// referral made by createdBy: its maker, a coordinator or an admin.
func (p *Principal) MayRevokeAgencyLink(createdBy string) bool {
	return p.MayReissueAgencyLink(createdBy) || p.Has(Coordinator, Admin)
}
