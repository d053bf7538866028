package search

import (
	"context"
	"testing"
	"time"

	"handoff/directory"
	"handoff/seed"
)

// BenchmarkRebuild builds a whole index over the demo directory: with BenchmarkBuildDocs,
// the cost of finding each located document's zone through the time-zone boundaries.
// The boundary finder is built once per process, before the timer.
func BenchmarkRebuild(b *testing.B) {
	directory.ZoneName("", -72.6, 42.2, true)
	svcs := seed.Services()
	b.ReportAllocs()
	for b.Loop() {
		e, err := Open(Options{Dir: b.TempDir() + "/index", Now: func() time.Time { return demoNow }})
		if err != nil {
			b.Fatal(err)
		}
		if err := e.Rebuild(context.Background(), newMemFeed(svcs), nil); err != nil {
			b.Fatal(err)
		}
		e.Close()
	}
}
