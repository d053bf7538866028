package seed

import (
	"context"
	"testing"
	"time"

	"handoff/store"
	"handoff/store/storetest"
)

// TestLoadAtDatesCountsBeforeNow: a demo loaded now shows bed counts taken in the day
// before now, not before the demo's fixed Friday, so that "a bed free" finds beds in a
// new demo; Load keeps the fixed times for tests.
func TestLoadAtDatesCountsBeforeNow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		if n, err := LoadAt(ctx, st, now); err != nil || n == 0 {
			t.Fatalf("LoadAt: %d, %v", n, err)
		}
		counted := 0
		for _, want := range Services() {
			s, err := st.Service(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range s.Capacities {
				at, err := time.Parse(time.RFC3339, c.Updated)
				if err != nil {
					t.Fatalf("%s: updated %q: %v", s.Name, c.Updated, err)
				}
				if at.After(now) || now.Sub(at) > 23*time.Hour {
					t.Errorf("%s: count taken at %s, want within the day before %s", s.Name, at, now)
				}
				counted++
			}
		}
		if counted == 0 {
			t.Fatal("the demo has no bed counts")
		}
	})
}
