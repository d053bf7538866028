package main

import (
	"context"
	"io"
	"testing"

	"handoff/store/storetest"
)

// BenchmarkReimportSQLite imports 2,000 generated services into a store that holds them
// already: every record is an update, the costliest case of the listing history (each
// record is loaded before and after its write, to say which fields changed).
func BenchmarkReimportSQLite(b *testing.B) {
	path := benchFile(b, 2000)
	st := storetest.SQLite(b)
	if _, err := importFiles(context.Background(), st, []string{path}, false, io.Discard); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		sum, err := importFiles(context.Background(), st, []string{path}, false, io.Discard)
		if err != nil || sum.Rejected > 0 {
			b.Fatalf("%+v %v", sum, err)
		}
		n += sum.Updated
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "services/s")
}
