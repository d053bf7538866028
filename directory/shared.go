package directory

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Some records a listing embeds are not its own. A location is shared by the services
// delivered there, a taxonomy term by every listing that carries it: embedding one is
// not licence to change it. An embedded copy that matches the stored record becomes a
// reference (location_id, taxonomy_term_id) and is not rewritten; a new or changed one
// is written only by someone who may: a location by the staff of its organization (old
// and new) or an admin, a term by an admin.

// SharedStored is what the store holds of the shared records a write embeds, looked up
// by the caller before the rules run. An id missing from a map has no stored record.
type SharedStored struct {
	Locations map[string]Location
	Terms     map[string]TaxonomyTerm
}

// SharedWriter is what the rules need to know of the person writing, answered by the
// caller so that directory knows nothing of roles.
type SharedWriter struct {
	// MayWriteListing reports whether the writer may write listings of an organization.
	MayWriteListing func(orgID string) bool
	// MayChangeVocabulary: the writer may add and change vocabulary terms.
	MayChangeVocabulary bool
}

// SharedRefusal is a write refused for a shared record it embeds: the record's type
// ("location" or "taxonomy_term") and id, for the audit, and why, for the writer.
type SharedRefusal struct {
	RecordType string
	ID         string
	Detail     string
}

// Error returns the detail.
func (r *SharedRefusal) Error() string { return r.Detail }

// SharedIDs lists the ids of the shared records embedded in attrs and sals, to look up
// before ResolveShared: locations, and terms (the record's own and its locations').
func SharedIDs(attrs []Attribute, sals []ServiceAtLocation) (locationIDs, termIDs []string) {
	termIDs = appendTermIDs(termIDs, attrs)
	for _, sal := range sals {
		if l := sal.Location; l != nil {
			locationIDs = append(locationIDs, l.ID)
			termIDs = appendTermIDs(termIDs, l.Attributes)
		}
	}
	return locationIDs, termIDs
}

func appendTermIDs(ids []string, attrs []Attribute) []string {
	for _, a := range attrs {
		if a.TaxonomyTerm != nil {
			ids = append(ids, a.TaxonomyTerm.ID)
		}
	}
	return ids
}

// ResolveShared decides what a write does to the shared records it embeds: the record's
// own attributes (named "attributes" in messages) and, for a service, the locations of
// its services-at-location. Unchanged records are reduced to references in place (the
// embedded copy is dropped); the first that the writer may not add or change is
// refused, and then nothing of the write may happen.
func ResolveShared(attrs []Attribute, sals []ServiceAtLocation, stored SharedStored, w SharedWriter) *SharedRefusal {
	if r := resolveTerms(attrs, "attributes", stored, w); r != nil {
		return r
	}
	for i := range sals {
		l := sals[i].Location
		if l == nil {
			continue
		}
		field := fmt.Sprintf("service_at_locations[%d].location", i)
		old, ok := stored.Locations[l.ID]
		switch {
		case !ok:
			if !w.MayWriteListing(l.OrganizationID) {
				return &SharedRefusal{"location", l.ID, field + " is a new location of another organization; only its staff or an admin may add it."}
			}
		case sameJSON(old, *l):
			sals[i].Location = nil
			continue
		case !w.MayWriteListing(old.OrganizationID) || !w.MayWriteListing(l.OrganizationID):
			return &SharedRefusal{"location", l.ID, field + " belongs to another organization and differs from it; refer to it by location_id, or ask its staff to change it."}
		}
		// A location written with the service carries its own terms.
		if r := resolveTerms(l.Attributes, field+".attributes", stored, w); r != nil {
			return r
		}
	}
	return nil
}

// resolveTerms applies the vocabulary's rule to the terms attrs embed; field names the
// attributes in messages.
func resolveTerms(attrs []Attribute, field string, stored SharedStored, w SharedWriter) *SharedRefusal {
	for i := range attrs {
		t := attrs[i].TaxonomyTerm
		if t == nil {
			continue
		}
		old, ok := stored.Terms[t.ID]
		if !ok {
			if !w.MayChangeVocabulary {
				return &SharedRefusal{"taxonomy_term", t.ID, fmt.Sprintf("%s[%d].taxonomy_term is not in the vocabulary; only an admin adds terms.", field, i)}
			}
			continue
		}
		// The taxonomy a client embeds with a term is not part of the term.
		plain := *t
		plain.TaxonomyDetail = nil
		if sameJSON(old, plain) {
			attrs[i].TaxonomyTerm = nil
			continue
		}
		if !w.MayChangeVocabulary {
			return &SharedRefusal{"taxonomy_term", t.ID, fmt.Sprintf("%s[%d].taxonomy_term differs from the vocabulary; refer to it by taxonomy_term_id (only an admin changes terms).", field, i)}
		}
	}
	return nil
}

// sameJSON compares two records as a client sees them: equal JSON is the same record,
// whatever Go-side differences (nil or empty slices) the two copies have.
func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
