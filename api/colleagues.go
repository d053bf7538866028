package api

import (
	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/store"
)

// colleagueView is a colleague as the program sees one: who to name as a consent's
// witness or a follow-up's assignee. Never the email, organization or login data:
// GET /api/v1/users, with all of that, stays with admins, coordinators and agencies.
type colleagueView struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
}

// listColleagues answers the program's active peers and clinicians (care.AssigneeRoles:
// the roles a follow-up can be handed to, and those who hear consent in the field), by
// name, with an optional name filter q. Coordinators may call it but are not listed:
// they are handed no follow-ups, and a coordinator who witnessed a consent names
// themself. Disabled accounts are left out: they can neither call back nor be asked
// about what they heard.
//
// It is not audited as a read of personal data: colleagues are staff, not people in
// care, and the answer holds no more than the names they work under.
func (s *Server) listColleagues(c *fiber.Ctx) error {
	p := newParams(c)
	q := p.str("q")
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	list, total, err := s.store.Colleagues(c.UserContext(), care.AssigneeRoles, q, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	out := make([]colleagueView, len(list))
	for i, u := range list {
		out[i] = colleagueView{ID: u.ID, Name: u.Name, Role: u.Role}
	}
	return sendV1Page(c, out, total, page, perPage)
}
