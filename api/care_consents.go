package api

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
)

// consentInput holds the 42 CFR Part 2 elements of a consent, as the client gives them.
type consentInput struct {
	Discloser           string    `json:"discloser"`
	OrganizationIDs     []string  `json:"organization_ids"`
	AnyTreatingProvider bool      `json:"any_treating_provider"`
	Information         string    `json:"information"`
	Purpose             string    `json:"purpose"`
	GivenAt             time.Time `json:"given_at"`
	ExpiresAt           time.Time `json:"expires_at"`
	Method              string    `json:"method"`
	WitnessedBy         string    `json:"witnessed_by"`
}

func (s *Server) createConsent(c *fiber.Ctx) error {
	cs, personID, err := s.careRecord(c)
	if err != nil {
		return err
	}
	var in consentInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	now := careClock()
	k := care.Consent{PersonID: personID, Discloser: in.Discloser, OrganizationIDs: in.OrganizationIDs,
		AnyTreatingProvider: in.AnyTreatingProvider, Information: in.Information, Purpose: in.Purpose,
		GivenAt: in.GivenAt, ExpiresAt: in.ExpiresAt, Method: care.ConsentMethod(in.Method),
		WitnessedBy: in.WitnessedBy, RecordedBy: currentPrincipal(c).UserID}
	care.NormalizeConsent(&k, now)
	if err := care.ValidateConsent(&k, now); err != nil {
		return err
	}
	if err := cs.CreateConsent(c.UserContext(), &k); err != nil {
		return careError(err, "The person")
	}
	return created(c, "/api/v1/people/"+personID+"/consents/"+k.ID, k)
}

func (s *Server) revokeConsent(c *fiber.Ctx) error {
	cs, personID, err := s.careRecord(c)
	if err != nil {
		return err
	}
	cid, err := pathID(c, "cid")
	if err != nil {
		return err
	}
	k, err := cs.RevokeConsent(c.UserContext(), personID, cid, currentPrincipal(c).UserID, careClock())
	if err != nil {
		return careError(err, "The consent")
	}
	return c.JSON(k)
}

// listDisclosures is the accounting of disclosures Part 2 lets a person ask for.
func (s *Server) listDisclosures(c *fiber.Ctx) error {
	cs, personID, err := s.careRecord(c)
	if err != nil {
		return err
	}
	if _, err := cs.Person(c.UserContext(), personID); err != nil {
		return careError(err, "The person")
	}
	items, err := cs.Disclosures(c.UserContext(), personID)
	if err != nil {
		return err
	}
	if err := s.audit(c, "read", "disclosures", personID, true); err != nil {
		return err
	}
	return sendV1Page(c, items, len(items), 1, max(len(items), 1))
}
