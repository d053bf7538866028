package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"

	"handoff/store"
	"handoff/store/storetest"
)

// TestIsUnavailable: a closed pool is an outage on both databases; a query the database
// refuses, a missing row and a request given up by its client are not.
func TestIsUnavailable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		_, err := st.DB().ExecContext(ctx, "SELECT no_such_column FROM users")
		if err == nil || store.IsUnavailable(err) {
			t.Errorf("a bad query: %v counted as an outage", err)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		if err := st.Ping(cancelled); err == nil || store.IsUnavailable(err) {
			t.Errorf("a cancelled request: %v counted as an outage", err)
		}
		st.DB().Close()
		err = st.Ping(ctx)
		if !store.IsUnavailable(fmt.Errorf("wrapped: %w", err)) {
			t.Errorf("a closed pool: %v not counted as an outage", err)
		}
	})
	for _, err := range []error{nil, sql.ErrNoRows, errors.New("some bug")} {
		if store.IsUnavailable(err) {
			t.Errorf("%v counted as an outage", err)
		}
	}
}
