package store

import (
	"encoding/json"

	"handoff/directory"
)

// The "extra" column keeps HSDS members Handoff stores but does not interpret. Each type
// below lists them for one table; empty members are left out.

type serviceExtra struct {
	Funding           json.RawMessage `json:"funding,omitempty"`
	Program           json.RawMessage `json:"program,omitempty"`
	RequiredDocuments json.RawMessage `json:"required_documents,omitempty"`
	Contacts          json.RawMessage `json:"contacts,omitempty"`
	Metadata          json.RawMessage `json:"metadata,omitempty"`
}

type organizationExtra struct {
	Funding                 json.RawMessage `json:"funding,omitempty"`
	Contacts                json.RawMessage `json:"contacts,omitempty"`
	Programs                json.RawMessage `json:"programs,omitempty"`
	OrganizationIdentifiers json.RawMessage `json:"organization_identifiers,omitempty"`
	Metadata                json.RawMessage `json:"metadata,omitempty"`
}

type locationExtra struct {
	Contacts      json.RawMessage `json:"contacts,omitempty"`
	Accessibility json.RawMessage `json:"accessibility,omitempty"`
	Metadata      json.RawMessage `json:"metadata,omitempty"`
}

type salExtra struct {
	Contacts json.RawMessage `json:"contacts,omitempty"`
	Metadata json.RawMessage `json:"metadata,omitempty"`
}

type phoneExtra struct {
	Languages json.RawMessage `json:"languages,omitempty"`
}

type capacityExtra struct {
	Unit     json.RawMessage `json:"unit,omitempty"`
	Source   string          `json:"source,omitempty"`
	TTLHours *float64        `json:"ttl_hours,omitempty"`
}

// encodeExtra renders v as JSON, or "" when it has no members, so that most rows stay small.
func encodeExtra(v any) string {
	b, err := json.Marshal(v)
	if err != nil || string(b) == "{}" {
		return ""
	}
	return string(b)
}

func decodeExtra(s string, v any) {
	if s != "" {
		_ = json.Unmarshal([]byte(s), v) // written by encodeExtra; a damaged value is dropped, not fatal
	}
}

func extraOfService(s *directory.Service) string {
	return encodeExtra(serviceExtra{s.Funding, s.Program, s.RequiredDocuments, s.Contacts, s.Metadata})
}

func applyServiceExtra(s *directory.Service, raw string) {
	var e serviceExtra
	decodeExtra(raw, &e)
	s.Funding, s.Program, s.RequiredDocuments, s.Contacts, s.Metadata = e.Funding, e.Program, e.RequiredDocuments, e.Contacts, e.Metadata
}

func extraOfOrganization(o *directory.Organization) string {
	return encodeExtra(organizationExtra{o.Funding, o.Contacts, o.Programs, o.OrganizationIdentifiers, o.Metadata})
}

func applyOrganizationExtra(o *directory.Organization, raw string) {
	var e organizationExtra
	decodeExtra(raw, &e)
	o.Funding, o.Contacts, o.Programs, o.OrganizationIdentifiers, o.Metadata = e.Funding, e.Contacts, e.Programs, e.OrganizationIdentifiers, e.Metadata
}

func extraOfLocation(l *directory.Location) string {
	return encodeExtra(locationExtra{l.Contacts, l.Accessibility, l.Metadata})
}

func applyLocationExtra(l *directory.Location, raw string) {
	var e locationExtra
	decodeExtra(raw, &e)
	l.Contacts, l.Accessibility, l.Metadata = e.Contacts, e.Accessibility, e.Metadata
}

func phoneLanguages(raw string) json.RawMessage {
	var e phoneExtra
	decodeExtra(raw, &e)
	return e.Languages
}
