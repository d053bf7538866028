package api

import (
	"encoding/json"
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
	Contact           string `json:"contact"`
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
	p := care.Person{DisplayName: in.DisplayName, Phone: in.Phone, PreferredLanguage: in.PreferredLanguage, Contact: in.Contact,
		CreatedBy: currentPrincipal(c).UserID}
	care.NormalizePerson(&p)
	if err := care.ValidatePerson(&p); err != nil {
		return err
	}
	if err := cs.CreatePerson(c.UserContext(), &p); err != nil {
		return careError(err, "The person")
	}
	c.Set(fiber.HeaderETag, personETag(p))
	return created(c, "/api/v1/people/"+p.ID, p)
}

// patchPerson corrects a person's display name, phone or preferred language with a JSON
// Merge Patch (care.PatchPerson has the rules). The patch applies to the record as it
// was read, and is written only at that version, so that a change made meanwhile is
// never overwritten with the old values of the fields this patch did not name.
func (s *Server) patchPerson(c *fiber.Ctx) error {
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	pinned, err := ifVersionOf(c, personTag, "person")
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p, err := cs.Person(ctx, id)
	if err != nil {
		return careError(err, "The person")
	}
	if p.MergedInto != "" {
		return s.mergedPerson(c, p, "update")
	}
	if pinned != 0 && pinned != p.Version {
		return preconditionFailed()
	}
	var patch map[string]json.RawMessage
	if err := readJSON(c, &patch); err != nil {
		return err
	}
	before := p
	if err := care.PatchPerson(&p, patch); err != nil {
		return err
	}
	if p.DisplayName == before.DisplayName && p.Phone == before.Phone && p.PreferredLanguage == before.PreferredLanguage &&
		p.Contact == before.Contact {
		// Nothing changes: no new version (which would fail other clients' If-Match for
		// nothing), no write row; the answer still shows the record, so it is a read.
		if err := s.audit(c, "read", "person", id, true); err != nil {
			return err
		}
		c.Set(fiber.HeaderETag, personETag(before))
		return c.JSON(before)
	}
	err = cs.UpdatePerson(ctx, &p, p.Version)
	if errors.Is(err, store.ErrMerged) { // merged since it was read
		if cur, rerr := cs.Person(ctx, id); rerr == nil && cur.MergedInto != "" {
			return s.mergedPerson(c, cur, "update")
		}
	}
	if err != nil {
		return careError(stalePin(err, pinned), "The person")
	}
	c.Set(fiber.HeaderETag, personETag(p))
	return c.JSON(p)
}

// mergedPerson answers 409 for a record merged into another, naming the survivor (in
// the problem and in Location) so that the client can redo its work there. Naming the
// survivor links two records of one person, so the answer is audited: allowed for a
// read, refused for a change.
func (s *Server) mergedPerson(c *fiber.Ctx, p care.Person, action string) error {
	if err := s.auditDetail(c, action, "person", p.ID, action == "read", "merged"); err != nil {
		return err
	}
	c.Location("/api/v1/people/" + p.MergedInto)
	pr := problem(fiber.StatusConflict, "This person record was merged into "+p.MergedInto+"; use that one.")
	pr.Extra = map[string]any{"merged_into": p.MergedInto}
	return pr
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
	cs, id, err := s.careRecord(c)
	if err != nil {
		return err
	}
	f, err := cs.PersonFile(c.UserContext(), id)
	if errors.Is(err, store.ErrMerged) {
		// The file is the survivor's: point the reader there.
		if p, perr := cs.Person(c.UserContext(), id); perr == nil {
			return s.mergedPerson(c, p, "read")
		}
	}
	if err != nil {
		return careError(err, "The person")
	}
	if !currentPrincipal(c).MayReadNotes() {
		stripNotes(&f)
	}
	if err := s.audit(c, "read", "person", id, true); err != nil {
		return err
	}
	// The tag is the person's own: a PATCH changes the person, not the rest of the file.
	c.Set(fiber.HeaderETag, personETag(f.Person))
	return c.JSON(f)
}

type mergeInput struct {
	DuplicateID string `json:"duplicate_id"`
}

// mergePeople merges the record named in the body into the one in the path; both
// histories stay, read through the surviving record.
func (s *Server) mergePeople(c *fiber.Ctx) error {
	cs, keep, err := s.careRecord(c)
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
	if !currentPrincipal(c).MayReadNotes() {
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
