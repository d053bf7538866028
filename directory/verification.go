package directory

import (
	"strings"
	"time"
	"unicode/utf8"
)

// How a person checked a listing (a verification's method).
const (
	VerifySelfConfirm = "self-confirm" // the agency's own staff: "still correct"
	VerifyPhone       = "phone"        // someone called the service
	VerifyEmail       = "email"
	VerifySiteVisit   = "site-visit"
)

// What the check found (a verification's result).
const (
	VerifyConfirmed     = "confirmed"       // the listing is true as shown
	VerifyChangesNeeded = "changes-needed"  // reached them; the listing is wrong somewhere
	VerifyCouldNotReach = "could-not-reach" // no answer: the listing may be wrong
)

// VerifyMethods and VerifyResults are the codes a verification may carry, in the order
// a form offers them.
var (
	VerifyMethods = []string{VerifySelfConfirm, VerifyPhone, VerifyEmail, VerifySiteVisit}
	VerifyResults = []string{VerifyConfirmed, VerifyChangesNeeded, VerifyCouldNotReach}
)

// MaxVerificationNote caps a verification's note, in characters: a line or two about
// what was found, not a file.
const MaxVerificationNote = 1000

// Verification is one check of a service's listing by a person: who, how, what they
// found, when (the server's time). It is not an edit: the listing's assured_date comes
// from the latest confirmed one, and edits no longer move it.
type Verification struct {
	ID             string    `json:"id"`
	ServiceID      string    `json:"service_id"`
	OrganizationID string    `json:"organization_id,omitempty"`
	Method         string    `json:"method"`
	Result         string    `json:"result"`
	Note           string    `json:"note,omitempty"`
	ByUserID       string    `json:"by_user_id,omitempty"`
	ByName         string    `json:"by_name,omitempty"`
	ByRole         string    `json:"by_role,omitempty"`
	At             time.Time `json:"at"`
}

// ValidateVerification checks what a client sent for a verification: a known method and
// result, and a note of reasonable length. The fields the server stamps (who, when) are
// not the client's to send.
func ValidateVerification(v *Verification) FieldErrors {
	var errs FieldErrors
	v.Note = strings.TrimSpace(v.Note)
	if !oneOf(v.Method, VerifyMethods) {
		errs = append(errs, FieldError{Field: "method", Message: "must be one of " + strings.Join(VerifyMethods, ", ")})
	}
	if !oneOf(v.Result, VerifyResults) {
		errs = append(errs, FieldError{Field: "result", Message: "must be one of " + strings.Join(VerifyResults, ", ")})
	}
	if utf8.RuneCountInString(v.Note) > MaxVerificationNote {
		errs = append(errs, FieldError{Field: "note", Message: "must be at most 1000 characters"})
	}
	if !utf8.ValidString(v.Note) || strings.ContainsRune(v.Note, 0) {
		errs = append(errs, FieldError{Field: "note", Message: "must be text"})
	}
	return errs
}

// AssuredDateOf is the assured_date a confirmation at t gives its listing: the day, in
// UTC, so that every instance and every reader agrees on it.
func AssuredDateOf(t time.Time) string { return t.UTC().Format(time.DateOnly) }

func oneOf(v string, codes []string) bool {
	for _, c := range codes {
		if v == c {
			return true
		}
	}
	return false
}
