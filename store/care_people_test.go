package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/care"
	"handoff/store"
	"handoff/store/storetest"
)

func TestCarePeople(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newCareFixture(t, st)
		ana := f.person(t, "Ana R.")
		f.person(t, "J. T.")
		dup := f.person(t, "Ana Rivera")

		p, err := f.c.Person(ctx, ana)
		if err != nil || p.DisplayName != "Ana R." || p.Phone != "(413) 555-0100" || p.Version != 1 {
			t.Fatalf("person %+v %v", p, err)
		}
		p.DisplayName = "Ana R. (Holyoke)"
		if err := f.c.UpdatePerson(ctx, &p, 1); err != nil || p.Version != 2 {
			t.Fatalf("update: %v %+v", err, p)
		}
		if err := f.c.UpdatePerson(ctx, &p, 1); !errors.Is(err, store.ErrConflict) {
			t.Errorf("stale update: %v", err)
		}
		people, total, err := f.c.People(ctx, "ANA", store.Page{Number: 1, PerPage: 10})
		if err != nil || total != 2 || len(people) != 2 {
			t.Fatalf("search ana: %d %v", total, err)
		}
		if _, total, _ := f.c.People(ctx, "ana holyoke", store.Page{Number: 1, PerPage: 10}); total != 1 {
			t.Errorf("two words: %d", total)
		}
		if _, total, _ := f.c.People(ctx, "100%", store.Page{Number: 1, PerPage: 10}); total != 0 {
			t.Errorf("LIKE wildcards are not escaped: %d", total)
		}

		// Each record has a history before the merge.
		at := time.Now().Add(-2 * time.Hour)
		lat, lon := holyoke(0, 0)
		f.encounter(t, care.Encounter{PersonID: ana, OccurredAt: at, Lat: lat, Lon: lon})
		f.encounter(t, care.Encounter{PersonID: dup, OccurredAt: at.Add(time.Hour), Lat: lat, Lon: lon})
		f.consent(t, dup, []string{f.orgA}, false, time.Now().AddDate(0, 1, 0))

		if err := f.c.MergePeople(ctx, ana, ana, f.peer, time.Time{}); err == nil {
			t.Error("merged a record into itself")
		}
		if err := f.c.MergePeople(ctx, ana, dup, f.coordinator, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if err := f.c.MergePeople(ctx, ana, dup, f.coordinator, time.Time{}); !errors.Is(err, store.ErrMerged) {
			t.Errorf("merged twice: %v", err)
		}
		d, _ := f.c.Person(ctx, dup)
		if d.MergedInto != ana || d.MergedBy != f.coordinator {
			t.Errorf("merged record %+v", d)
		}
		if _, total, _ := f.c.People(ctx, "ana", store.Page{Number: 1, PerPage: 10}); total != 1 {
			t.Errorf("merged record still listed: %d", total)
		}
		// New records for the merged id go to the survivor.
		_, fu := f.encounter(t, care.Encounter{PersonID: dup, OccurredAt: time.Now().Add(-time.Minute)})
		if fu == nil || fu.PersonID != ana {
			t.Errorf("follow-up of a merged id: %+v", fu)
		}

		file, err := f.c.PersonFile(ctx, ana)
		if err != nil {
			t.Fatal(err)
		}
		if len(file.Encounters) != 3 || len(file.Consents) != 1 || len(file.FollowUps) != 3 || len(file.Merged) != 1 || file.Merged[0] != dup {
			t.Errorf("file: %d encounters, %d consents, %d follow-ups, merged %v", len(file.Encounters), len(file.Consents), len(file.FollowUps), file.Merged)
		}
		// Both histories stay told apart.
		owners := map[string]int{}
		for _, e := range file.Encounters {
			owners[e.PersonID]++
		}
		if owners[ana] != 2 || owners[dup] != 1 {
			t.Errorf("encounter owners %v", owners)
		}
		if _, err := f.c.PersonFile(ctx, dup); !errors.Is(err, store.ErrMerged) {
			t.Errorf("file of a merged record: %v", err)
		}

		// A chain is flattened: merging the survivor later moves its merged records too.
		third := f.person(t, "A. R.")
		if err := f.c.MergePeople(ctx, third, ana, f.coordinator, time.Time{}); err != nil {
			t.Fatal(err)
		}
		if d, _ := f.c.Person(ctx, dup); d.MergedInto != third {
			t.Errorf("chain not flattened: %+v", d)
		}
		if file, _ := f.c.PersonFile(ctx, third); len(file.Encounters) != 3 || len(file.Merged) != 2 {
			t.Errorf("after the second merge: %d encounters, merged %v", len(file.Encounters), file.Merged)
		}
		if _, err := f.c.Person(ctx, "00000000-0000-4000-8000-000000000000"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown person: %v", err)
		}
	})
}
