package csvimport

import (
	"encoding/json"

	"handoff/directory"
)

// The HSDS 3.0 objects that the directory keeps as JSON beside a record rather than in
// columns of its own (directory.Service's Extra members).

type fundingJSON struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	ServiceID      string `json:"service_id,omitempty"`
	Source         string `json:"source"`
}

type programJSON struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organization_id,omitempty"`
	Name           string `json:"name"`
	AlternateName  string `json:"alternate_name,omitempty"`
	Description    string `json:"description"`
}

type documentJSON struct {
	ID        string `json:"id"`
	ServiceID string `json:"service_id,omitempty"`
	Document  string `json:"document"`
}

type accessibilityJSON struct {
	ID          string `json:"id"`
	LocationID  string `json:"location_id,omitempty"`
	Description string `json:"description,omitempty"`
	Details     string `json:"details,omitempty"`
}

type contactJSON struct {
	ID                  string            `json:"id"`
	OrganizationID      string            `json:"organization_id,omitempty"`
	ServiceID           string            `json:"service_id,omitempty"`
	ServiceAtLocationID string            `json:"service_at_location_id,omitempty"`
	LocationID          string            `json:"location_id,omitempty"`
	Name                string            `json:"name,omitempty"`
	Title               string            `json:"title,omitempty"`
	Department          string            `json:"department,omitempty"`
	Email               string            `json:"email,omitempty"`
	Phones              []directory.Phone `json:"phones,omitempty"`
}

// raw encodes a list as a JSON member, nil when empty so that the member is left out.
func raw[T any](list []T) json.RawMessage {
	if len(list) == 0 {
		return nil
	}
	b, err := json.Marshal(list)
	if err != nil {
		panic("csvimport: " + err.Error()) // plain structs of strings always encode
	}
	return b
}

func contactsRaw(ns []*contactNode) json.RawMessage {
	out := make([]contactJSON, 0, len(ns))
	for _, n := range ns {
		out = append(out, n.c)
	}
	return raw(out)
}

// attachExtras writes the JSON members once every row has found its owner.
func (b *builder) attachExtras() {
	for _, n := range b.orgs {
		if n.org != nil {
			n.org.Contacts, n.org.Funding, n.org.Programs = contactsRaw(n.contacts), raw(n.funding), raw(n.programs)
		}
	}
	for _, n := range b.locs {
		if n.loc != nil {
			n.loc.Contacts, n.loc.Accessibility = contactsRaw(n.contacts), raw(n.access)
		}
	}
	for _, n := range b.svcOrder {
		n.svc.Contacts, n.svc.Funding, n.svc.RequiredDocuments = contactsRaw(n.contacts), raw(n.funding), raw(n.documents)
		if n.program != nil {
			b, _ := json.Marshal(n.program)
			n.svc.Program = b
		}
		for _, s := range n.sals {
			s.sal.Contacts = contactsRaw(s.contacts)
		}
	}
}
