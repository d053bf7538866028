package measures

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"handoff/geo"
)

// benchData is a year of 116,000 calls over a 33 × 25 km region: 60% scattered, 40%
// from 4,000 addresses that call again and again, each fix within ±15 m of its
// building (a phone's error), as the store's benchmark makes them; and 253,000 contacts.
func benchData() ([]Call, []Contact) {
	r := rand.New(rand.NewPCG(1, 2))
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	hot := make([][2]float64, 4000)
	for i := range hot {
		hot[i] = [2]float64{42.05 + r.Float64()*0.3, -72.75 + r.Float64()*0.3}
	}
	calls := make([]Call, 116_000)
	for i := range calls {
		lat, lon := 42.05+r.Float64()*0.3, -72.75+r.Float64()*0.3
		if r.IntN(10) < 4 {
			h := hot[r.IntN(len(hot))]
			lat, lon = h[0]+(r.Float64()*2-1)*15/111_320, h[1]+(r.Float64()*2-1)*15/(111_320*0.74)
		}
		calls[i] = Call{EncounterID: fmt.Sprintf("e%d", i), PersonID: fmt.Sprintf("p%d", r.IntN(20000)),
			At: t0.Add(time.Duration(r.Int64N(int64(365 * 24 * time.Hour)))), Lat: lat, Lon: lon}
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
	// The former single-linkage clustering, for comparison.
	b.Run("cluster", func(b *testing.B) {
		for b.Loop() {
			geo.Cluster(pts, 75)
		}
	})
	b.Run("group", func(b *testing.B) {
		for b.Loop() {
			geo.Group(pts, nil, DefaultDiameterM)
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
