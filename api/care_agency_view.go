package api

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/care"
)

// agencyReferral is a referral as its receiving agency sees it: the person's details
// and the note only while a consent covers the organization; after a revocation the
// referral stays, its details go.
type agencyReferral struct {
	ID             string        `json:"id"`
	ServiceID      string        `json:"service_id"`
	OrganizationID string        `json:"organization_id"`
	Need           string        `json:"need"`
	LevelOfCare    string        `json:"level_of_care,omitempty"`
	Mode           care.Mode     `json:"mode"`
	Status         care.Status   `json:"status"`
	Outcome        care.Outcome  `json:"outcome,omitempty"`
	StatusReason   string        `json:"status_reason,omitempty"`
	History        []care.Move   `json:"history"`
	Allowed        []care.Status `json:"allowed"`
	Shared         bool          `json:"shared"`
	Person         *agencyPerson `json:"person,omitempty"`
	Note           string        `json:"note,omitempty"`
	CreatedAt      time.Time     `json:"created_at,omitzero"`
	RequestedAt    time.Time     `json:"requested_at,omitzero"`
	AcceptedAt     time.Time     `json:"accepted_at,omitzero"`
	ClosedAt       time.Time     `json:"closed_at,omitzero"`
	UpdatedAt      time.Time     `json:"updated_at,omitzero"`
	Version        int           `json:"version"`
}

// agencyPerson is what a consent lets the agency know of the person: how to reach them.
type agencyPerson struct {
	DisplayName       string `json:"display_name"`
	Phone             string `json:"phone,omitempty"`
	PreferredLanguage string `json:"preferred_language,omitempty"`
}

// agencyView builds what the agency may see of a referral read with notes opened: the
// person and the note only while a consent covers the organization and the referral is
// sent and not withdrawn or void (care.Status.ShowsAgencyPerson); the program's reasons
// only under that consent (care.ReasonForAgency).
func (s *Server) agencyView(c *fiber.Ctx, r care.Referral) (agencyReferral, error) {
	v := agencyReferral{ID: r.ID, ServiceID: r.ServiceID, OrganizationID: r.OrganizationID, Need: r.Need,
		LevelOfCare: r.LevelOfCare, Mode: r.Mode, Status: r.Status, Outcome: r.Outcome,
		CreatedAt: r.CreatedAt, RequestedAt: r.RequestedAt, AcceptedAt: r.AcceptedAt, ClosedAt: r.ClosedAt,
		UpdatedAt: r.UpdatedAt, Version: r.Version}
	for _, to := range care.Allowed(r.Status) {
		if care.AgencyMayMove(to) {
			v.Allowed = append(v.Allowed, to)
		}
	}
	cs := s.store.Care(s.care.sealer)
	consented := false
	if r.PersonID != "" && r.Mode == care.ModeLive && r.Status.ShowsAgencyPerson() {
		_, err := cs.CoveringConsent(c.UserContext(), r.PersonID, r.OrganizationID, time.Now())
		if err != nil && !errors.Is(err, care.ErrNoConsent) {
			return v, err
		}
		consented = err == nil
	}
	// Moves are kept with who made them; the agency sees when and what, not the
	// program's user ids, and the program's reasons only under consent.
	byAgency := s.agencyMovers(c, r)
	for _, m := range r.History {
		m.Reason = care.ReasonForAgency(m, consented, byAgency(m.By))
		m.By = ""
		v.History = append(v.History, m)
	}
	if n := len(r.History); n > 0 && r.History[n-1].To == r.Status {
		last := r.History[n-1]
		if care.ReasonForAgency(last, consented, byAgency(last.By)) != "" {
			v.StatusReason = r.StatusReason
		}
	} else if consented && r.Status != care.StatusEnteredInError {
		v.StatusReason = r.StatusReason
	}
	if !consented {
		return v, nil
	}
	p, err := cs.Person(c.UserContext(), r.PersonID)
	if err != nil {
		return v, careError(err, "The person")
	}
	full, err := cs.Referral(c.UserContext(), r.ID) // with the note opened
	if err != nil {
		return v, careError(err, "The referral")
	}
	v.Shared, v.Note = true, full.Note
	v.Person = &agencyPerson{DisplayName: p.DisplayName, Phone: p.Phone, PreferredLanguage: p.PreferredLanguage}
	return v, nil
}

// agencyMovers answers whether a move's maker was the receiving agency: its no-login
// link, or a user of its organization.
func (s *Server) agencyMovers(c *fiber.Ctx, r care.Referral) func(by string) bool {
	known := map[string]bool{}
	return func(by string) bool {
		if by == care.LinkActor {
			return true
		}
		if by == "" {
			return false
		}
		if ok, seen := known[by]; seen {
			return ok
		}
		u, err := s.store.UserByID(c.UserContext(), by)
		known[by] = err == nil && access.MemberOf(u.OrganizationID, r.OrganizationID)
		return known[by]
	}
}
