package measures

import (
	"testing"
	"time"

	"handoff/care/measures/deid"
)

// BenchmarkRepeatDeid is the de-identification of a year's repeat-location report (the
// 116,000 calls of benchData): building its tables and relations, suppressing, and
// encoding JSON and CSV.
func BenchmarkRepeatDeid(b *testing.B) {
	calls, _ := benchData()
	q := RepeatQuery{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
	r := RepeatLocations(q, calls, calls, nil)
	b.Logf("%d places", len(r.Places))
	for b.Loop() {
		rep := r.Deid(time.UTC)
		deid.Rule{Min: deid.DefaultMin}.Apply(rep)
		if _, err := rep.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
		if err := rep.WriteCSV(discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
