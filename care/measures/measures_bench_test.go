package measures

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"handoff/geo"
)

func benchData() ([]Call, []Contact) {
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	calls := make([]Call, 116_000)
	for i := range calls {
		calls[i] = Call{EncounterID: fmt.Sprintf("e%d", i), PersonID: fmt.Sprintf("p%d", r.IntN(20000)),
			At: t0.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour)))), Lat: 42.05 + r.Float64()*0.3, Lon: -72.75 + r.Float64()*0.3}
	}
	contacts := make([]Contact, 253_000)
	for i := range contacts {
		contacts[i] = Contact{PersonID: fmt.Sprintf("p%d", r.IntN(20000)), At: t0.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour))))}
	}
	return calls, contacts
}

func BenchmarkRepeatArithmetic(b *testing.B) {
	calls, contacts := benchData()
	pts := make([]orb.Point, len(calls))
	for i, c := range calls {
		pts[i] = orb.Point{c.Lon, c.Lat}
	}
	b.Run("cluster", func(b *testing.B) {
		for b.Loop() {
			geo.Cluster(pts, 75)
		}
	})
	b.Run("followed", func(b *testing.B) {
		for b.Loop() {
			FollowedUpAt(calls, contacts)
		}
	})
	b.Run("all", func(b *testing.B) {
		q := RepeatQuery{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)}
		for b.Loop() {
			RepeatLocations(q, calls, calls, nil)
		}
	})
}
