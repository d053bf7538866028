package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"handoff/care"
	"handoff/directory"
	"handoff/store"
)

// personInput is what a client may set on a person; the rest is the server's.
type personInput struct {
	DisplayName       string `json:"display_name"`
	Phone             string `json:"phone"`
	PreferredLanguage string `json:"preferred_language"`
}

func (s *Server) createPerson(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	var in personInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	p := care.Person{DisplayName: in.DisplayName, Phone: in.Phone, PreferredLanguage: in.PreferredLanguage,
		CreatedBy: currentPrincipal(c).UserID}
	care.NormalizePerson(&p)
	if err := care.ValidatePerson(&p); err != nil {
		return err
	}
	if err := cs.CreatePerson(c.UserContext(), &p); err != nil {
		return careError(err, "The person")
	}
	return created(c, "/api/v1/people/"+p.ID, p)
}

func (s *Server) listPeople(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	p := newParams(c)
	q := p.str("q")
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := cs.People(c.UserContext(), q, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	// The search itself is audited, not its words (they may be a name), with each person
	// it answered.
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].ID
	}
	if err := s.auditList(c, "search", "person", ids); err != nil {
		return err
	}
	return sendV1Page(c, items, total, page, perPage)
}

func (s *Server) getPerson(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	id, err := pathID(c, "id")
	if err != nil {
		return err
	}
	f, err := cs.PersonFile(c.UserContext(), id)
	if errors.Is(err, store.ErrMerged) {
		// The file is the survivor's: point the reader there.
		if p, perr := cs.Person(c.UserContext(), id); perr == nil {
			// The answer names the record and its survivor: a read like any other.
			if err := s.auditDetail(c, "read", "person", id, true, "merged"); err != nil {
				return err
			}
			c.Location("/api/v1/people/" + p.MergedInto)
			pr := problem(fiber.StatusConflict, "This person record was merged into "+p.MergedInto+"; read that one.")
			pr.Extra = map[string]any{"merged_into": p.MergedInto}
			return pr
		}
	}
	if err != nil {
		return careError(err, "The person")
	}
	if !mayReadNotes(currentPrincipal(c)) {
		stripNotes(&f)
	}
	if err := s.audit(c, "read", "person", id, true); err != nil {
		return err
	}
	return c.JSON(f)
}

type mergeInput struct {
	DuplicateID string `json:"duplicate_id"`
}

// mergePeople merges the record named in the body into the one in the path; both
// histories stay, read through the surviving record.
func (s *Server) mergePeople(c *fiber.Ctx) error {
	cs, err := s.careStore(c)
	if err != nil {
		return err
	}
	keep, err := pathID(c, "id")
	if err != nil {
		return err
	}
	var in mergeInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	switch {
	case !directory.IsUUID(in.DuplicateID):
		return badRequest(directory.FieldError{Field: "duplicate_id", Message: "is required: the id of the record to merge into this one"})
	case in.DuplicateID == keep:
		return badRequest(directory.FieldError{Field: "duplicate_id", Message: "must be another record than the one kept"})
	}
	if err := cs.MergePeople(c.UserContext(), keep, in.DuplicateID, currentPrincipal(c).UserID, careClock()); err != nil {
		return careError(err, "The person")
	}
	f, err := cs.PersonFile(c.UserContext(), keep)
	if err != nil {
		return careError(err, "The person")
	}
	if !mayReadNotes(currentPrincipal(c)) {
		stripNotes(&f)
	}
	return c.JSON(f)
}

// pathID reads a UUID path parameter; anything else cannot name a record.
func pathID(c *fiber.Ctx, name string) (string, error) {
	id := c.Params(name)
	if !directory.IsUUID(id) {
		return "", notFound("The record")
	}
	return id, nil
}
