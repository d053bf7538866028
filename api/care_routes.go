package api

import "github.com/gofiber/fiber/v2"

// careRoutes are people and their care (issue 5). Who may call each is in
// routes_policy.go; the handlers narrow further by access's scope rules where only they
// know the record (an agency's own referrals, notes by role).
func (s *Server) careRoutes(v1 fiber.Router) {
	v1.Post("/people", s.createPerson)
	v1.Get("/people", s.listPeople)
	v1.Get("/people/:id", s.getPerson)
	v1.Patch("/people/:id", s.patchPerson)
	v1.Post("/people/:id/merge", s.mergePeople)
	v1.Post("/people/:id/consents", s.createConsent)
	v1.Post("/people/:id/consents/:cid/revoke", s.revokeConsent)
	v1.Get("/people/:id/disclosures", s.listDisclosures)

	v1.Post("/encounters", s.createEncounter)
	v1.Get("/encounters", s.listEncounters)

	v1.Post("/referrals", s.createReferral)
	v1.Get("/referrals", s.listReferrals)
	v1.Get("/referrals/:id", s.getReferral)
	v1.Post("/referrals/:id/transitions", s.transitionReferral)
	v1.Post("/referrals/:id/agency-link", s.reissueAgencyLink)
	v1.Delete("/referrals/:id/agency-link", s.revokeAgencyLink)
	v1.Get("/agency/referrals", s.agencyReferrals)

	v1.Get("/follow-ups", s.listFollowUps)
	v1.Post("/follow-ups", s.createFollowUp)
	v1.Patch("/follow-ups/:id", s.patchFollowUp)
	v1.Post("/follow-ups/:id/attempts", s.addAttempt)

	v1.Post("/shifts/start", s.startShift)
	v1.Post("/shifts/end", s.endShift)
	v1.Get("/shifts", s.listShifts)

	v1.Post("/resource-lists", s.createResourceList)
}
