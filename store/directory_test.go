package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

func f(v float64) *float64 { return &v }

// sample is a compiled service touching every table.
func sample(id string) directory.Service {
	org := directory.StableID("test-org")
	loc := directory.StableID("test-loc", id)
	s := directory.Service{
		ID: id, Name: "Crisis Beds", Status: "active", Description: "Short-term stabilization.",
		MinimumAge: f(18), AssuredDate: "2026-11-01",
		Organization: &directory.Organization{ID: org, Name: "Valley Org", Description: "An org.",
			Phones: []directory.Phone{{Number: "413-555-0100"}}},
		Phones:       []directory.Phone{{Number: "413-555-0101", Type: "voice"}},
		Schedules:    []directory.Schedule{{Freq: "WEEKLY", ByDay: "MO,TU,WE,TH,FR", OpensAt: "09:00", ClosesAt: "17:00"}},
		ServiceAreas: []directory.ServiceArea{{Name: "Holyoke", Extent: `{"type":"Point","coordinates":[-72.6,42.2]}`, ExtentType: "geojson"}},
		Languages:    []directory.Language{{Code: "es", Name: "Spanish"}},
		CostOptions:  []directory.CostOption{{Option: "Free", Amount: f(0)}},
		Capacities:   []directory.Capacity{{Available: f(3), Maximum: f(12), Unit: json.RawMessage(`{"id":"` + directory.StableID("unit") + `","name":"bed"}`), Updated: "2026-11-27T08:00:00Z"}},
		Attributes:   []directory.Attribute{directory.VocabAttribute(id, directory.TaxonomyNeed, "crisis")},
		Funding:      json.RawMessage(`[{"id":"` + directory.StableID("funding", id) + `","source":"State grant"}]`),
		ServiceAtLocations: []directory.ServiceAtLocation{{
			Location: &directory.Location{ID: loc, LocationType: "physical", Name: "Main site", Latitude: f(42.2), Longitude: f(-72.6),
				Addresses:     []directory.Address{{Address1: "1 Main St", City: "Holyoke", StateProvince: "MA", PostalCode: "01040", Country: "US", AddressType: "physical"}},
				Accessibility: json.RawMessage(`[{"id":"` + directory.StableID("acc", id) + `","description":"ramp"}]`)},
		}},
	}
	directory.NormalizeService(&s)
	return s
}

func write(t *testing.T, st *store.Store, svcs ...directory.Service) []store.WriteResult {
	t.Helper()
	recs := make([]directory.Record, len(svcs))
	for i := range svcs {
		recs[i] = directory.Record{Line: i + 1, Service: &svcs[i]}
	}
	res, err := st.WriteRecords(context.Background(), recs)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// comparable drops what the store adds (last_modified when the input had none).
func comparable(t *testing.T, s directory.Service) map[string]any {
	t.Helper()
	s.LastModified = ""
	b, _ := json.Marshal(s)
	var m map[string]any
	json.Unmarshal(b, &m)
	return m
}

func TestServiceRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		in := sample(directory.StableID("svc-1"))
		if res := write(t, st, in); res[0].Err != nil || !res[0].Created {
			t.Fatalf("write: %+v", res[0])
		}
		got, err := st.Service(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.LastModified == "" {
			t.Error("last_modified not set")
		}
		if a, b := comparable(t, in), comparable(t, got); !reflect.DeepEqual(a, b) {
			ja, _ := json.MarshalIndent(a, "", " ")
			jb, _ := json.MarshalIndent(b, "", " ")
			t.Fatalf("round trip differs:\nin:  %s\nout: %s", ja, jb)
		}
		if _, err := st.Service(ctx, directory.StableID("nope")); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("missing service: %v", err)
		}
	})
}

func TestRewriteReplacesChildrenAndFeedsChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		in := sample(directory.StableID("svc-2"))
		write(t, st, in)
		before, _ := st.LastChange(ctx)
		in.Languages = nil
		in.Schedules = []directory.Schedule{{Freq: "WEEKLY", ByDay: "SA", OpensAt: "10:00", ClosesAt: "12:00"}}
		directory.NormalizeService(&in)
		if res := write(t, st, in); res[0].Err != nil || res[0].Created {
			t.Fatalf("rewrite: %+v", res[0])
		}
		got, _ := st.Service(ctx, in.ID)
		if len(got.Languages) != 0 || len(got.Schedules) != 1 || got.Schedules[0].ByDay != "SA" {
			t.Fatalf("children not replaced: languages %v schedules %v", got.Languages, got.Schedules)
		}
		after, _ := st.LastChange(ctx)
		if after <= before {
			t.Errorf("change feed did not advance: %d -> %d", before, after)
		}
	})
}

func TestLenientBatchRejectsOnlyTheBadRecord(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		good1, good2 := sample(directory.StableID("a")), sample(directory.StableID("c"))
		bad := sample(directory.StableID("b"))
		bad.Organization = nil
		bad.OrganizationID = directory.StableID("no-such-org")
		res := write(t, st, good1, bad, good2)
		if res[0].Err != nil || res[2].Err != nil {
			t.Fatalf("good records failed: %v %v", res[0].Err, res[2].Err)
		}
		var re *directory.RecordError
		if !errors.As(res[1].Err, &re) || re.Line != 2 || len(re.Fields) == 0 || re.Fields[0].Field != "organization_id" {
			t.Fatalf("bad record: %v", res[1].Err)
		}
		if n, _ := st.CountServices(ctx); n != 2 {
			t.Errorf("%d services stored, want 2", n)
		}
	})
}

func TestStrictImportWritesNothingOnFailure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		good := sample(directory.StableID("s1"))
		bad := sample(directory.StableID("s2"))
		bad.Attributes = []directory.Attribute{{ID: directory.StableID("attr"), TaxonomyTermID: directory.StableID("no-term")}}
		directory.NormalizeService(&bad)
		_, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &good}, {Line: 2, Service: &bad}})
		var re *directory.RecordError
		if !errors.As(err, &re) || re.Line != 2 {
			t.Fatalf("want the record error of line 2, got %v", err)
		}
		if n, _ := st.CountServices(ctx); n != 0 {
			t.Errorf("%d services stored after a failed strict import", n)
		}
		if seq, _ := st.LastChange(ctx); seq != 0 {
			t.Errorf("change feed has rows after a failed strict import: %d", seq)
		}
	})
}

func TestListsAndFilters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		a, b := sample(directory.StableID("l1")), sample(directory.StableID("l2"))
		b.Name = "Food Pantry"
		b.Description = "Groceries 100% free"
		b.Attributes = []directory.Attribute{directory.VocabAttribute(b.ID, directory.TaxonomyNeed, "food")}
		directory.NormalizeService(&b)
		write(t, st, a, b)
		tests := []struct {
			name string
			f    store.ServiceFilter
			want []string
		}{
			{"all by name", store.ServiceFilter{}, []string{a.ID, b.ID}},
			{"search", store.ServiceFilter{Search: "pantry"}, []string{b.ID}},
			{"search two words", store.ServiceFilter{Search: "crisis valley"}, []string{a.ID}},
			{"like wildcard is literal", store.ServiceFilter{Search: "100%"}, []string{b.ID}},
			{"underscore is literal", store.ServiceFilter{Search: "_"}, nil},
			{"term", store.ServiceFilter{TaxonomyTermID: directory.TermID(directory.TaxonomyNeed, "food")}, []string{b.ID}},
			{"taxonomy", store.ServiceFilter{TaxonomyID: directory.TaxonomyID(directory.TaxonomyNeed)}, []string{a.ID, b.ID}},
			{"organization", store.ServiceFilter{OrganizationID: a.OrganizationID}, []string{a.ID, b.ID}},
		}
		for _, tt := range tests {
			ids, total, err := st.ServiceIDs(ctx, tt.f, store.Page{Number: 1, PerPage: 10})
			if err != nil {
				t.Fatal(err)
			}
			if total != len(tt.want) || !reflect.DeepEqual(ids, tt.want) && len(tt.want) > 0 {
				t.Errorf("%s: got %v (total %d), want %v", tt.name, ids, total, tt.want)
			}
		}
		var walked []string
		st.EachServiceBatch(ctx, store.ServiceFilter{}, 1, func(ids []string) error { walked = append(walked, ids...); return nil })
		if len(walked) != 2 {
			t.Errorf("walked %v", walked)
		}
		terms, total, err := st.TaxonomyTerms(ctx, store.TermFilter{TaxonomyID: directory.TaxonomyID(directory.TaxonomyLevelOfCare)}, store.Page{Number: 1, PerPage: 100})
		if err != nil || total != 11 || len(terms) != 11 {
			t.Errorf("level of care terms: %d %d %v", total, len(terms), err)
		}
	})
}

func TestNewerSchemaRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := st.DB().ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, true)`); err != nil {
			t.Fatal(err)
		}
		_, err := st.Migrate(ctx)
		if !errors.Is(err, store.ErrDatabaseNewer) {
			t.Fatalf("want ErrDatabaseNewer, got %v", err)
		}
		if ok, _ := st.Current(ctx); ok {
			t.Error("Current is true for a newer database")
		}
	})
}
