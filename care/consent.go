package care

import (
	"errors"
	"slices"
	"time"
)

// ConsentMethod is how a person gave consent.
type ConsentMethod string

// The consent methods.
const (
	MethodVerbal     ConsentMethod = "verbal"
	MethodWritten    ConsentMethod = "written"
	MethodElectronic ConsentMethod = "electronic"
)

// ConsentMethods lists every method.
func ConsentMethods() []ConsentMethod {
	return []ConsentMethod{MethodVerbal, MethodWritten, MethodElectronic}
}

// Consent is a person's permission to share their information, with the elements
// 42 CFR Part 2 (§ 2.31) asks of a consent: who may disclose (Discloser), to whom
// (OrganizationIDs, or AnyTreatingProvider for the general designation "my treating
// providers"), what (Information), why (Purpose), until when (ExpiresAt), when it was
// given (GivenAt), how (Method) and who witnessed it. It is revocable: RevokedAt.
type Consent struct {
	ID                  string        `json:"id"`
	PersonID            string        `json:"person_id"`
	Discloser           string        `json:"discloser"`
	OrganizationIDs     []string      `json:"organization_ids,omitempty"`
	AnyTreatingProvider bool          `json:"any_treating_provider,omitempty"`
	Information         string        `json:"information"`
	Purpose             string        `json:"purpose"`
	GivenAt             time.Time     `json:"given_at,omitzero"`
	ExpiresAt           time.Time     `json:"expires_at"`
	Method              ConsentMethod `json:"method"`
	WitnessedBy         string        `json:"witnessed_by,omitempty"`
	RevokedAt           time.Time     `json:"revoked_at,omitzero"`
	RevokedBy           string        `json:"revoked_by,omitempty"`
	RecordedBy          string        `json:"recorded_by,omitempty"`
	CreatedAt           time.Time     `json:"created_at,omitzero"`
}

// Limits on a consent.
const (
	MaxConsentText = 500
	// MaxConsentTerm bounds how far ahead a consent may run; Part 2 asks for an end, and
	// an end decades away is no end.
	MaxConsentTerm = 5 * 365 * 24 * time.Hour
)

// ErrNoConsent means no consent on record covers sharing the person's details with the
// organization at that time: never given, expired, revoked or for someone else.
var ErrNoConsent = errors.New("no consent on record covers this organization")

// NormalizeConsent trims the text, lower-cases the method and drops repeated
// organizations. GivenAt defaults to now.
func NormalizeConsent(c *Consent, now time.Time) {
	c.Discloser = clean(c.Discloser)
	c.Information = clean(c.Information)
	c.Purpose = clean(c.Purpose)
	c.Method = ConsentMethod(lower(string(c.Method)))
	c.WitnessedBy = lower(c.WitnessedBy)
	c.OrganizationIDs = dedupe(c.OrganizationIDs, lower)
	if c.GivenAt.IsZero() {
		c.GivenAt = now
	}
}

// ValidateConsent checks a new consent at time now and returns every bad field as
// directory.FieldErrors, or nil.
func ValidateConsent(c *Consent, now time.Time) error {
	var ck checker
	ck.id("id", c.ID, false)
	ck.id("person_id", c.PersonID, true)
	ck.text("discloser", c.Discloser, MaxConsentText, true)
	switch {
	case c.AnyTreatingProvider && len(c.OrganizationIDs) > 0:
		ck.add("organization_ids", "give organization_ids or any_treating_provider, not both")
	case !c.AnyTreatingProvider && len(c.OrganizationIDs) == 0:
		ck.add("organization_ids", "is required: the organizations that may receive the information, or any_treating_provider: true")
	}
	for i, id := range c.OrganizationIDs {
		ck.id(field("organization_ids", i), id, true)
	}
	ck.text("information", c.Information, MaxConsentText, true)
	ck.text("purpose", c.Purpose, MaxConsentText, true)
	switch {
	case c.ExpiresAt.IsZero():
		ck.add("expires_at", "is required: a consent must say when it ends")
	case !c.ExpiresAt.After(now):
		ck.add("expires_at", "must be in the future")
	case c.ExpiresAt.After(now.Add(MaxConsentTerm)):
		ck.add("expires_at", "must be within five years")
	}
	if !c.GivenAt.IsZero() && c.GivenAt.After(now.Add(ClockSkew)) {
		ck.add("given_at", "is in the future")
	}
	ck.oneOf("method", string(c.Method), strs(ConsentMethods()), true)
	// Nothing is signed when consent is spoken, so someone must have heard it.
	if c.Method == MethodVerbal && c.WitnessedBy == "" {
		ck.add("witnessed_by", "is required for verbal consent")
	}
	ck.id("witnessed_by", c.WitnessedBy, false)
	if !c.RevokedAt.IsZero() {
		ck.add("revoked_at", "is set by revoking the consent, not when recording it")
	}
	return ck.err()
}

// Covers reports whether the consent allows sharing the person's details with the
// organization at time at: given by then, not yet expired, not revoked by then, and
// naming the organization (or any treating provider).
func (c Consent) Covers(orgID string, at time.Time) bool {
	if orgID == "" {
		return false
	}
	if !c.GivenAt.IsZero() && at.Before(c.GivenAt) {
		return false
	}
	if !at.Before(c.ExpiresAt) {
		return false
	}
	if !c.RevokedAt.IsZero() && !at.Before(c.RevokedAt) {
		return false
	}
	return c.AnyTreatingProvider || slices.Contains(c.OrganizationIDs, orgID)
}

// Active reports whether the consent is in force at time at, whoever it names.
func (c Consent) Active(at time.Time) bool {
	return (c.GivenAt.IsZero() || !at.Before(c.GivenAt)) && at.Before(c.ExpiresAt) &&
		(c.RevokedAt.IsZero() || at.Before(c.RevokedAt))
}

// CoveringConsent picks, among a person's consents, one that covers the organization at
// time at: the one naming the organization explicitly before a general designation, then
// the one that runs longest. It returns ErrNoConsent when none does.
func CoveringConsent(consents []Consent, orgID string, at time.Time) (Consent, error) {
	var best Consent
	found := false
	for _, c := range consents {
		if !c.Covers(orgID, at) {
			continue
		}
		if !found || better(c, best) {
			best, found = c, true
		}
	}
	if !found {
		return Consent{}, ErrNoConsent
	}
	return best, nil
}

func better(a, b Consent) bool {
	if a.AnyTreatingProvider != b.AnyTreatingProvider {
		return !a.AnyTreatingProvider
	}
	if !a.ExpiresAt.Equal(b.ExpiresAt) {
		return a.ExpiresAt.After(b.ExpiresAt)
	}
	return a.ID < b.ID
}

// Revoke ends a consent at time at. Revoking does not undo disclosures already made under
// it; it stops new ones. Revoking twice keeps the first time.
func (c *Consent) Revoke(by string, at time.Time) {
	if !c.RevokedAt.IsZero() {
		return
	}
	c.RevokedAt, c.RevokedBy = at, by
}

// Disclosure records one sharing of a person's information under a consent: to whom,
// what, why, when and by whom. Part 2 gives people the right to a list of these.
type Disclosure struct {
	ID             string    `json:"id"`
	PersonID       string    `json:"person_id"`
	ConsentID      string    `json:"consent_id"`
	OrganizationID string    `json:"organization_id"`
	ReferralID     string    `json:"referral_id,omitempty"`
	Information    string    `json:"information"`
	Purpose        string    `json:"purpose"`
	DisclosedAt    time.Time `json:"disclosed_at"`
	DisclosedBy    string    `json:"disclosed_by,omitempty"`
}

// DisclosureUnder describes a disclosure to the organization made under the consent:
// the information and purpose are the consent's, so that nothing beyond what the person
// agreed to is recorded as shared.
func DisclosureUnder(c Consent, orgID, referralID, by string, at time.Time) Disclosure {
	return Disclosure{PersonID: c.PersonID, ConsentID: c.ID, OrganizationID: orgID, ReferralID: referralID,
		Information: c.Information, Purpose: c.Purpose, DisclosedAt: at, DisclosedBy: by}
}
