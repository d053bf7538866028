package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// purgeOutboxOf deletes what the outbox keeps of the records ids (referrals or follow-ups
// being purged or erased): their events with every delivery and attempt — a text's
// delivery names its person (person:<id>) — and the in-app notices of their answers. The
// events are content-free, but they tie a record that no longer exists to when and to
// whom it was sent; what is gone from the record goes from the outbox too.
func purgeOutboxOf(ctx context.Context, tx *sqlx.Tx, ids []string) error {
	for _, q := range []string{
		`DELETE FROM outbox_attempts WHERE delivery_id IN (SELECT d.id FROM outbox_deliveries d
			JOIN outbox_events e ON e.id = d.event_id WHERE e.subject_id IN (%s))`,
		`DELETE FROM outbox_deliveries WHERE event_id IN (SELECT id FROM outbox_events WHERE subject_id IN (%s))`,
		`DELETE FROM outbox_events WHERE subject_id IN (%s)`,
		`DELETE FROM user_notices WHERE referral_id IN (%s)`,
	} {
		if _, err := execIn(ctx, tx, q, ids); err != nil {
			return fmt.Errorf("delete the outbox's rows: %w", err)
		}
	}
	return nil
}
