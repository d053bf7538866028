package directory_test

import (
	"testing"

	"handoff/directory"
)

// TestDiffListing: scalars by value, child lists element by element with the ids, owner
// links, server stamps and embedded records left out; an added phone shows its fields
// going from "".
func TestDiffListing(t *testing.T) {
	before := directory.Service{ID: "s", Name: "Pantry", Status: "active", LastModified: "2026-01-01", AssuredDate: "2026-01-01",
		Phones:       []directory.Phone{{ID: "p1", ServiceID: "s", Number: "413-555-0100"}},
		Organization: &directory.Organization{ID: "o", Name: "Org"}}
	after := before
	after.Name, after.LastModified, after.AssuredDate = "Pantry and meals", "2026-02-02", "2026-02-02"
	after.Phones = []directory.Phone{{ID: "p1", ServiceID: "s", Number: "413-555-0101"}, {ID: "p2", ServiceID: "s", Number: "413-555-0102", Type: "text"}}
	after.Organization = &directory.Organization{ID: "o", Name: "Renamed org"}
	got, err := directory.DiffListing(before, after)
	if err != nil {
		t.Fatal(err)
	}
	want := []directory.FieldChange{
		{Field: "name", Before: "Pantry", After: "Pantry and meals"},
		{Field: "phones[0].number", Before: "413-555-0100", After: "413-555-0101"},
		{Field: "phones[1].number", After: "413-555-0102"},
		{Field: "phones[1].type", After: "text"},
	}
	if len(got) != len(want) {
		t.Fatalf("diff %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	// Removed: the old element's fields go to "".
	got, _ = directory.DiffListing(after, before)
	if len(got) != 4 || got[3].Field != "phones[1].type" || got[3].Before != "text" || got[3].After != "" {
		t.Errorf("removal %+v", got)
	}
	if got, _ := directory.DiffListing(before, before); len(got) != 0 {
		t.Errorf("no change gave %+v", got)
	}
}

// TestDiffListingHoursInWords: a change of hours is one change of "schedules", from the
// old hours in words to the new, not rows of codes; when the words stay the same (a row's
// note changed) the rows' own changes stay.
func TestDiffListingHoursInWords(t *testing.T) {
	before := directory.Service{ID: "s", Name: "Shelter",
		Schedules: []directory.Schedule{{ID: "h1", Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "17:00"}}}
	after := before
	after.Schedules = []directory.Schedule{{ID: "h1", Freq: "WEEKLY", ByDay: "FR,SA", OpensAt: "09:00", ClosesAt: "02:00"}}
	after.Name = "Night shelter"
	got, err := directory.DiffListing(before, after)
	if err != nil {
		t.Fatal(err)
	}
	want := []directory.FieldChange{
		{Field: "name", Before: "Shelter", After: "Night shelter"},
		{Field: "schedules", Before: "Mon–Fri 9 am–5 pm", After: "Fri, Sat 9 am–2 am (next day)"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Fatalf("diff %+v, want %+v", got, want)
	}
	noted := before
	noted.Schedules = []directory.Schedule{before.Schedules[0]}
	noted.Schedules[0].Notes = "Ring the bell"
	got, _ = directory.DiffListing(before, noted)
	if len(got) != 1 || got[0].Field != "schedules[0].notes" {
		t.Errorf("same words, a row's note changed: %+v", got)
	}
}

// TestProposeChanges: only the fields a suggestion may change, bounded, valid once
// applied; Before is the value when proposed, and ChangedSince tells a field changed
// since.
func TestProposeChanges(t *testing.T) {
	s := directory.Service{ID: directory.NewID(), Name: "Pantry", Status: "active", Phones: []directory.Phone{{ID: directory.NewID(), Number: "413-555-0100"}}}
	for _, c := range []struct {
		change directory.ProposedChange
		field  string
	}{
		{directory.ProposedChange{Field: "id", Value: "x"}, "changes[0].field"},
		{directory.ProposedChange{Field: "organization_id", Value: "x"}, "changes[0].field"},
		{directory.ProposedChange{Field: "capacities[0].available", Value: "3"}, "changes[0].field"},
		{directory.ProposedChange{Field: "phones[5].number", Value: "413-555-0101"}, "changes[0].field"},
		{directory.ProposedChange{Field: "status", Value: "sideways"}, "changes[0].value"},
		{directory.ProposedChange{Field: "name", Value: ""}, "changes[0].value"},
	} {
		_, errs := directory.ProposeChanges(s, []directory.ProposedChange{c.change})
		if len(errs) == 0 || errs[0].Field != c.field {
			t.Errorf("%+v: %v, want an error on %s", c.change, errs, c.field)
		}
	}
	ok, errs := directory.ProposeChanges(s, []directory.ProposedChange{{Field: "phones[0].number", Value: " 413-555-0199 "},
		{Field: "phones[1].number", Value: "413-555-0102"}})
	if len(errs) > 0 || ok[0].Before != "413-555-0100" || ok[0].Value != "413-555-0199" || ok[1].Before != "" {
		t.Fatalf("proposal %+v %v", ok, errs)
	}
	v, errs := directory.ApplyChanges(s, ok)
	if len(errs) > 0 || len(v.Phones) != 2 || v.Phones[0].Number != "413-555-0199" || v.Phones[1].ID == "" {
		t.Fatalf("applied %+v %v", v.Phones, errs)
	}
	if s.Phones[0].Number != "413-555-0100" {
		t.Error("ApplyChanges changed its argument")
	}
	s.Phones[0].Number = "413-555-0111"
	if changed, _ := directory.ChangedSince(s, ok); len(changed) != 1 || changed[0] != "phones[0].number" {
		t.Errorf("changed since: %v", changed)
	}
}
