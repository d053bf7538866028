package care

import (
	"regexp"
	"strings"
	"time"
)

// Person is someone the program works with. Records are pseudonymous by default: a
// display name or initials, an optional phone to call back on, a preferred language, and
// nothing more, because a referral needs no more.
//
// Two records of the same person are merged by pointing one at the other (MergedInto):
// both keep their encounters, referrals, consents and follow-ups, and reading the
// surviving record shows both histories.
type Person struct {
	ID                string    `json:"id"`
	DisplayName       string    `json:"display_name"`
	Phone             string    `json:"phone,omitempty"`
	PreferredLanguage string    `json:"preferred_language,omitempty"`
	MergedInto        string    `json:"merged_into,omitempty"`
	MergedAt          time.Time `json:"merged_at,omitzero"`
	MergedBy          string    `json:"merged_by,omitempty"`
	CreatedBy         string    `json:"created_by,omitempty"`
	CreatedAt         time.Time `json:"created_at,omitzero"`
	UpdatedAt         time.Time `json:"updated_at,omitzero"`
	// Version counts changes, for If-Match on updates.
	Version int `json:"version"`
	// Contact is how the person agreed to be contacted: ContactText, ContactNone, or ""
	// (not asked).
	Contact string `json:"contact,omitempty"`
}

// How a person may be contacted (Person.Contact).
const (
	// ContactText: the person agreed to text messages at their phone (a notice that
	// their referral was sent, with nothing else in it).
	ContactText = "text"
	// ContactNone: the person asked not to be contacted. They are never texted.
	ContactNone = "none"
)

// MayText reports whether the person may be sent a text message: they agreed to texts,
// have a phone, and did not ask not to be contacted.
func (p Person) MayText() bool { return p.Contact == ContactText && p.Phone != "" }

// Limits on a person's fields; a display name is a handle, not a full identity.
const (
	MaxDisplayName = 80
	MaxPhone       = 32
)

// phoneRE accepts what people type for a phone number: digits with spaces, dots, dashes,
// brackets and a leading +, at least 7 digits (checked separately).
var phoneRE = regexp.MustCompile(`^\+?[0-9 ().\-]+$`)

// NormalizePerson trims the fields and lower-cases the language's primary subtag.
func NormalizePerson(p *Person) {
	p.DisplayName = strings.Join(strings.Fields(p.DisplayName), " ")
	p.Phone = clean(p.Phone)
	p.PreferredLanguage = normalizeLanguage(p.PreferredLanguage)
	p.Contact = strings.ToLower(clean(p.Contact))
}

func normalizeLanguage(tag string) string {
	tag = clean(tag)
	if head, rest, ok := strings.Cut(tag, "-"); ok {
		return strings.ToLower(head) + "-" + rest
	}
	return strings.ToLower(tag)
}

// ValidatePerson checks a person after NormalizePerson and returns every bad field as
// directory.FieldErrors, or nil.
func ValidatePerson(p *Person) error {
	var c checker
	c.id("id", p.ID, false)
	c.text("display_name", p.DisplayName, MaxDisplayName, true)
	if p.Phone != "" {
		digits := 0
		for _, r := range p.Phone {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if len(p.Phone) > MaxPhone || !phoneRE.MatchString(p.Phone) || digits < 7 {
			c.add("phone", "must be a phone number such as (413) 555-0100")
		}
	}
	c.language("preferred_language", p.PreferredLanguage)
	if p.Contact != "" && p.Contact != ContactText && p.Contact != ContactNone {
		c.add("contact", "must be text (agreed to text messages), none (asked not to be contacted) or empty")
	}
	c.id("merged_into", p.MergedInto, false)
	return c.err()
}

// CanonicalID is the id under which the person's history is read: the record it was
// merged into, or its own.
func (p Person) CanonicalID() string {
	if p.MergedInto != "" {
		return p.MergedInto
	}
	return p.ID
}

// PersonBrief is what a list shows of a person beside one of their records: the name to
// greet them by and how to reach them. For a record merged into another it is the
// survivor, whose id ID is.
type PersonBrief struct {
	ID                string `json:"id"`
	DisplayName       string `json:"display_name"`
	Phone             string `json:"phone,omitempty"`
	PreferredLanguage string `json:"preferred_language,omitempty"`
}

// PersonFile is a person with their whole history, merged records included: what a peer
// opens before calling someone back.
type PersonFile struct {
	Person
	Encounters []Encounter  `json:"encounters"`
	Referrals  []Referral   `json:"referrals"`
	Consents   []Consent    `json:"consents"`
	FollowUps  []FollowUp   `json:"follow_ups"`
	Merged     []string     `json:"merged,omitempty"` // ids of records merged into this one
	Disclosed  []Disclosure `json:"disclosures,omitempty"`
}
