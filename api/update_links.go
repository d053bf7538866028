package api

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// The management of a service's no-login update links (/u/{token}, update_link_page.go):
// admins, and agency staff of the service's own organization, make, rotate, revoke and
// list them (access.MayManageUpdateLinks). The token is answered once, in the link's
// URL, when it is made or rotated; the list shows no token.

// updateLinkView is a link as the API answers it; URL only when the token was just made.
type updateLinkView struct {
	store.UpdateLink
	URL string `json:"url,omitempty"`
}

func (s *Server) updateLinkRoutes(v1 fiber.Router) {
	v1.Get("/services/:id/update-links", s.listUpdateLinks)
	v1.Post("/services/:id/update-links", s.createUpdateLink)
	v1.Post("/services/:id/update-links/:lid/rotate", s.rotateUpdateLink)
	v1.Delete("/services/:id/update-links/:lid", s.revokeUpdateLink)
}

// updateLinkService loads the service of the :id parameter and checks that the caller
// may manage its links: 404 for no such service, 403 (audited) for another
// organization's.
func (s *Server) updateLinkService(c *fiber.Ctx, action string) (directory.Service, error) {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return directory.Service{}, notFound("The service")
	}
	svc, err := s.store.Service(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return svc, notFound("The service")
	} else if err != nil {
		return svc, err
	}
	markScopeChecked(c)
	if currentPrincipal(c).MayManageUpdateLinks(serviceKind.owner(&svc)) {
		return svc, nil
	}
	if err := s.auditDetail(c, action, "update_link", id, false, "organization"); err != nil {
		return svc, err
	}
	return svc, problem(fiber.StatusForbidden, "Only an admin or the staff of the organization that owns this service may manage its update links.")
}

func (s *Server) listUpdateLinks(c *fiber.Ctx) error {
	svc, err := s.updateLinkService(c, "list")
	if err != nil {
		return err
	}
	links, err := s.store.UpdateLinks(c.UserContext(), svc.ID)
	if err != nil {
		return err
	}
	out := make([]updateLinkView, len(links))
	for i, l := range links {
		out[i] = updateLinkView{UpdateLink: l}
	}
	return c.JSON(map[string]any{"items": out})
}

// createUpdateLink makes a link for the service and answers its URL, once.
func (s *Server) createUpdateLink(c *fiber.Ctx) error {
	svc, err := s.updateLinkService(c, "create")
	if err != nil {
		return err
	}
	token, hash := access.NewUpdateLinkToken()
	l := store.UpdateLink{ID: directory.NewID(), ServiceID: svc.ID, OrganizationID: serviceKind.owner(&svc),
		TokenHash: hash, CreatedBy: currentPrincipal(c).UserID, CreatedAt: time.Now().UTC()}
	if err := s.store.CreateUpdateLink(c.UserContext(), l, auditEntryOf(c, "create", "update_link", l.ID, true, "service "+svc.ID)); err != nil {
		return err
	}
	c.Location("/api/v1/services/" + svc.ID + "/update-links")
	return c.Status(fiber.StatusCreated).JSON(updateLinkView{UpdateLink: l, URL: s.baseURL(c) + "/u/" + token})
}

// rotateUpdateLink gives a link a fresh token: the old URL answers 410 from now on.
func (s *Server) rotateUpdateLink(c *fiber.Ctx) error {
	svc, err := s.updateLinkService(c, "rotate")
	if err != nil {
		return err
	}
	id := c.Params("lid")
	if !directory.IsUUID(id) {
		return notFound("The update link")
	}
	token, hash := access.NewUpdateLinkToken()
	l, err := s.store.RotateUpdateLink(c.UserContext(), svc.ID, id, hash, time.Now(), auditEntryOf(c, "rotate", "update_link", id, true, "service "+svc.ID))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notFound("The update link")
	case errors.Is(err, store.ErrLinkWithdrawn):
		return problem(fiber.StatusConflict, "This update link was revoked, or made while the service belonged to another organization; it stays withdrawn. Make a new one instead.")
	case err != nil:
		return err
	}
	return c.JSON(updateLinkView{UpdateLink: l, URL: s.baseURL(c) + "/u/" + token})
}

// revokeUpdateLink stops a link: its page answers 410 from now on.
func (s *Server) revokeUpdateLink(c *fiber.Ctx) error {
	svc, err := s.updateLinkService(c, "revoke")
	if err != nil {
		return err
	}
	id := c.Params("lid")
	if !directory.IsUUID(id) {
		return notFound("The update link")
	}
	err = s.store.RevokeUpdateLink(c.UserContext(), svc.ID, id, time.Now(), auditEntryOf(c, "revoke", "update_link", id, true, "service "+svc.ID))
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The update link")
	} else if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
