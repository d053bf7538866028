package care

import (
	"time"
)

// ResourceList is a set of services to share with a person as a public, printable page.
// It carries no personal data: who it was made for is not recorded, and its link is an
// unguessable token whose hash alone is stored.
type ResourceList struct {
	ID         string    `json:"id"`
	ServiceIDs []string  `json:"service_ids"`
	Language   string    `json:"language,omitempty"`
	URL        string    `json:"url,omitempty"` // filled by the HTTP layer from Token
	Token      string    `json:"-"`             // only when just created
	TokenHash  string    `json:"-"`
	CreatedBy  string    `json:"-"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
	ExpiresAt  time.Time `json:"expires_at"`
}

// Limits on a resource list.
const (
	ResourceListTTL      = 30 * 24 * time.Hour
	MaxResourceListTTL   = 365 * 24 * time.Hour
	MaxResourceListItems = 30
)

// NewResourceList prepares a list made at time at: ids trimmed and deduplicated, the
// default expiry, and a fresh token.
func NewResourceList(l *ResourceList, at time.Time) {
	l.ServiceIDs = dedupe(l.ServiceIDs, lower)
	l.Language = normalizeLanguage(l.Language)
	l.CreatedAt = at
	if l.ExpiresAt.IsZero() {
		l.ExpiresAt = at.Add(ResourceListTTL)
	}
	l.Token, l.TokenHash = NewToken(PrefixResourceList)
}

// ValidateResourceList checks a list prepared by NewResourceList at time now and
// returns every bad field as directory.FieldErrors, or nil.
func ValidateResourceList(l *ResourceList, now time.Time) error {
	var c checker
	switch {
	case len(l.ServiceIDs) == 0:
		c.add("service_ids", "is required: at least one service")
	case len(l.ServiceIDs) > MaxResourceListItems:
		c.add("service_ids", "must list at most %d services", MaxResourceListItems)
	}
	for i, id := range l.ServiceIDs {
		c.id(field("service_ids", i), id, true)
	}
	c.language("language", l.Language)
	switch {
	case !l.ExpiresAt.After(now):
		c.add("expires_at", "must be in the future")
	case l.ExpiresAt.After(now.Add(MaxResourceListTTL)):
		c.add("expires_at", "must be within a year")
	}
	return c.err()
}

// Usable reports whether the list's page may still be shown at time at.
func (l ResourceList) Usable(at time.Time) bool { return at.Before(l.ExpiresAt) }
