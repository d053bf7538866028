package directory

import (
	"strings"
	"testing"
)

func TestResolveShared(t *testing.T) {
	const (
		orgA = "6b1d2c3e-0000-4000-8000-00000000000a"
		orgB = "6b1d2c3e-0000-4000-8000-00000000000b"
		locA = "6b1d2c3e-0000-4000-8000-0000000000a1"
		locB = "6b1d2c3e-0000-4000-8000-0000000000b1"
		term = "6b1d2c3e-0000-4000-8000-0000000000c1"
	)
	storedTerm := TaxonomyTerm{ID: term, Name: "Food", Description: "food", Code: "food"}
	storedLoc := func(id, org string) Location {
		return Location{ID: id, OrganizationID: org, LocationType: "physical", Name: "Site"}
	}
	stored := SharedStored{
		Locations: map[string]Location{locA: storedLoc(locA, orgA), locB: storedLoc(locB, orgB)},
		Terms:     map[string]TaxonomyTerm{term: storedTerm},
	}
	staffOfA := SharedWriter{MayWriteListing: func(org string) bool { return org == orgA }}
	admin := SharedWriter{MayWriteListing: func(string) bool { return true }, MayChangeVocabulary: true}
	withTerm := func(t TaxonomyTerm) []Attribute { return []Attribute{{ID: "x", TaxonomyTerm: &t}} }
	changed := func(l Location) *Location { l.Name = "Renamed"; return &l }
	plain := func(l Location) *Location { return &l }
	newTerm := TaxonomyTerm{ID: "6b1d2c3e-0000-4000-8000-0000000000c2", Name: "New"}
	detailed := storedTerm
	detailed.TaxonomyDetail = &Taxonomy{ID: "t", Name: "handoff:need"}
	renamed := storedTerm
	renamed.Name = "Groceries"

	tests := []struct {
		name   string
		attrs  []Attribute
		sals   []ServiceAtLocation
		w      SharedWriter
		refuse string // the refused record's type and the start of the detail; "" for none
		// which embedded copies became references
		termRef, locRef bool
	}{
		{name: "nothing embedded", w: staffOfA},
		{name: "unchanged term becomes a reference", attrs: withTerm(storedTerm), w: staffOfA, termRef: true},
		{name: "the taxonomy shown with a term is not part of it", attrs: withTerm(detailed), w: staffOfA, termRef: true},
		{name: "new term: not for staff", attrs: withTerm(newTerm), w: staffOfA, refuse: "taxonomy_term attributes[0].taxonomy_term is not in the vocabulary"},
		{name: "new term: an admin adds it", attrs: withTerm(newTerm), w: admin},
		{name: "changed term: not for staff", attrs: withTerm(renamed), w: staffOfA, refuse: "taxonomy_term attributes[0].taxonomy_term differs from the vocabulary"},
		{name: "changed term: an admin changes it", attrs: withTerm(renamed), w: admin},
		{name: "unchanged location of another organization becomes a reference",
			sals: []ServiceAtLocation{{Location: plain(storedLoc(locB, orgB))}}, w: staffOfA, locRef: true},
		{name: "changed location of another organization",
			sals: []ServiceAtLocation{{}, {Location: changed(storedLoc(locB, orgB))}}, w: staffOfA,
			refuse: "location service_at_locations[1].location belongs to another organization"},
		{name: "own location taken over by another organization",
			sals: []ServiceAtLocation{{Location: plain(storedLoc(locA, orgB))}}, w: staffOfA,
			refuse: "location service_at_locations[0].location belongs to another organization"},
		{name: "changed own location is written", sals: []ServiceAtLocation{{Location: changed(storedLoc(locA, orgA))}}, w: staffOfA},
		{name: "new location of another organization",
			sals: []ServiceAtLocation{{Location: plain(storedLoc("6b1d2c3e-0000-4000-8000-0000000000b2", orgB))}}, w: staffOfA,
			refuse: "location service_at_locations[0].location is a new location of another organization"},
		{name: "new own location is written", sals: []ServiceAtLocation{{Location: plain(storedLoc("6b1d2c3e-0000-4000-8000-0000000000a2", orgA))}}, w: staffOfA},
		{name: "a written location's terms follow the vocabulary's rule",
			sals: []ServiceAtLocation{{Location: func() *Location { l := changed(storedLoc(locA, orgA)); l.Attributes = withTerm(newTerm); return l }()}},
			w:    staffOfA, refuse: "taxonomy_term service_at_locations[0].location.attributes[0].taxonomy_term is not in the vocabulary"},
		{name: "a referenced location's terms are not looked at",
			sals: []ServiceAtLocation{{Location: func() *Location { l := storedLoc(locA, orgA); return &l }()}},
			w:    staffOfA, locRef: true},
		{name: "the record's own terms are decided first",
			attrs: withTerm(newTerm), sals: []ServiceAtLocation{{Location: changed(storedLoc(locB, orgB))}}, w: staffOfA,
			refuse: "taxonomy_term attributes[0]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ResolveShared(tc.attrs, tc.sals, stored, tc.w)
			switch {
			case tc.refuse == "" && r != nil:
				t.Fatalf("refused: %+v", r)
			case tc.refuse != "" && r == nil:
				t.Fatalf("not refused, want %q", tc.refuse)
			case r != nil:
				if got := r.RecordType + " " + r.Detail; !strings.HasPrefix(got, tc.refuse) {
					t.Fatalf("refused %q, want %q", got, tc.refuse)
				}
				if r.ID == "" {
					t.Error("the refusal names no record")
				}
				return
			}
			if len(tc.attrs) > 0 && (tc.attrs[0].TaxonomyTerm == nil) != tc.termRef {
				t.Errorf("term became a reference: %v, want %v", tc.attrs[0].TaxonomyTerm == nil, tc.termRef)
			}
			if n := len(tc.sals); n > 0 && (tc.sals[n-1].Location == nil) != tc.locRef {
				t.Errorf("location became a reference: %v, want %v", tc.sals[n-1].Location == nil, tc.locRef)
			}
		})
	}
}

func TestSharedIDs(t *testing.T) {
	term := func(id string) []Attribute {
		return []Attribute{{TaxonomyTerm: &TaxonomyTerm{ID: id}}, {TaxonomyTermID: "by-reference"}}
	}
	locs, terms := SharedIDs(term("t1"), []ServiceAtLocation{{LocationID: "by-reference"}, {Location: &Location{ID: "l1", Attributes: term("t2")}}})
	if strings.Join(locs, ",") != "l1" || strings.Join(terms, ",") != "t1,t2" {
		t.Errorf("locations %v, terms %v", locs, terms)
	}
}

func TestValidateLocation(t *testing.T) {
	l := Location{ID: "abc", OrganizationID: "6b1d2c3e-0000-4000-8000-00000000000a", LocationType: "boat",
		Latitude: ptr(95), Longitude: ptr(-72.5), Addresses: []Address{{ID: "6b1d2c3e-0000-4000-8000-0000000000d1", City: "Holyoke"}}}
	chk := ValidateLocation(&l)
	var errs []string
	for _, e := range chk.Errors {
		errs = append(errs, e.Field)
	}
	if got := strings.Join(errs, ","); got != "id,location_type,addresses[0].address_1" {
		t.Errorf("errors %q: %v", got, chk.Errors)
	}
	if len(chk.Warnings) != 1 || chk.Warnings[0].Field != "latitude" || l.Latitude != nil || l.Longitude != nil {
		t.Errorf("impossible coordinates kept or not reported: %v %v %v", chk.Warnings, l.Latitude, l.Longitude)
	}
}
