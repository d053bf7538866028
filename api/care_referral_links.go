package api

import (
	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/store"
)

// The management of a referral's agency link (/r/{token}, care_pages.go): who may
// reissue or revoke it is access's rule (agency_link.go); these handlers load the
// referral and ask it.

// reissueAgencyLink gives a live referral a fresh no-login link; the old one stops
// working, and its page tells the agency the program replaced it. Only the referral's
// maker may (access.MayReissueAgencyLink): a fresh link reveals the person.
func (s *Server) reissueAgencyLink(c *fiber.Ctx) error {
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	if err := s.mayManageLink(c, cs, id, "reissue-link", (*access.Principal).MayReissueAgencyLink,
		"Only the person who made the referral may give it a new agency link: the link shows the person's details."); err != nil {
		return err
	}
	r, err := cs.ReissueAgencyLink(c.UserContext(), id, careClock())
	if err != nil {
		return careError(err, "The referral")
	}
	s.fillAgencyLink(c, &r)
	return c.JSON(r)
}

// revokeAgencyLink stops a referral's no-login link from working: its maker, a
// coordinator or an admin may (access.MayRevokeAgencyLink).
func (s *Server) revokeAgencyLink(c *fiber.Ctx) error {
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	if err := s.mayManageLink(c, cs, id, "revoke-link", (*access.Principal).MayRevokeAgencyLink,
		"Only the person who made the referral, a coordinator or an admin may withdraw its agency link."); err != nil {
		return err
	}
	if err := cs.RevokeAgencyLink(c.UserContext(), id, careClock()); err != nil {
		return careError(err, "The referral")
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// mayManageLink loads the referral and asks the rule whether the caller may act on its
// agency link: 404 for no such referral, 403 (audited) when the rule says no.
func (s *Server) mayManageLink(c *fiber.Ctx, cs *store.CareStore, id, action string,
	rule func(*access.Principal, string) bool, refusal string) error {
	r, err := cs.Referral(c.UserContext(), id)
	if err != nil {
		return careError(err, "The referral")
	}
	if rule(currentPrincipal(c), r.CreatedBy) {
		return nil
	}
	if err := s.auditDetail(c, action, "referral", id, false, "role"); err != nil {
		return err
	}
	return problem(fiber.StatusForbidden, refusal)
}
