package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/store"
)

// Erasure on request (issue 18): an admin erases one person's record, with everything
// recorded about them, under the purge's rules: what the coordinators' measures read is
// kept without the person, and the audit log says who erased which record and how much,
// never what it held. Admins do not read people's care, so the person's id comes from
// the program (their file's address); a preview first says how much would go.

// eraseInput confirms an erasure: confirm repeats the person's id, so that a mistyped
// request or a replayed preview cannot erase; dry_run previews the counts only.
type eraseInput struct {
	Confirm string `json:"confirm"`
	DryRun  bool   `json:"dry_run"`
}

// erasureView answers an erasure or its preview: the counts per kind.
type erasureView struct {
	PersonID string            `json:"person_id"`
	DryRun   bool              `json:"dry_run"`
	Erased   store.PurgeCounts `json:"erased"`
}

// erasePerson is POST /api/v1/people/{id}/erase (admins).
func (s *Server) erasePerson(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The person")
	}
	if s.care.sealer == nil {
		return problem(fiber.StatusServiceUnavailable,
			"A person's record cannot be erased without the data key (--data-key-file or HANDOFF_DATA_KEY): what the measures keep is sealed again on the way.")
	}
	var in eraseInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	if in.Confirm != id {
		return badRequest(directory.FieldError{Field: "confirm", Message: "must repeat the person's id: an erasure cannot be undone"})
	}
	action := "erase"
	if in.DryRun {
		action = "erase-preview"
	}
	counts, err := s.store.ErasePerson(c.UserContext(), s.care.sealer, id, auditEntryOf(c, action, "person", id, true, ""), in.DryRun)
	switch {
	case errors.Is(err, store.ErrMerged):
		return problem(fiber.StatusConflict, "This person record was merged into another: erase the surviving record, which takes this one with it.")
	case err != nil:
		return careError(err, "The person")
	}
	return c.JSON(erasureView{PersonID: id, DryRun: in.DryRun, Erased: counts})
}
