package store_test

import (
	"context"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestHistoryOfWrites: an import creates, a later write records each changed field with
// before and after and who, an unchanged write records nothing, a delete one row.
func TestHistoryOfWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		id := directory.StableID("hist-svc")
		write(t, st, sample(id))
		h, total, err := st.ListingHistory(ctx, "service", id, store.Page{Number: 1, PerPage: 50})
		if err != nil || total != 1 || h[0].Action != "create" || h[0].Source != directory.ChangeFromImport {
			t.Fatalf("after import: %d %+v %v", total, h, err)
		}
		// The same record again changes nothing.
		write(t, st, sample(id))
		if _, total, _ := st.ListingHistory(ctx, "service", id, store.Page{Number: 1, PerPage: 50}); total != 1 {
			t.Fatalf("an unchanged write recorded %d rows", total)
		}
		s, err := st.Service(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		oldHours := directory.HoursSentence(s.Schedules)
		s.Description = "Now with more beds."
		s.Phones[0].Number = "413-555-0199"
		s.Schedules[0].ClosesAt = "02:00"
		newHours := directory.HoursSentence(s.Schedules)
		actor := directory.ChangeActor{Source: directory.ChangeFromPortal, UserID: "u1", UserName: "Ann Agency"}
		if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &s}}, store.ChangedBy(actor)); err != nil {
			t.Fatal(err)
		}
		h, _, err = st.ListingHistory(ctx, "service", id, store.Page{Number: 1, PerPage: 50})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]directory.FieldChange{}
		for _, e := range h {
			if e.Action == "update" {
				got[e.Field] = e.FieldChange
				if e.Source != "portal" || e.UserName != "Ann Agency" {
					t.Errorf("who: %+v", e.ChangeActor)
				}
			}
		}
		want := map[string]directory.FieldChange{
			"description":      {Field: "description", Before: "Short-term stabilization.", After: "Now with more beds."},
			"phones[0].number": {Field: "phones[0].number", Before: "413-555-0101", After: "413-555-0199"},
			// Hours change as words, not row by row.
			"schedules": {Field: "schedules", Before: oldHours, After: newHours},
		}
		if len(got) != len(want) {
			t.Fatalf("changes %+v, want %+v", got, want)
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: %+v, want %+v", k, got[k], w)
			}
		}
		// An import names itself.
		other := directory.StableID("hist-import")
		im := st.NewImporter(ctx, false)
		im.From("valley.json")
		svc := sample(other)
		if _, err := im.Write([]directory.Record{{Line: 1, Service: &svc}}); err != nil {
			t.Fatal(err)
		}
		if h, _, _ := st.ListingHistory(ctx, "service", other, store.Page{Number: 1, PerPage: 5}); len(h) != 1 ||
			h[0].Words() != "an import (valley.json)" {
			t.Errorf("import history %+v", h)
		}
		if err := st.DeleteService(ctx, id); err != nil {
			t.Fatal(err)
		}
		h, _, _ = st.ListingHistory(ctx, "service", id, store.Page{Number: 1, PerPage: 1})
		if h[0].Action != "delete" {
			t.Errorf("newest row %+v, want the delete", h[0])
		}
	})
}
