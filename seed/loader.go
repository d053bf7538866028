package seed

import (
	"context"
	"fmt"

	"handoff/directory"
	"handoff/store"
)

// Load writes the demo directory into an empty store, all or nothing, and returns the
// number of services written. A store that already has services is left alone, so that
// demo data never mixes into a real directory.
func Load(ctx context.Context, st *store.Store) (int, error) {
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
