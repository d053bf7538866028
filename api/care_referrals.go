package api

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/care"
	"handoff/directory"
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
		if by == "" || r.OrganizationID == "" {
			return false
		}
		if ok, seen := known[by]; seen {
			return ok
		}
		u, err := s.store.UserByID(c.UserContext(), by)
		known[by] = err == nil && u.OrganizationID == r.OrganizationID
		return known[by]
	}
}

// agencyReferrals lists the live referrals sent to the agency user's organization.
func (s *Server) agencyReferrals(c *fiber.Ctx) error {
	if _, err := s.careStore(c); err != nil {
		return err
	}
	p := currentPrincipal(c)
	markScopeChecked(c)
	pr := newParams(c)
	var statuses []care.Status
	for _, v := range strings.Split(pr.str("status"), ",") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		if !care.Status(v).Valid() {
			pr.fail("status", "must be referral statuses, comma-separated")
			break
		}
		statuses = append(statuses, care.Status(v))
	}
	page, perPage := pageParams(pr)
	if err := pr.err(); err != nil {
		return err
	}
	org := p.OrganizationID
	if p.Role != access.Agency || !directory.IsUUID(org) {
		return problem(fiber.StatusForbidden, "Only staff of an organization have an agency inbox.")
	}
	// Drafts are not sent yet: the inbox never holds them, whatever was asked.
	if len(statuses) == 0 {
		statuses = care.Statuses()
	}
	statuses = slices.DeleteFunc(statuses, func(st care.Status) bool { return !st.AgencySees() })
	if len(statuses) == 0 {
		if err := s.audit(c, "list", "referral", "", true); err != nil {
			return err
		}
		return sendV1Page(c, []agencyReferral{}, 0, page, perPage)
	}
	items, total, err := s.store.Care(s.care.sealer).Referrals(c.UserContext(),
		store.ReferralFilter{OrganizationID: org, Statuses: statuses, Mode: care.ModeLive}, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	out := make([]agencyReferral, 0, len(items))
	for _, r := range items {
		v, err := s.agencyView(c, r)
		if err != nil {
			return err
		}
		out = append(out, v)
	}
	if err := s.auditList(c, "list", "referral", referralIDs(items)); err != nil {
		return err
	}
	return sendV1Page(c, out, total, page, perPage)
}

func referralIDs(rs []care.Referral) []string {
	out := make([]string, len(rs))
	for i := range rs {
		out[i] = rs[i].ID
	}
	return out
}

// listedReferral is a referral in the program's list: as GET /api/v1/referrals/:id
// answers it, with the names that make it readable.
type listedReferral struct {
	care.Referral
	ServiceName      string            `json:"service_name,omitempty"`
	OrganizationName string            `json:"organization_name,omitempty"`
	Person           *care.PersonBrief `json:"person,omitempty"`
}

// listReferrals answers the program's referral list, latest moved first: the
// referrals made by one user (created_by, "me" the caller), of one person (person_id,
// merged records included), with some statuses (status, repeated or comma-separated).
// Peers and clinicians see the referrals they made; of one person, everyone's, as that
// person's file shows them anyway; another user's without a person is 403. Without
// either filter a peer or clinician gets their own, a coordinator everyone's.
func (s *Server) listReferrals(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	pr := newParams(c)
	who := currentPrincipal(c)
	f := store.ReferralFilter{PersonID: pr.uuid("person_id")}
	switch by := pr.str("created_by"); by {
	case "":
	case "me":
		f.CreatedBy = who.UserID
	default:
		f.CreatedBy = pr.uuid("created_by")
	}
	var raw []string
	for _, v := range c.Context().QueryArgs().PeekMulti("status") {
		raw = append(raw, strings.Split(string(v), ",")...)
	}
	for _, v := range raw {
		if v = strings.ToLower(strings.TrimSpace(v)); v == "" {
			continue
		}
		if !care.Status(v).Valid() {
			pr.fail("status", "must be referral statuses (Gravity Task.status codes), repeated or comma-separated")
			break
		}
		if st := care.Status(v); !slices.Contains(f.Statuses, st) {
			f.Statuses = append(f.Statuses, st)
		}
	}
	page, perPage := pageParams(pr)
	if err := pr.err(); err != nil {
		return err
	}
	if !who.Has(access.Coordinator) && f.PersonID == "" {
		switch f.CreatedBy {
		case "":
			f.CreatedBy = who.UserID
		case who.UserID:
		default:
			if err := s.auditDetail(c, "list", "referral", "", false, "role"); err != nil {
				return err
			}
			return problem(fiber.StatusForbidden, "Peers and clinicians list the referrals they made, or all of one person's (person_id); a colleague's are for coordinators.")
		}
	}
	items, total, err := cs.Referrals(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	withPeople := who.MayReadPeople()
	labels, err := cs.ReferralLabels(c.UserContext(), items, withPeople)
	if err != nil {
		return err
	}
	out := make([]listedReferral, len(items))
	var people []string
	seen := map[string]bool{}
	for i, r := range items {
		l := labels[r.ID]
		out[i] = listedReferral{Referral: r, ServiceName: l.ServiceName, OrganizationName: l.OrganizationName, Person: l.Person}
		if l.Person != nil && !seen[l.Person.ID] {
			seen[l.Person.ID] = true
			people = append(people, l.Person.ID)
		}
	}
	// The people shown beside the referrals are read too: their rows go in with the
	// referrals' own, in one transaction.
	if err := s.auditLists(c, "list", listed{"referral", referralIDs(items)}, listed{"person", people}); err != nil {
		return err
	}
	return sendV1Page(c, out, total, page, perPage)
}
