package api

import (
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/store"
)

// The no-login password page (/p/{token}): the person an admin made a reset link for
// sets a new password there. Server-rendered in the chrome, in the page's language, like
// the update link page, and with no script at all (scriptlessPages): none runs where a
// password is typed. The link dies on use, on expiry, when a newer one is made and when
// the account is deactivated (410); using it ends the account's sessions and API tokens.
// Posts are limited per link and per client address, and every outcome is audited.

const passwordResetPage = "password-reset.html"

func (s *Server) passwordResetPageRoutes() {
	s.app.Get("/p/:token", s.passwordResetGet)
	s.app.Post("/p/:token", s.passwordResetPost)
}

type passwordResetData struct {
	Name, Email string
	// Error is the message beside the password field; Confirm the one beside its repeat;
	// Alert one for the whole form: each a catalog key (password.*, link.msg.*).
	Error, Confirm, Alert string
	// ErrorN is the number Error's message names (the shortest or longest password).
	ErrorN     int
	Gone, Done bool
	// SignIn is the page where the account's role signs in.
	SignIn string
	// MinLength is the shortest password, for the hint.
	MinLength int
}

// showPasswordReset renders the page with the rules' numbers filled in.
func (s *Server) showPasswordReset(c *fiber.Ctx, status int, d passwordResetData) error {
	d.MinLength = access.MinPasswordLength
	return s.page(c, status, passwordResetPage, "", d)
}

// passwordRuleKey is the catalog key of what access.CheckPasswordRules finds wrong with
// pw, and the number it names; "" when the password will do.
func passwordRuleKey(pw string) (string, int) {
	if access.CheckPasswordRules(pw) == "" {
		return "", 0
	}
	switch n := utf8.RuneCountInString(pw); {
	case n < access.MinPasswordLength:
		return "password.rule.short", access.MinPasswordLength
	case n > access.MaxPasswordLength:
		return "password.rule.long", access.MaxPasswordLength
	}
	return "password.rule.blank", 0
}

// openPasswordReset finds the link's account, or renders the page that says why not:
// 404 for a token no link ever had, 410 for one used, replaced, expired, or whose
// account was deactivated since.
func (s *Server) openPasswordReset(c *fiber.Ctx) (store.PasswordReset, store.User, bool, error) {
	var r store.PasswordReset
	var u store.User
	gone := func(status int) (store.PasswordReset, store.User, bool, error) {
		return r, u, false, s.showPasswordReset(c, status, passwordResetData{Gone: true})
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
	return s.showPasswordReset(c, fiber.StatusOK, passwordResetData{Name: u.Name, Email: u.Email})
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
		d.Alert = "link.msg.cross_site"
		return s.showPasswordReset(c, fiber.StatusForbidden, d)
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
		d.Alert = "password.too_many"
		return s.showPasswordReset(c, fiber.StatusTooManyRequests, d)
	}
	for _, l := range limits {
		l.lim.Fail(l.key, now)
	}
	pw := c.FormValue("password")
	if key, n := passwordRuleKey(pw); key != "" {
		d.Error, d.ErrorN = key, n
	} else if c.FormValue("confirm") != pw {
		d.Confirm = "password.differ"
	}
	if d.Error != "" || d.Confirm != "" {
		return s.showPasswordReset(c, fiber.StatusBadRequest, d)
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
		return s.showPasswordReset(c, fiber.StatusGone, passwordResetData{Gone: true})
	} else if err != nil {
		return err
	}
	return s.showPasswordReset(c, fiber.StatusOK, passwordResetData{Name: u.Name, Email: u.Email, Done: true, SignIn: signInPage(u.Role)})
}
