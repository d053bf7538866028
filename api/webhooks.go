package api

import (
	"errors"
	"net/mail"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/notify"
	"handoff/store"
)

// Webhook receivers (issue 16): admins register them with the events they want
// (directory changes, referral events); deliveries go through the outbox, signed per
// Standard Webhooks. The secret is shown once, on registration.

func (s *Server) webhookRoutes(v1 fiber.Router) {
	v1.Get("/webhooks", s.listWebhooks)
	v1.Post("/webhooks", s.createWebhook)
	v1.Patch("/webhooks/:id", s.updateWebhook)
	v1.Delete("/webhooks/:id", s.deleteWebhook)
}

// webhookBody is a receiver as a client sends it. Secret is optional on registration
// (one is made); status is active or paused (updates only).
type webhookBody struct {
	URL        *string  `json:"url"`
	Events     []string `json:"events"`
	Secret     *string  `json:"secret"`
	AdminEmail *string  `json:"admin_email"`
	Status     *string  `json:"status"`
}

func (s *Server) listWebhooks(c *fiber.Ctx) error {
	ws, err := s.store.Webhooks(c.UserContext())
	if err != nil {
		return err
	}
	return sendV1Page(c, ws, len(ws), 1, max(len(ws), 1))
}

// checkWebhook applies the body to w and names every bad field.
func checkWebhook(b webhookBody, w *store.WebhookReceiver, create bool) directory.FieldErrors {
	var errs directory.FieldErrors
	if b.URL != nil {
		w.URL = strings.TrimSpace(*b.URL)
	}
	if create || b.URL != nil {
		if err := notify.CheckWebhookURL(w.URL); err != nil || len(w.URL) > 2000 {
			errs = append(errs, directory.FieldError{Field: "url", Message: "must be an http or https URL without credentials"})
		}
	}
	if b.Events != nil || create {
		kinds := notify.ParseKinds(strings.Join(b.Events, " "))
		if bad := kinds.Unknown(notify.WebhookKinds()); len(bad) > 0 || len(kinds) == 0 {
			errs = append(errs, directory.FieldError{Field: "events", Message: "must name one or more of " + kindList(notify.WebhookKinds())})
		}
		w.Events = kinds
	}
	if b.AdminEmail != nil {
		w.AdminEmail = strings.ToLower(strings.TrimSpace(*b.AdminEmail))
		if m, err := mail.ParseAddress(w.AdminEmail); w.AdminEmail != "" && (err != nil || m.Address != w.AdminEmail) {
			errs = append(errs, directory.FieldError{Field: "admin_email", Message: "must be an email address"})
		}
	}
	if b.Secret != nil {
		if !create {
			errs = append(errs, directory.FieldError{Field: "secret", Message: "is set on registration only: register the receiver again to change it"})
		} else if err := notify.CheckWebhookSecret(*b.Secret); err != nil || len(*b.Secret) < 24 {
			errs = append(errs, directory.FieldError{Field: "secret", Message: "must be whsec_ and the base64 of at least 16 random bytes"})
		} else {
			w.Secret = *b.Secret
		}
	}
	if b.Status != nil {
		if create || (*b.Status != "active" && *b.Status != "paused") {
			errs = append(errs, directory.FieldError{Field: "status", Message: "must be active or paused, on an update"})
		} else {
			w.Status = *b.Status
		}
	}
	return errs
}

// createWebhook registers a receiver. The answer carries its secret, the only time it is
// shown; the admin address (by default the registering admin's) is told when the
// receiver is paused.
func (s *Server) createWebhook(c *fiber.Ctx) error {
	var b webhookBody
	if err := readStrictJSON(c, &b); err != nil {
		return err
	}
	p := currentPrincipal(c)
	w := store.WebhookReceiver{ID: directory.NewID(), Status: "active", CreatedBy: p.UserID, CreatedAt: time.Now().UTC()}
	if b.AdminEmail == nil {
		if u, err := s.store.UserByID(c.UserContext(), p.UserID); err == nil {
			w.AdminEmail = u.Email
		}
	}
	if errs := checkWebhook(b, &w, true); len(errs) > 0 {
		return badRequest(errs...)
	}
	if w.Secret == "" {
		w.Secret = notify.NewWebhookSecret()
	}
	if err := s.store.CreateWebhook(c.UserContext(), w, auditEntryOf(c, "create", "webhook", w.ID, true, "")); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(w)
}

// updateWebhook changes a receiver's URL, events, admin address or status: "active"
// resumes a paused one, and its waiting deliveries go.
func (s *Server) updateWebhook(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The webhook")
	}
	var b webhookBody
	if err := readStrictJSON(c, &b); err != nil {
		return err
	}
	w, err := s.store.Webhook(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The webhook")
	} else if err != nil {
		return err
	}
	if errs := checkWebhook(b, &w, false); len(errs) > 0 {
		return badRequest(errs...)
	}
	if err := s.store.UpdateWebhook(c.UserContext(), w, auditEntryOf(c, "update", "webhook", id, true, "")); errors.Is(err, store.ErrNotFound) {
		return notFound("The webhook")
	} else if err != nil {
		return err
	}
	w, err = s.store.Webhook(c.UserContext(), id)
	if err != nil {
		return err
	}
	return c.JSON(w)
}

func (s *Server) deleteWebhook(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The webhook")
	}
	if err := s.store.DeleteWebhook(c.UserContext(), id, auditEntryOf(c, "delete", "webhook", id, true, "")); errors.Is(err, store.ErrNotFound) {
		return notFound("The webhook")
	} else if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
