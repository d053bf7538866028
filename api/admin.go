package api

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// The admins' side of the service: the /admin page (an empty shell like /freshness; its
// data comes from the admin-only routes below and the account routes of users.go), every
// account's API tokens, password reset links, and the import history.

func (s *Server) adminRoutes(v1 fiber.Router) {
	s.app.Get("/admin", s.adminPage)
	v1.Get("/tokens", s.listAllTokens)
	v1.Delete("/tokens/:id", s.revokeToken)
	v1.Post("/users/:id/password-reset", s.createPasswordReset)
	v1.Get("/imports", s.listImports)
	v1.Post("/people/:id/erase", s.erasePerson)
	s.passwordResetPageRoutes()
}

// adminPage is the same file for everyone: the page holds no data, and a signed-in user
// who is not an admin is told so by its script; the API refuses them anyway.
func (s *Server) adminPage(c *fiber.Ctx) error {
	return s.page(c, fiber.StatusOK, "admin.html", "", nil)
}

// adminTokenView is an API token in the admins' list: whose it is, never the token.
type adminTokenView struct {
	tokenView
	UserID    string `json:"user_id"`
	UserName  string `json:"user_name"`
	UserEmail string `json:"user_email"`
	UserRole  string `json:"user_role"`
}

// listAllTokens lists every account's API tokens (?user= one account's), newest first.
func (s *Server) listAllTokens(c *fiber.Ctx) error {
	p := newParams(c)
	user := p.uuid("user")
	if err := p.err(); err != nil {
		return err
	}
	ts, err := s.store.AllAPITokens(c.UserContext(), user)
	if err != nil {
		return err
	}
	out := make([]adminTokenView, len(ts))
	for i, t := range ts {
		out[i] = adminTokenView{tokenView: tokenViewOf(t.APIToken, s.acc.tokenMax), UserID: t.UserID,
			UserName: t.UserName, UserEmail: t.UserEmail, UserRole: t.UserRole}
	}
	return sendV1Page(c, out, len(out), 1, max(len(out), 1))
}

// revokeToken revokes any account's API token: a leaked script's credential is cut off
// by an admin without its owner. Audited in the same transaction.
func (s *Server) revokeToken(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The token")
	}
	err := s.store.RevokeAPIToken(c.UserContext(), id, auditEntryOf(c, "revoke", "api_token", id, true, ""))
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The token")
	} else if err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// passwordResetView is the answer that makes a reset link: the only time its URL is shown.
type passwordResetView struct {
	ID        string    `json:"id"`
	UserID    string    `json:"user_id"`
	URL       string    `json:"url"`
	ExpiresAt time.Time `json:"expires_at"`
}

// createPasswordReset makes a one-time link through which the account's person sets a
// new password (/p/{token}); earlier links for the account stop working. A disabled
// account gets none: reactivate it first.
func (s *Server) createPasswordReset(c *fiber.Ctx) error {
	u, err := s.loadUser(c, "reset-password")
	if err != nil {
		return err
	}
	if u.Disabled {
		p := problem(fiber.StatusConflict, "This account is deactivated. Reactivate it before making a reset link.")
		p.Errors = directory.FieldErrors{{Field: "disabled", Message: "the account is deactivated"}}
		return p
	}
	token, hash := access.NewPasswordResetToken()
	now := time.Now().UTC()
	r := store.PasswordReset{ID: directory.NewID(), UserID: u.ID, TokenHash: hash, CreatedBy: currentPrincipal(c).UserID,
		CreatedAt: now, ExpiresAt: now.Add(access.PasswordResetLifetime)}
	if err := s.store.CreatePasswordReset(c.UserContext(), r, auditEntryOf(c, "reset-password", "user", u.ID, true, "reset link "+r.ID)); err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(passwordResetView{ID: r.ID, UserID: u.ID, URL: s.baseURL(c) + "/p/" + token, ExpiresAt: r.ExpiresAt})
}

// listImports answers the import history, newest first.
func (s *Server) listImports(c *fiber.Ctx) error {
	p := newParams(c)
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	runs, total, err := s.store.ImportRuns(c.UserContext(), store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return sendV1Page(c, runs, total, page, perPage)
}
