package api

import (
	"errors"
	"html/template"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/store"
)

// The no-login password page (/p/{token}): the person an admin made a reset link for
// sets a new password there. Server-rendered like the update link page: no script. The
// link dies on use, on expiry, when a newer one is made and when the account is
// deactivated (410); using it ends the account's sessions and API tokens. Posts are
// limited per link and per client address, and every outcome is audited.

var passwordResetPage = template.Must(template.New("password-reset.html").
	Funcs(template.FuncMap{"minLength": func() int { return access.MinPasswordLength }}).
	ParseFS(web, "web/password-reset.html"))

func (s *Server) passwordResetPageRoutes() {
	s.app.Get("/p/:token", s.passwordResetGet)
	s.app.Post("/p/:token", s.passwordResetPost)
}

type passwordResetData struct {
	Name, Email string
	// Error is the message beside the password field; Confirm the one beside its repeat;
	// Alert one for the whole form.
	Error, Confirm, Alert string
	Gone, Done            bool
	// SignIn is the page where the account's role signs in.
	SignIn string
}

// openPasswordReset finds the link's account, or renders the page that says why not:
// 404 for a token no link ever had, 410 for one used, replaced, expired, or whose
// account was deactivated since.
func (s *Server) openPasswordReset(c *fiber.Ctx) (store.PasswordReset, store.User, bool, error) {
	var r store.PasswordReset
	var u store.User
	gone := func(status int) (store.PasswordReset, store.User, bool, error) {
		return r, u, false, s.renderPage(c, status, passwordResetPage, passwordResetData{Gone: true})
	}
	tok := c.Params("token")
	if !access.PasswordResetTokenLooksValid(tok) {
		return gone(fiber.StatusNotFound)
	}
	ctx := c.UserContext()
	r, err := s.store.PasswordResetByHash(ctx, access.HashToken(tok))
	if errors.Is(err, store.ErrNotFound) {
		return gone(fiber.StatusNotFound)
	} else if err != nil {
		return r, u, false, err
	}
	u, err = s.store.UserByID(ctx, r.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return gone(fiber.StatusGone)
	} else if err != nil {
		return r, u, false, err
	}
	if !r.Live(time.Now()) || u.Disabled {
		return gone(fiber.StatusGone)
	}
	return r, u, true, nil
}

func (s *Server) passwordResetGet(c *fiber.Ctx) error {
	_, u, ok, err := s.openPasswordReset(c)
	if !ok {
		return err
	}
	return s.renderPage(c, fiber.StatusOK, passwordResetPage, passwordResetData{Name: u.Name, Email: u.Email})
}

// signInPage is where an account of the role signs in.
func signInPage(role string) string {
	switch access.Role(role) {
	case access.Admin:
		return "/admin"
	case access.Agency:
		return "/agency"
	}
	return "/follow-ups"
}

func (s *Server) passwordResetPost(c *fiber.Ctx) error {
	r, u, ok, err := s.openPasswordReset(c)
	if !ok {
		return err
	}
	d := passwordResetData{Name: u.Name, Email: u.Email}
	entry := func(allowed bool, why string) store.AuditEntry {
		e := auditEntryOf(c, "set-password", "user", u.ID, allowed, "reset link "+r.ID+why)
		e.UserID, e.Role = u.ID, u.Role // the person acted, through the link
		return e
	}
	if c.Get("Sec-Fetch-Site") == "cross-site" {
		d.Alert = "This form must be sent from its own page."
		return s.renderPage(c, fiber.StatusForbidden, passwordResetPage, d)
	}
	now := time.Now()
	limits := []struct {
		lim *access.FailureLimit
		key string
	}{{s.resets, r.ID}, {s.resetsByIP, clientIP(c)}}
	for _, l := range limits {
		wait, blocked, first := l.lim.Refuse(l.key, now)
		if !blocked {
			continue
		}
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait/time.Second)+1))
		if first { // once per window: a script must not flood the audit log
			if err := s.store.AppendAudit(c.UserContext(), entry(false, ": rate-limit")); err != nil {
				return err
			}
		}
		d.Alert = "Too many tries just now. Wait a few minutes, then try again."
		return s.renderPage(c, fiber.StatusTooManyRequests, passwordResetPage, d)
	}
	for _, l := range limits {
		l.lim.Fail(l.key, now)
	}
	pw := c.FormValue("password")
	if msg := access.CheckPasswordRules(pw); msg != "" {
		d.Error = "The new password " + msg + "."
	} else if c.FormValue("confirm") != pw {
		d.Confirm = "The two passwords differ. Type the same password twice."
	}
	if d.Error != "" || d.Confirm != "" {
		return s.renderPage(c, fiber.StatusBadRequest, passwordResetPage, d)
	}
	hash, err := s.hashPassword(c, pw)
	if err != nil {
		return err
	}
	e := entry(true, "")
	e.At = time.Time{}
	err = s.store.UsePasswordReset(c.UserContext(), r.TokenHash, hash, time.Now(), e)
	if errors.Is(err, store.ErrLinkExpired) || errors.Is(err, store.ErrNotFound) {
		// Used, replaced or deactivated while this post was on its way: nothing was written.
		return s.renderPage(c, fiber.StatusGone, passwordResetPage, passwordResetData{Gone: true})
	} else if err != nil {
		return err
	}
	return s.renderPage(c, fiber.StatusOK, passwordResetPage, passwordResetData{Name: u.Name, Email: u.Email, Done: true, SignIn: signInPage(u.Role)})
}
