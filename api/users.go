package api

import (
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// userView is an account as the API shows it: never the password hash or counters.
type userView struct {
	ID             string    `json:"id"`
	Email          string    `json:"email"`
	Name           string    `json:"name"`
	Role           string    `json:"role"`
	OrganizationID string    `json:"organization_id,omitempty"`
	Disabled       bool      `json:"disabled"`
	Locked         bool      `json:"locked"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

func userViewOf(u store.User) userView {
	return userView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, OrganizationID: u.OrganizationID,
		Disabled: u.Disabled, Locked: access.Locked(u.LockedUntil, time.Now()), CreatedAt: u.CreatedAt, UpdatedAt: u.UpdatedAt}
}

// userWriteError turns the store's account errors into problems naming the field.
func userWriteError(err error) error {
	switch {
	case errors.Is(err, store.ErrEmailTaken):
		p := problem(fiber.StatusConflict, "Another account has this email.")
		p.Errors = directory.FieldErrors{{Field: "email", Message: "is taken by another account"}}
		return p
	case errors.Is(err, store.ErrUnknownOrganization):
		return directory.FieldErrors{{Field: "organization_id", Message: "no organization with this id"}}
	}
	return err
}

func (s *Server) listUsers(c *fiber.Ctx) error {
	p := newParams(c)
	f := store.UserFilter{OrganizationID: p.uuid("organization_id")}
	if r := p.str("role"); r != "" {
		role, ok := access.ParseRole(r)
		if !ok {
			p.fail("role", "must be one of %s", access.RoleNames())
		}
		f.Role = string(role)
	}
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	markScopeChecked(c)
	// Agency staff see their own organization's accounts; asking for another's answers
	// an empty list, as if it had none.
	org, ok := currentPrincipal(c).OrganizationScope(f.OrganizationID)
	if !ok {
		return sendV1Page(c, []userView{}, 0, page, perPage)
	}
	f.OrganizationID = org
	users, total, err := s.store.Users(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	out := make([]userView, len(users))
	for i, u := range users {
		out[i] = userViewOf(u)
	}
	return sendV1Page(c, out, total, page, perPage)
}

// loadUser loads the account of the :id parameter, answering 404 for a malformed id, an
// unknown one, and (to agency staff) another organization's.
func (s *Server) loadUser(c *fiber.Ctx, action string) (store.User, error) {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return store.User{}, notFound("The user")
	}
	u, err := s.store.UserByID(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return u, notFound("The user")
	} else if err != nil {
		return u, err
	}
	return u, s.maySeePrivate(c, action, "user", u.ID, u.OrganizationID, "The user")
}

func (s *Server) getUser(c *fiber.Ctx) error {
	u, err := s.loadUser(c, "read")
	if err != nil {
		return err
	}
	return sendTagged(c, fiber.StatusOK, userViewOf(u))
}

type userInput struct {
	Email          string `json:"email"`
	Name           string `json:"name"`
	Role           string `json:"role"`
	OrganizationID string `json:"organization_id"`
	Password       string `json:"password"`
	Disabled       bool   `json:"disabled"`
}

func (s *Server) createUser(c *fiber.Ctx) error {
	var in userInput
	if err := readJSON(c, &in); err != nil {
		return err
	}
	nu := access.NewUser{Email: in.Email, Name: in.Name, Role: in.Role, OrganizationID: in.OrganizationID, Password: in.Password}
	if errs := nu.Check(); len(errs) > 0 {
		return errs
	}
	hash, err := s.hashPassword(c, nu.Password)
	if err != nil {
		return err
	}
	u := store.User{ID: directory.NewID(), Email: nu.Email, Name: nu.Name, Role: nu.Role,
		OrganizationID: nu.OrganizationID, PasswordHash: hash, Disabled: in.Disabled}
	if err := s.store.CreateUser(c.UserContext(), u); err != nil {
		return userWriteError(err)
	}
	if err := s.audit(c, "create", "user", u.ID, true); err != nil {
		return err
	}
	created, err := s.store.UserByID(c.UserContext(), u.ID)
	if err != nil {
		return err
	}
	c.Location("/api/v1/users/" + u.ID)
	return sendTagged(c, fiber.StatusCreated, userViewOf(created))
}

// userPatchable are the members a PATCH of a user may carry. "password" is write-only:
// it is not part of the user's representation but may be set by a patch.
var userPatchable = map[string]bool{"email": true, "name": true, "role": true, "organization_id": true, "disabled": true, "password": true}

// patchUser applies a JSON Merge Patch to an account (admins only). Admins cannot
// disable or demote themselves, so that the service always keeps one admin who can act.
func (s *Server) patchUser(c *fiber.Ctx) error {
	u, err := s.loadUser(c, "update")
	if err != nil {
		return err
	}
	view := userViewOf(u)
	etag, err := etagOf(view)
	if err != nil {
		return err
	}
	if err := checkIfMatch(c, etag); err != nil {
		return err
	}
	var keys map[string]json.RawMessage
	if err := readJSON(c, &keys); err != nil {
		return err
	}
	var errs directory.FieldErrors
	for k := range keys {
		if !userPatchable[k] {
			errs = append(errs, directory.FieldError{Field: k, Message: "cannot be changed: patch email, name, role, organization_id, disabled or password"})
		}
	}
	if len(errs) > 0 {
		return errs
	}
	var in userInput
	current := userInput{Email: u.Email, Name: u.Name, Role: u.Role, OrganizationID: u.OrganizationID, Disabled: u.Disabled}
	if err := applyMergePatch(c, current, &in); err != nil {
		return err
	}
	nu := access.NewUser{Email: in.Email, Name: in.Name, Role: in.Role, OrganizationID: in.OrganizationID, Password: in.Password}
	errs = nu.Check()
	if _, setPassword := keys["password"]; !setPassword {
		errs = withoutField(errs, "password")
	}
	if len(errs) > 0 {
		return errs
	}
	if currentPrincipal(c).LocksOutSelf(u.ID, access.Role(nu.Role), in.Disabled) {
		return problem(fiber.StatusConflict, "You cannot disable your own account or take away your own admin role; another admin can.")
	}
	_, setPassword := keys["password"]
	var hash string
	if setPassword {
		// Hashed before anything is written: a busy hasher refuses the whole patch.
		if hash, err = s.hashPassword(c, nu.Password); err != nil {
			return err
		}
	}
	u.Email, u.Name, u.Role, u.OrganizationID, u.Disabled = nu.Email, nu.Name, nu.Role, nu.OrganizationID, in.Disabled
	ctx := c.UserContext()
	if err := s.store.UpdateUser(ctx, u); err != nil {
		return userWriteError(err)
	}
	if setPassword {
		if err := s.store.SetPassword(ctx, u.ID, hash, ""); err != nil {
			return err
		}
	}
	if err := s.audit(c, "update", "user", u.ID, true); err != nil {
		return err
	}
	updated, err := s.store.UserByID(ctx, u.ID)
	if err != nil {
		return err
	}
	return sendTagged(c, fiber.StatusOK, userViewOf(updated))
}

func withoutField(errs directory.FieldErrors, field string) directory.FieldErrors {
	out := errs[:0]
	for _, e := range errs {
		if e.Field != field {
			out = append(out, e)
		}
	}
	return out
}

// tokenView is an API token as listed: never the token or its hash.
type tokenView struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	ExpiresAt  *time.Time `json:"expires_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	Token      string     `json:"token,omitempty"` // only in the answer that creates it
}

// tokenViewOf shows the token's expiry under the server's cap maxLife, which may be
// sooner than the one stored.
func tokenViewOf(t store.APIToken, maxLife time.Duration) tokenView {
	opt := func(x time.Time) *time.Time {
		if x.IsZero() {
			return nil
		}
		return &x
	}
	return tokenView{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt, ExpiresAt: opt(access.TokenExpiry(t.CreatedAt, t.ExpiresAt, maxLife)), LastUsedAt: opt(t.LastUsedAt)}
}

func (s *Server) listTokens(c *fiber.Ctx) error {
	ts, err := s.store.APITokens(c.UserContext(), currentPrincipal(c).UserID)
	if err != nil {
		return err
	}
	out := make([]tokenView, len(ts))
	for i, t := range ts {
		out[i] = tokenViewOf(t, s.acc.tokenMax)
	}
	return sendV1Page(c, out, len(out), 1, max(len(out), 1))
}

type tokenRequest struct {
	Name            string `json:"name"`
	ExpiresIn       string `json:"expires_in"`
	CurrentPassword string `json:"current_password"`
}

// createToken makes an API token for the signed-in user. The answer is the only time
// the token is shown; the server keeps its hash. It asks for the current password, so
// that a stolen session cannot turn itself into a credential that outlives it, and the
// token expires within the server's cap (Options.TokenMaxLifetime).
func (s *Server) createToken(c *fiber.Ctx) error {
	var in tokenRequest
	if err := readJSON(c, &in); err != nil {
		return err
	}
	var errs directory.FieldErrors
	in.Name = strings.TrimSpace(in.Name)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 100 {
		errs = append(errs, directory.FieldError{Field: "name", Message: "is required, at most 100 characters"})
	}
	life, err := access.TokenLifetime(in.ExpiresIn, s.acc.tokenMax)
	if err != nil {
		errs = append(errs, directory.FieldError{Field: "expires_in", Message: err.Error()})
	}
	if in.CurrentPassword == "" {
		errs = append(errs, directory.FieldError{Field: "current_password", Message: "is required: a new API token asks for your password"})
	}
	if len(errs) > 0 {
		return errs
	}
	u, err := s.store.UserByID(c.UserContext(), currentPrincipal(c).UserID)
	if err != nil {
		return err
	}
	if err := s.confirmPassword(c, u, in.CurrentPassword, "create", "api_token", ""); err != nil {
		return err
	}
	now := time.Now()
	token, hash := access.NewToken(access.APIToken)
	t := store.APIToken{ID: directory.NewID(), TokenHash: hash, UserID: u.ID, Name: in.Name, CreatedAt: now, ExpiresAt: now.Add(life)}
	if err := s.store.CreateAPIToken(c.UserContext(), t); err != nil {
		return err
	}
	if err := s.audit(c, "create", "api_token", t.ID, true); err != nil {
		return err
	}
	v := tokenViewOf(t, s.acc.tokenMax)
	v.Token = token
	c.Location("/api/v1/me/tokens/" + t.ID)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(fiber.StatusCreated).JSON(v)
}

func (s *Server) deleteToken(c *fiber.Ctx) error {
	id := c.Params("id")
	p := currentPrincipal(c)
	if !directory.IsUUID(id) {
		return notFound("The token")
	}
	err := s.store.DeleteAPIToken(c.UserContext(), p.UserID, id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The token")
	} else if err != nil {
		return err
	}
	if err := s.audit(c, "delete", "api_token", id, true); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
