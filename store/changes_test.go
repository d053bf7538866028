package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestFeedFollowerSeesEveryCommittedChange: a follower reading the feed by sequence
// number while eight writers create, update and delete services and locations sees every
// change that committed. On PostgreSQL a number is taken at insert, not at commit; unless
// the feed orders them, the follower moves past a lower number that commits later and
// never reads it.
func TestFeedFollowerSeesEveryCommittedChange(t *testing.T) {
	const writers, each = 8, 40
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		org := &directory.Organization{ID: directory.StableID("feed-org"), Name: "Feed Org", Description: "An org."}
		if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Organization: org}}); err != nil {
			t.Fatal(err)
		}
		svc := func(w, i int, name string) directory.Service {
			s := directory.Service{ID: directory.StableID("feed", fmt.Sprint(w), fmt.Sprint(i)), OrganizationID: org.ID,
				Name: name, Status: "active", Phones: []directory.Phone{{Number: "413-555-0100"}}}
			directory.NormalizeService(&s)
			return s
		}

		seen := map[int64]bool{}
		stop := make(chan struct{})
		followed := make(chan error, 1)
		go func() {
			var cursor int64
			for {
				select {
				case <-stop:
					followed <- nil
					return
				default:
				}
				cs, err := st.ChangesSince(ctx, cursor, 1000)
				if err != nil {
					followed <- err
					return
				}
				for _, c := range cs {
					seen[c.Seq] = true
					cursor = c.Seq
				}
			}
		}()

		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					loc := directory.Location{ID: directory.StableID("feed-loc", fmt.Sprint(w), fmt.Sprint(i)), OrganizationID: org.ID, Name: "Hall"}
					for _, s := range []directory.Service{svc(w, i, "First"), svc(w, i, "Second")} {
						if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &s}}); err != nil {
							errs <- err
							return
						}
					}
					if _, err := st.WriteLocation(ctx, &loc); err != nil {
						errs <- err
						return
					}
					if err := st.DeleteLocation(ctx, loc.ID); err != nil {
						errs <- err
						return
					}
					if i%2 == 0 {
						if err := st.DeleteService(ctx, svc(w, i, "").ID); err != nil {
							errs <- err
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		// The follower's last reads: everything has committed now.
		time.Sleep(50 * time.Millisecond)
		close(stop)
		if err := <-followed; err != nil {
			t.Fatal(err)
		}
		all, err := st.ChangesSince(ctx, 0, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		if want := 1 + writers*each*(2+2) + writers*each/2; len(all) != want {
			t.Fatalf("%d changes in the feed, want %d", len(all), want)
		}
		var skipped []string
		for _, c := range all {
			if !seen[c.Seq] {
				skipped = append(skipped, fmt.Sprintf("%d %s %s", c.Seq, c.Op, c.Entity))
			}
		}
		if len(skipped) > 0 {
			t.Errorf("the follower skipped %d of %d committed changes, e.g. %q", len(skipped), len(all), skipped[:min(len(skipped), 5)])
		}
	})
}

// TestLenientBatchFeedsOnlyWhatItWrote: a record a lenient batch rejects after it had
// written part of itself (its organization) leaves no change in the feed, while the good
// records of the batch do.
func TestLenientBatchFeedsOnlyWhatItWrote(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		good1, good2 := sample(directory.StableID("fa")), sample(directory.StableID("fc"))
		bad := sample(directory.StableID("fb"))
		bad.Organization = &directory.Organization{ID: directory.StableID("fb-org"), Name: "Bad Org", Description: "Rolled back."}
		bad.OrganizationID = bad.Organization.ID
		bad.Attributes = []directory.Attribute{{TaxonomyTermID: directory.StableID("no-term")}}
		directory.NormalizeService(&bad)
		res := write(t, st, good1, bad, good2)
		var re *directory.RecordError
		if res[0].Err != nil || res[2].Err != nil || !errors.As(res[1].Err, &re) {
			t.Fatalf("results: %+v", res)
		}
		all, err := st.ChangesSince(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		fed := map[string]bool{}
		for _, c := range all {
			fed[c.EntityID] = true
		}
		if fed[bad.ID] || fed[bad.OrganizationID] {
			t.Errorf("the rejected record left changes in the feed: %+v", all)
		}
		if !fed[good1.ID] || !fed[good2.ID] {
			t.Errorf("the good records are missing from the feed: %+v", all)
		}
	})
}
