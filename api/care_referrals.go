package api

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/store"
)

// referralInput is a new referral as the client makes it.
type referralInput struct {
	PersonID    string `json:"person_id"`
	EncounterID string `json:"encounter_id"`
	ServiceID   string `json:"service_id"`
	Need        string `json:"need"`
	LevelOfCare string `json:"level_of_care"`
	Mode        string `json:"mode"`
	Status      string `json:"status"`
	Note        string `json:"note"`
}

func (s *Server) createReferral(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	cs, done, err := s.idempotency(c, cs, s.replayReferral)
	if done || err != nil {
		return err
	}
	var in referralInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	r := care.Referral{PersonID: in.PersonID, EncounterID: in.EncounterID, ServiceID: in.ServiceID, Need: in.Need,
		LevelOfCare: in.LevelOfCare, Mode: care.Mode(in.Mode), Status: care.Status(in.Status), Note: in.Note}
	care.NormalizeReferral(&r)
	if err := care.ValidateReferral(&r); err != nil {
		return err
	}
	care.Start(&r, currentPrincipal(c).UserID, careClock())
	if err := cs.CreateReferral(c.UserContext(), &r); err != nil {
		if busy := idempotencyBusy(err); busy != nil {
			return busy
		}
		if errors.Is(err, care.ErrNoConsent) {
			// The refusal is itself worth a trail: someone tried to share without consent.
			if aerr := s.auditDetail(c, "create", "referral", "", false, "consent"); aerr != nil {
				return aerr
			}
		}
		return careError(err, "The person, encounter or service")
	}
	s.fillAgencyLink(c, &r)
	if !currentPrincipal(c).MayReadNotes() {
		r.Note = ""
	}
	c.Set(fiber.HeaderETag, referralETag(r))
	return created(c, "/api/v1/referrals/"+r.ID, r)
}

// fillAgencyLink turns the one-time token into the no-login URL.
func (s *Server) fillAgencyLink(c *fiber.Ctx, r *care.Referral) {
	if r.AgencyLinkToken != "" {
		r.AgencyLink = s.baseURL(c) + "/r/" + r.AgencyLinkToken
	}
}

func referralETag(r care.Referral) string { return versionETag(referralTag, r.Version) }

// ifVersion reads If-Match as a referral version ("r7"); absent or *, 0 (no pin).
func ifVersion(c *fiber.Ctx) (int, error) { return ifVersionOf(c, referralTag, "referral") }

func (s *Server) getReferral(c *fiber.Ctx) error {
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	p := currentPrincipal(c)
	if p.ScopedToOrganization() {
		r, err := s.store.Care(s.care.sealer).Referral(c.UserContext(), id)
		if err != nil {
			return careError(err, "The referral")
		}
		if err := s.agencySees(c, r); err != nil {
			return err
		}
		v, err := s.agencyView(c, r)
		if err != nil {
			return err
		}
		if err := s.audit(c, "read", "referral", id, true); err != nil {
			return err
		}
		c.Set(fiber.HeaderETag, referralETag(r))
		return c.JSON(v)
	}
	markScopeChecked(c)
	r, err := cs.Referral(c.UserContext(), id)
	if err != nil {
		return careError(err, "The referral")
	}
	if err := s.audit(c, "read", "referral", id, true); err != nil {
		return err
	}
	c.Set(fiber.HeaderETag, referralETag(r))
	return c.JSON(r)
}

// agencySees answers 404 (audited) unless the agency user's organization received the
// referral through Handoff: a logged referral was never sent to anyone, and a draft is
// not sent yet.
func (s *Server) agencySees(c *fiber.Ctx, r care.Referral) error {
	org := r.OrganizationID
	if r.Mode != care.ModeLive || !r.Status.AgencySees() {
		org = ""
	}
	return s.maySeePrivate(c, "read", "referral", r.ID, org, "The referral")
}

type transitionInput struct {
	To      string `json:"to"`
	Reason  string `json:"reason"`
	Outcome string `json:"outcome"`
}

// transitionReferral moves a referral. Illegal moves answer 409 with the allowed next
// states; a missing reason 400; of concurrent moves one wins and the others are decided
// again on the new state (or 409 with If-Match).
func (s *Server) transitionReferral(c *fiber.Ctx) error {
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	var in transitionInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	version, err := ifVersion(c)
	if err != nil {
		return err
	}
	to := care.Status(strings.ToLower(strings.TrimSpace(in.To)))
	p := currentPrincipal(c)
	if p.ScopedToOrganization() {
		r, err := cs.Referral(c.UserContext(), id)
		if err != nil {
			return careError(err, "The referral")
		}
		if err := s.agencySees(c, r); err != nil {
			return err
		}
		if to.Valid() && !care.AgencyMayMove(to) {
			if err := s.auditDetail(c, "transition", "referral", id, false, "role"); err != nil {
				return err
			}
			return problem(fiber.StatusForbidden, "Agency staff may accept, reject, start, complete or fail a referral; holding and cancelling stay with the program.")
		}
	} else {
		markScopeChecked(c)
	}
	r, err := cs.TransitionReferral(c.UserContext(), id, store.ReferralMove{To: to, Reason: in.Reason,
		Outcome: care.Outcome(strings.ToLower(strings.TrimSpace(in.Outcome))), By: p.UserID, At: careClock(), IfVersion: version})
	if err != nil {
		return careError(err, "The referral")
	}
	c.Set(fiber.HeaderETag, referralETag(r))
	if p.ScopedToOrganization() {
		v, err := s.agencyView(c, r)
		if err != nil {
			return err
		}
		return c.JSON(v)
	}
	// A draft just requested gets its link now, shown to its maker only: a link shows
	// the person (access.MayReissueAgencyLink). Anyone else who sent it leaves the maker
	// to reissue it.
	if p.MayReissueAgencyLink(r.CreatedBy) {
		s.fillAgencyLink(c, &r)
	}
	return c.JSON(r)
}
