package store_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// BenchmarkServiceWrites times directory writes as the API makes them (one service per
// transaction, with its change row), by one writer and by eight at once, on every
// backend: the cost of numbering the change feed in commit order shows in the eight.
// Each write replaces one of 1,000 services, so that row locks rarely collide.
//
//	TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test ./store -run '^$' -bench BenchmarkServiceWrites -benchtime 3000x -count 3
func BenchmarkServiceWrites(b *testing.B) {
	for _, backend := range storetest.Backends(b) {
		for _, writers := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/writers=%d", backend.Name, writers), func(b *testing.B) {
				st := backend.Open(b)
				benchWrites(b, st, writers)
			})
		}
	}
}

func benchWrites(b *testing.B, st *store.Store, writers int) {
	ctx := context.Background()
	org := &directory.Organization{ID: directory.StableID("bench-org"), Name: "Bench Org", Description: "An org."}
	if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Organization: org}}); err != nil {
		b.Fatal(err)
	}
	svc := func(i int64) directory.Service {
		s := directory.Service{ID: directory.StableID("bench", fmt.Sprint(i%1000)), OrganizationID: org.ID,
			Name: fmt.Sprintf("Bench listing %d", i), Status: "active", Phones: []directory.Phone{{Number: "413-555-0100"}}}
		directory.NormalizeService(&s)
		return s
	}
	var next atomic.Int64
	b.ResetTimer()
	done := make(chan error, writers)
	for range writers {
		go func() {
			for {
				i := next.Add(1)
				if i > int64(b.N) {
					done <- nil
					return
				}
				s := svc(i)
				if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &s}}); err != nil {
					done <- err
					return
				}
			}
		}()
	}
	for range writers {
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "writes/s")
}
