package store_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestImportRejectsAnotherRecordsChild: an import (the trusted path, through the same
// writer) whose record names another service's child rejects that record alone, with
// the field, and leaves the other service as it was; the rest of the batch is written.
func TestImportRejectsAnotherRecordsChild(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		owner := sample(directory.StableID("owner"))
		write(t, st, owner)
		before, err := st.Service(ctx, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		thief := sample(directory.StableID("thief"))
		thief.Schedules[0].ID = owner.Schedules[0].ID
		good := sample(directory.StableID("good"))
		res := write(t, st, thief, good)
		var re *directory.RecordError
		var foreign *store.ForeignChildError
		if !errors.As(res[0].Err, &re) || len(re.Fields) != 1 || re.Fields[0].Field != "schedules[0].id" || !errors.As(res[0].Err, &foreign) {
			t.Fatalf("the record naming another's schedule: %v", res[0].Err)
		}
		if res[1].Err != nil {
			t.Fatalf("the good record: %v", res[1].Err)
		}
		after, err := st.Service(ctx, owner.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(comparable(t, before), comparable(t, after)) {
			t.Errorf("the owner's service changed:\n%+v\n%+v", before, after)
		}
		if _, err := st.Service(ctx, thief.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the rejected service was stored: %v", err)
		}
		// Inside an organization record, the field names the service.
		org := directory.Organization{ID: directory.StableID("org2"), Name: "Org 2",
			Services: []directory.Service{sample(directory.StableID("thief2"))}}
		org.Services[0].Organization = nil
		org.Services[0].Phones[0].ID = owner.Phones[0].ID
		directory.NormalizeOrganization(&org)
		res, err = st.WriteRecords(ctx, []directory.Record{{Line: 7, Organization: &org}})
		if err != nil {
			t.Fatal(err)
		}
		if !errors.As(res[0].Err, &re) || len(re.Fields) != 1 || re.Fields[0].Field != "services[0].phones[0].id" {
			t.Fatalf("the organization naming another's phone: %v", res[0].Err)
		}
	})
}

// TestRepeatedChildIDsInOneFile: an HSDS file may give several parents of one record the
// same child id (the HSDS 3.0 examples do); each parent gets its own row, the same ones
// on a second import.
func TestRepeatedChildIDsInOneFile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		phone := directory.NewID()
		svc, loc := directory.NewID(), directory.NewID()
		src := `{"id":"` + svc + `","name":"Repeats","status":"active",
			"phones":[{"id":"` + phone + `","number":"1"}],
			"service_at_locations":[{"id":"` + directory.NewID() + `","phones":[{"id":"` + phone + `","number":"2"}],
				"location":{"id":"` + loc + `","location_type":"physical","phones":[{"id":"` + phone + `","number":"3"}]}}]}`
		load := func() directory.Service {
			t.Helper()
			var recs []directory.Record
			if err := directory.ReadRecords(strings.NewReader(src), func(r directory.Record, _ *directory.Checked, err error) error {
				recs = append(recs, r)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			res, err := st.WriteRecords(ctx, recs)
			if err != nil || res[0].Err != nil {
				t.Fatalf("import: %v %v", err, res[0].Err)
			}
			s, err := st.Service(ctx, svc)
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		first := load()
		ids := []string{first.Phones[0].ID, first.ServiceAtLocations[0].Phones[0].ID, first.ServiceAtLocations[0].Location.Phones[0].ID}
		if ids[0] != phone || ids[1] == phone || ids[2] == phone || ids[1] == ids[2] {
			t.Errorf("phone ids %v (the file's %s)", ids, phone)
		}
		again := load()
		if got := []string{again.Phones[0].ID, again.ServiceAtLocations[0].Phones[0].ID, again.ServiceAtLocations[0].Location.Phones[0].ID}; !reflect.DeepEqual(got, ids) {
			t.Errorf("second import: %v, want %v", got, ids)
		}
	})
}
