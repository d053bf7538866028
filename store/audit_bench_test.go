package store_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"handoff/store"
	"handoff/store/storetest"
)

// BenchmarkAppendAudit times audit rows written one transaction each, as the API writes
// a read's row, by one writer and by eight at once, on every backend: the cost of
// chaining the rows (a lock and a read of the last hash) shows in the eight.
//
//	TEST_DATABASE_URL='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' \
//	  go test ./store -run '^$' -bench BenchmarkAppendAudit -benchtime 2000x -count 3
func BenchmarkAppendAudit(b *testing.B) {
	for _, backend := range storetest.Backends(b) {
		for _, writers := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/writers=%d", backend.Name, writers), func(b *testing.B) {
				st := backend.Open(b)
				ctx := context.Background()
				var n atomic.Int64
				b.ResetTimer()
				var wg sync.WaitGroup
				for range writers {
					wg.Go(func() {
						for i := n.Add(1); i <= int64(b.N); i = n.Add(1) {
							if err := st.AppendAudit(ctx, store.AuditEntry{UserID: "u", Role: "peer", Action: "read",
								RecordType: "person", RecordID: fmt.Sprint(i), Allowed: true}); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
			})
		}
	}
}
