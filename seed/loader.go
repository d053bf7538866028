package seed

import (
	"context"
	"fmt"
	"time"

	"handoff/directory"
	"handoff/store"
)

// Load writes the demo directory into an empty store, all or nothing, and returns the
// number of services written. A store that already has services is left alone, so that
// demo data never mixes into a real directory.
func Load(ctx context.Context, st *store.Store) (int, error) {
	return load(ctx, st, nil)
}

// LoadAt is Load for a demo that people will use now: the bed counts read as taken in the
// day before now instead of before the demo's fixed Friday afternoon, so that a new demo
// shows current counts (and, like real data, tells their age as they grow old). Load keeps
// the fixed times, which tests rely on.
func LoadAt(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	shift := now.Sub(demoCapacityTime)
	return load(ctx, st, func(s *directory.Service) {
		for i := range s.Capacities {
			c := &s.Capacities[i]
			if t, err := time.Parse(time.RFC3339, c.Updated); err == nil {
				c.Updated = t.Add(shift).UTC().Format(time.RFC3339)
			}
		}
	})
}

func load(ctx context.Context, st *store.Store, adjust func(*directory.Service)) (int, error) {
	n, err := st.CountServices(ctx)
	if err != nil {
		return 0, fmt.Errorf("seed: count services: %w", err)
	}
	if n > 0 {
		return 0, nil
	}
	svcs := Services()
	recs := make([]directory.Record, len(svcs))
	for i := range svcs {
		if adjust != nil {
			adjust(&svcs[i])
		}
		directory.NormalizeService(&svcs[i])
		if chk := directory.ValidateService(&svcs[i]); len(chk.Errors) > 0 {
			return 0, fmt.Errorf("seed: demo service %s is invalid: %v", svcs[i].ID, chk.Errors)
		}
		recs[i] = directory.Record{Line: i + 1, Service: &svcs[i]}
	}
	if _, err := st.WriteAll(ctx, recs); err != nil {
		return 0, fmt.Errorf("seed: write demo directory: %w", err)
	}
	return len(svcs), nil
}
