package api

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/store"
)

// approveSuggestion applies a pending suggestion through the normal write path and marks
// it approved, in one transaction. A field changed since it was proposed is a 409 naming
// it, as is any write that lands between this read and the write (the version read here
// is the write's precondition). A report that proposes nothing is only marked approved.
func (s *Server) approveSuggestion(c *fiber.Ctx) error {
	g, _, err := s.reviewable(c, "approve")
	if err != nil {
		return err
	}
	b, err := readDecision(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	p := currentPrincipal(c)
	d := store.Decision{SuggestionID: g.ID, Status: directory.SuggestionApproved, By: p.UserID, ByName: p.Name, Reason: b.Reason, At: time.Now()}
	if len(g.Changes) == 0 {
		if err := s.store.DecideSuggestion(ctx, d, auditEntryOf(c, "approve", "suggestion", g.ID, true, "service "+g.ServiceID)); err != nil {
			if errors.Is(err, store.ErrConflict) {
				return problem(fiber.StatusConflict, "This suggestion was decided already.")
			}
			return err
		}
		return s.sendSuggestion(c, g.ID)
	}
	// The version first, then the service: a write in between fails the precondition.
	version, err := s.store.DirectoryVersion(ctx, "service", g.ServiceID)
	if err != nil {
		return err
	}
	old, err := s.store.Service(ctx, g.ServiceID)
	if err != nil {
		return err
	}
	changed, err := directory.ChangedSince(old, g.Changes)
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		pr := problem(fiber.StatusConflict, "The listing changed since this was proposed ("+strings.Join(changed, ", ")+
			"): read it again, and reject this suggestion or propose anew.")
		for _, f := range changed {
			pr.Errors = append(pr.Errors, directory.FieldError{Field: f, Message: "changed since it was proposed"})
		}
		return pr
	}
	v, errs := directory.ApplyChanges(old, g.Changes)
	if len(errs) > 0 {
		pr := problem(fiber.StatusUnprocessableEntity, "The suggestion no longer makes a valid listing.")
		pr.Errors = errs
		return pr
	}
	if err := serviceKind.prepare(s, c, &v, &old); err != nil {
		return err
	}
	actor := changeActorOf(c)
	actor.Source, actor.ProposedBy, actor.ProposerName, actor.SuggestionID = directory.ChangeFromSuggestion, g.ProposedBy, g.ProposerName, g.ID
	err = serviceKind.write(ctx, s.store, &v, store.IfUnchanged(version), listingAudit(c, "update", "service", g.ServiceID),
		store.ChangedBy(actor), store.ApprovesSuggestion(d))
	switch {
	case errors.Is(err, store.ErrConflict):
		return problem(fiber.StatusConflict, "The listing changed, or the suggestion was decided, while this was being approved: read them again.")
	case err != nil:
		return storeWriteError(err)
	}
	return s.sendSuggestion(c, g.ID)
}
