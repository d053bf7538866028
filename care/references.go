package care

import (
	"fmt"
	"slices"
	"strings"

	"handoff/directory"
)

// ReferenceErrors are fields that are well formed but name records that do not exist,
// or that may not be named there: a witness who is not one of the program's active
// staff, an organization the directory does not hold, a responder who is an agency's
// user. The store checks them inside the write's transaction (so that an account
// disabled meanwhile is not named) and the API answers them 422, naming each field.
type ReferenceErrors directory.FieldErrors

// Error joins the fields' messages.
func (e ReferenceErrors) Error() string { return directory.FieldErrors(e).Error() }

// WitnessRoles are the roles whose account may witness a consent: the program's staff.
// Peers and clinicians hear consent in the field (GET /api/v1/colleagues lists them);
// a coordinator who heard it names themself. Agency staff may not witness a consent to
// share with an agency, and admins run the service, not the casework.
var WitnessRoles = []string{"peer", "clinician", "coordinator"}

// ResponderRoles are the roles whose account may be an encounter's responder: the
// peers and clinicians who answer the calls (the same people follow-ups go to).
var ResponderRoles = AssigneeRoles

// UserRef is what the store found of a user an id names: Found false when no account
// has the id.
type UserRef struct {
	Found    bool
	Role     string
	Disabled bool
}

// CheckUserRef decides whether the account u may be named in field as one of roles
// (what is the role's noun: "witness", "responder"), and returns the field's error, or
// nil. A disabled account is refused: it can neither be asked about what it heard nor
// counted as on a call today.
func CheckUserRef(field, what string, u UserRef, roles []string) *directory.FieldError {
	var msg string
	switch {
	case !u.Found:
		msg = "no user with this id"
	case u.Disabled:
		msg = fmt.Sprintf("is a disabled account: a %s must be an active colleague", what)
	case !slices.Contains(roles, u.Role):
		msg = fmt.Sprintf("must be a %s of the program (%s), not a %s", what, strings.Join(roles, ", "), u.Role)
	default:
		return nil
	}
	return &directory.FieldError{Field: field, Message: msg}
}
