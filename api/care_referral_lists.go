package api

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/store"
)

// The two referral lists: the program's (listReferrals) and an agency's inbox
// (agencyReferrals). Who sees which is access's rules; both read statuses alike.

// referralStatuses reads a referral list's status parameter: statuses, repeated or
// comma-separated, in any case, each kept once; none for all.
func (p *params) referralStatuses() []care.Status {
	var out []care.Status
	for _, v := range p.c.Context().QueryArgs().PeekMulti("status") {
		for _, one := range strings.Split(string(v), ",") {
			st := care.Status(strings.ToLower(strings.TrimSpace(one)))
			if st == "" {
				continue
			}
			if !st.Valid() {
				p.fail("status", "must be referral statuses (Gravity Task.status codes), repeated or comma-separated")
				return nil
			}
			if !slices.Contains(out, st) {
				out = append(out, st)
			}
		}
	}
	return out
}

// agencyReferrals lists the live referrals sent to the agency user's organization:
// access's "this organization's records" rule (Principal.InboxOrganization).
func (s *Server) agencyReferrals(c *fiber.Ctx) error {
	if _, err := s.careStore(c); err != nil {
		return err
	}
	markScopeChecked(c)
	pr := newParams(c)
	statuses := pr.referralStatuses()
	page, perPage := pageParams(pr)
	if err := pr.err(); err != nil {
		return err
	}
	org, ok := currentPrincipal(c).InboxOrganization()
	if !ok {
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
// Whose it may hold is access's "own referrals" rule (Principal.OwnReferrals): peers and
// clinicians see the referrals they made; of one person, everyone's, as that person's
// file shows them anyway; another user's without a person is 403. Without either filter
// a peer or clinician gets their own, a coordinator everyone's.
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
	f.Statuses = pr.referralStatuses()
	page, perPage := pageParams(pr)
	if err := pr.err(); err != nil {
		return err
	}
	maker, ok := who.OwnReferrals(f.PersonID, f.CreatedBy)
	if !ok {
		if err := s.auditDetail(c, "list", "referral", "", false, "role"); err != nil {
			return err
		}
		return problem(fiber.StatusForbidden, "Peers and clinicians list the referrals they made, or all of one person's (person_id); a colleague's are for coordinators.")
	}
	f.CreatedBy = maker
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
