package access

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"handoff/directory"
)

// NormalizeEmail trims and lower-cases an email address: addresses compare without
// regard to case, so "Ana@Example.org" and "ana@example.org" are one account.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// NewUser is what it takes to create an account.
type NewUser struct {
	Email          string
	Name           string
	Role           string
	OrganizationID string
	Password       string
}

// Check normalizes the fields and reports every bad one. Whether the organization
// exists is for the store to say.
func (u *NewUser) Check() directory.FieldErrors {
	var errs directory.FieldErrors
	fail := func(field, msg string) { errs = append(errs, directory.FieldError{Field: field, Message: msg}) }
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	u.OrganizationID = strings.TrimSpace(u.OrganizationID)
	if msg := CheckEmail(u.Email); msg != "" {
		fail("email", msg)
	}
	if msg := CheckName(u.Name); msg != "" {
		fail("name", msg)
	}
	role, ok := ParseRole(u.Role)
	if !ok {
		fail("role", "must be one of "+RoleNames())
	}
	u.Role = string(role)
	if msg := CheckOrganization(role, u.OrganizationID); msg != "" {
		fail("organization_id", msg)
	}
	if msg := CheckPasswordRules(u.Password); msg != "" {
		fail("password", msg)
	}
	return errs
}

// CheckEmail reports what is wrong with a (normalized) email address, or "".
func CheckEmail(email string) string {
	if email == "" {
		return "is required"
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" || len(email) > 254 {
		return "must be an email address such as name@example.org"
	}
	return ""
}

// CheckName reports what is wrong with a user's display name, or "".
func CheckName(name string) string {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return "is required"
	case n > 200:
		return "must be at most 200 characters"
	}
	return ""
}

// CheckOrganization reports what is wrong with a role's organization, or "": agency
// staff work for one organization; the other roles may name one or not.
func CheckOrganization(role Role, orgID string) string {
	if role == Agency && orgID == "" {
		return "is required for agency users"
	}
	if orgID != "" && !directory.IsUUID(orgID) {
		return "must be a UUID"
	}
	return ""
}
