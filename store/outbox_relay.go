package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"handoff/notify"
)

// RelayChanges moves up to limit changes of the directory's change feed into the outbox,
// as directory.changed events for the webhooks subscribed to them, and returns how many
// it read. The feed is numbered in commit order (changes_append.go), so reading it
// after a cursor misses nothing; the cursor moves in the same transaction as the
// events are written, so a change is queued once. On PostgreSQL the cursor row is locked
// with SKIP LOCKED: while one instance relays, the others skip. With no receiver
// subscribed, the cursor jumps to the feed's head: a receiver registered later hears of
// changes from then on, not of the whole history.
func (s *Store) RelayChanges(ctx context.Context, limit int) (int, error) {
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var n int
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var cursor int64
		err := tx.GetContext(ctx, &cursor, `SELECT seq FROM outbox_cursors WHERE name = 'changes'`+lock)
		if errors.Is(err, sql.ErrNoRows) {
			return nil // another instance holds it
		}
		if err != nil {
			return fmt.Errorf("store: outbox cursor: %w", err)
		}
		hooks, err := webhooksFor(ctx, tx, notify.DirectoryChanged)
		if err != nil {
			return err
		}
		if len(hooks) == 0 {
			_, err := tx.ExecContext(ctx, `UPDATE outbox_cursors SET seq = (SELECT COALESCE(MAX(seq), 0) FROM changes) WHERE name = 'changes'`)
			if err != nil {
				return fmt.Errorf("store: move outbox cursor: %w", err)
			}
			return nil
		}
		var changes []Change
		if err := tx.SelectContext(ctx, &changes, `SELECT seq, entity, entity_id, op, changed_at FROM changes WHERE seq > $1
			ORDER BY seq LIMIT $2`, cursor, limit); err != nil {
			return fmt.Errorf("store: read changes: %w", err)
		}
		for _, c := range changes {
			if err := enqueue(ctx, tx, outboxItem{ev: notify.Event{Kind: notify.DirectoryChanged, SubjectID: c.EntityID,
				CreatedAt: optTime(c.ChangedAt), Data: map[string]string{"entity": c.Entity, "entity_id": c.EntityID, "op": c.Op,
					"seq": strconv.FormatInt(c.Seq, 10), "changed_at": c.ChangedAt}}}); err != nil {
				return err
			}
			cursor = c.Seq
		}
		n = len(changes)
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_cursors SET seq = $1 WHERE name = 'changes'`, cursor); err != nil {
			return fmt.Errorf("store: move outbox cursor: %w", err)
		}
		return nil
	})
	return n, err
}
