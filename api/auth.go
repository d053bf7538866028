package api

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

const (
	sessionCookie = "handoff_session"
	csrfHeader    = "X-CSRF-Token"
	// touchEvery spaces out the writes that keep sessions and tokens alive: once a
	// minute is precise enough for a 12-hour idle limit and spares a write per request.
	touchEvery = time.Minute
)

// authResult caches the outcome of authentication for the request; p is nil for an
// anonymous request. (A bare nil in the locals could not be told from "not yet".)
type authResult struct{ p *access.Principal }

func (s *Server) accountRoutes(v1 fiber.Router) {
	v1.Post("/auth/login", s.login)
	v1.Post("/auth/logout", s.logout)
	v1.Get("/me", s.me)
	v1.Put("/me/password", s.changePassword)
	v1.Get("/me/tokens", s.listTokens)
	v1.Post("/me/tokens", s.createToken)
	v1.Delete("/me/tokens/:id", s.deleteToken)
	v1.Get("/users", s.listUsers)
	v1.Post("/users", s.createUser)
	v1.Get("/users/:id", s.getUser)
	v1.Patch("/users/:id", s.patchUser)
	v1.Get("/audit", s.listAudit)
	v1.Get("/colleagues", s.listColleagues)
}

// principal authenticates the request once and remembers the answer.
func (s *Server) principal(c *fiber.Ctx) (*access.Principal, error) {
	if a, ok := c.Locals(localPrincipal).(authResult); ok {
		return a.p, nil
	}
	p, err := s.authenticate(c)
	if err != nil {
		return nil, err
	}
	c.Locals(localPrincipal, authResult{p})
	return p, nil
}

// authenticate finds who sent the request: a bearer token (a session or an API token)
// or the session cookie. A bad bearer token is an error the client must hear about; a
// stale cookie is only forgotten, so a browser with an old cookie still reads the
// public directory.
func (s *Server) authenticate(c *fiber.Ctx) (*access.Principal, error) {
	if h := c.Get(fiber.HeaderAuthorization); h != "" {
		scheme, token, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="handoff"`)
			return nil, unauthorized("Send Authorization: Bearer TOKEN.")
		}
		p, err := s.byToken(c, strings.TrimSpace(token), false)
		if err != nil {
			return nil, err
		}
		if p == nil {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="handoff", error="invalid_token"`)
			return nil, unauthorized("The token is not valid: it is unknown, revoked or expired.")
		}
		return p, nil
	}
	if token := c.Cookies(sessionCookie); token != "" {
		p, err := s.byToken(c, token, true)
		if err == nil && p == nil {
			s.clearSessionCookie(c)
		}
		return p, err
	}
	return nil, nil
}

// byToken looks a token up by its hash. Nil without error means it does not sign anyone
// in: unknown, expired, of a disabled account, or an API token in a cookie.
func (s *Server) byToken(c *fiber.Ctx, token string, fromCookie bool) (*access.Principal, error) {
	kind, ok := access.KindOf(token)
	if !ok || (fromCookie && kind != access.SessionToken) {
		return nil, nil
	}
	ctx, hash, now := c.UserContext(), access.HashToken(token), time.Now()
	switch kind {
	case access.SessionToken:
		sess, u, err := s.store.SessionByTokenHash(ctx, hash)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		if !access.SameHash(sess.TokenHash, hash) {
			return nil, nil
		}
		if !access.SessionActive(sess.CreatedAt, sess.LastSeenAt, now, s.acc.sessionIdle) {
			return nil, s.store.DeleteSession(ctx, sess.ID)
		}
		if now.Sub(sess.LastSeenAt) >= touchEvery {
			if err := s.store.TouchSession(ctx, sess.ID, now); err != nil {
				return nil, err
			}
		}
		p := principalOf(u, access.ViaSession, sess.ID)
		if fromCookie {
			p.Cookie, p.CSRF = true, access.CSRFToken(token)
		}
		return p, nil
	default:
		t, u, err := s.store.APITokenByHash(ctx, hash)
		if errors.Is(err, store.ErrNotFound) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		if !access.SameHash(t.TokenHash, hash) || !now.Before(access.TokenExpiry(t.CreatedAt, t.ExpiresAt, s.acc.tokenMax)) {
			return nil, nil
		}
		if now.Sub(t.LastUsedAt) >= touchEvery {
			if err := s.store.TouchAPIToken(ctx, t.ID, now); err != nil {
				return nil, err
			}
		}
		return principalOf(u, access.ViaToken, t.ID), nil
	}
}

func principalOf(u store.User, via access.Via, credentialID string) *access.Principal {
	return &access.Principal{UserID: u.ID, Name: u.Name, Email: u.Email, Role: access.Role(u.Role),
		OrganizationID: u.OrganizationID, Via: via, CredentialID: credentialID}
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
}

// errWrongLogin is the one answer to every failed login: unknown email, wrong password,
// disabled or locked account all look the same, so the answer reveals no account.
func errWrongLogin() *Problem {
	return problem(fiber.StatusUnauthorized, "The email or password is wrong.")
}

func (s *Server) login(c *fiber.Ctx) error {
	var in loginRequest
	if err := readJSON(c, &in); err != nil {
		return err
	}
	var errs directory.FieldErrors
	if strings.TrimSpace(in.Email) == "" {
		errs = append(errs, directory.FieldError{Field: "email", Message: "is required"})
	}
	if in.Password == "" {
		errs = append(errs, directory.FieldError{Field: "password", Message: "is required"})
	}
	if len(errs) > 0 {
		return errs
	}
	ctx, now := c.UserContext(), time.Now()
	u, err := s.store.UserByEmail(ctx, access.NormalizeEmail(in.Email))
	if errors.Is(err, store.ErrNotFound) {
		// As slow as a real check, and as busy: a full server answers 503 either way.
		if err := s.checkUnknownPassword(c, in.Password); err != nil {
			return err
		}
		return s.loginFailed(c, store.User{}, "unknown_email")
	} else if err != nil {
		return err
	}
	// The password is checked first in every case, so that disabled and locked accounts
	// take as long to refuse as wrong passwords.
	match, err := s.checkPassword(c, u.PasswordHash, in.Password)
	if err != nil {
		return err
	}
	switch {
	case u.Disabled:
		return s.loginFailed(c, u, "disabled")
	case access.Locked(u.LockedUntil, now):
		return s.loginFailed(c, u, "locked")
	case !match:
		if err := s.store.RecordLoginFailure(ctx, u.ID, func(n int) (int, time.Time) { return access.AfterFailure(n, now) }); err != nil {
			return err
		}
		return s.loginFailed(c, u, "wrong_password")
	}
	if err := s.store.ClearLoginFailures(ctx, u.ID); err != nil {
		return err
	}
	// Expired sessions of everyone are swept here: logins are frequent enough, and it
	// needs no background job.
	if err := s.store.DeleteStaleSessions(ctx, now.Add(-s.acc.sessionIdle), now.Add(-access.SessionMaxAge)); err != nil {
		return err
	}
	token, hash := access.NewToken(access.SessionToken)
	sess := store.Session{ID: directory.NewID(), TokenHash: hash, UserID: u.ID, CreatedAt: now, LastSeenAt: now}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return err
	}
	c.Locals(localPrincipal, authResult{principalOf(u, access.ViaSession, sess.ID)})
	if err := s.audit(c, "login", "user", u.ID, true); err != nil {
		return err
	}
	c.Cookie(&fiber.Cookie{
		Name: sessionCookie, Value: token, Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.overTLS(c), Expires: now.Add(access.SessionMaxAge),
	})
	noStore(c) // the login is public, so the guard did not say it
	return c.JSON(fiber.Map{
		"token": token, "csrf_token": access.CSRFToken(token), "user": userViewOf(u),
		"idle_timeout_seconds": int(s.acc.sessionIdle.Seconds()),
	})
}

// loginFailed audits a refused login (with the account, when there is one, and the
// reason; never the email typed or the password) and answers the one 401.
func (s *Server) loginFailed(c *fiber.Ctx, u store.User, reason string) error {
	s.acc.loginFailure(c)
	e := auditEntryOf(c, "login", "user", u.ID, false, reason)
	e.UserID, e.Role = u.ID, u.Role
	if err := s.store.AppendAudit(c.UserContext(), e); err != nil {
		return err
	}
	return errWrongLogin()
}

func (s *Server) logout(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	if p.Via != access.ViaSession {
		return problem(fiber.StatusBadRequest, "This request signed in with an API token, which has no session to end; revoke it with DELETE /api/v1/me/tokens/{id}.")
	}
	if err := s.store.DeleteSession(c.UserContext(), p.CredentialID); err != nil {
		return err
	}
	if err := s.audit(c, "logout", "user", p.UserID, true); err != nil {
		return err
	}
	s.clearSessionCookie(c)
	return c.SendStatus(fiber.StatusNoContent)
}

func (s *Server) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: sessionCookie, Value: "", Path: "/", HTTPOnly: true, SameSite: fiber.CookieSameSiteLaxMode,
		Secure: s.overTLS(c), Expires: time.Unix(0, 0), MaxAge: -1})
}

// me answers the signed-in user; a browser signed in by cookie also gets its CSRF token
// back, so that a reloaded page can keep making changes.
func (s *Server) me(c *fiber.Ctx) error {
	p := currentPrincipal(c)
	u, err := s.store.UserByID(c.UserContext(), p.UserID)
	if err != nil {
		return err
	}
	out := fiber.Map{"user": userViewOf(u), "auth": p.Via}
	if p.Cookie {
		out["csrf_token"] = p.CSRF
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(out)
}

type passwordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// changePassword sets a new password after checking the current one. It ends the
// user's other sessions and revokes every API token (store.SetPassword): whoever had
// the old password may have made them.
func (s *Server) changePassword(c *fiber.Ctx) error {
	var in passwordChange
	if err := readJSON(c, &in); err != nil {
		return err
	}
	if msg := access.CheckPasswordRules(in.NewPassword); msg != "" {
		return directory.FieldErrors{{Field: "new_password", Message: msg}}
	}
	p, ctx := currentPrincipal(c), c.UserContext()
	u, err := s.store.UserByID(ctx, p.UserID)
	if err != nil {
		return err
	}
	if err := s.confirmPassword(c, u, in.CurrentPassword, "password_change", "user", u.ID); err != nil {
		return err
	}
	hash, err := s.hashPassword(c, in.NewPassword)
	if err != nil {
		return err
	}
	keep := ""
	if p.Via == access.ViaSession {
		keep = p.CredentialID
	}
	if err := s.store.SetPassword(ctx, u.ID, hash, keep); err != nil {
		return err
	}
	if err := s.audit(c, "password_change", "user", u.ID, true); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// confirmPassword asks a signed-in user for their current password before something a
// stolen session must not do alone (a new password, an API token). A wrong one counts
// as a failed login, so a stolen session cannot be used to guess it; it is audited as a
// refused action, and the answer names current_password.
func (s *Server) confirmPassword(c *fiber.Ctx, u store.User, pw, action, recordType, recordID string) error {
	now := time.Now()
	match, err := s.checkPassword(c, u.PasswordHash, pw)
	if err != nil {
		return err
	}
	if access.Locked(u.LockedUntil, now) {
		return directory.FieldErrors{{Field: "current_password", Message: "too many wrong passwords: try again later"}}
	}
	if !match {
		if err := s.store.RecordLoginFailure(c.UserContext(), u.ID, func(n int) (int, time.Time) { return access.AfterFailure(n, now) }); err != nil {
			return err
		}
		if err := s.auditDetail(c, action, recordType, recordID, false, "wrong_password"); err != nil {
			return err
		}
		return directory.FieldErrors{{Field: "current_password", Message: "is wrong"}}
	}
	return nil
}
