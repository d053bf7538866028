package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
	"handoff/notify"
)

// The outbox (notify): every event someone must hear about is written by the write that
// makes it happen, in its transaction, with one delivery per receiver, so that a change
// never commits without its notices nor a notice goes out for a change rolled back.

// outboxItem is an event to write with its transaction, and whom besides its
// organization's notice addresses and the webhooks it goes to.
type outboxItem struct {
	ev notify.Event
	// extra are receivers named by the write itself (a follow-up's new assignee).
	extra []outboxReceiver
	// linkSealed is the referral's agency link token, sealed (outbox_events.link_sealed).
	linkSealed string
}

type outboxReceiver struct {
	channel notify.Channel
	address string
}

// enqueue writes the event and its deliveries inside tx: the organization's notice
// addresses that chose the kind, the webhooks subscribed to it, and the item's extra
// receivers. An event no one is to hear of is not written.
func enqueue(ctx context.Context, tx *sqlx.Tx, it outboxItem) error {
	ev := it.ev
	if ev.ID == "" {
		ev.ID = directory.NewID()
	}
	if ev.CreatedAt.IsZero() {
		ev.CreatedAt = time.Now()
	}
	receivers, err := outboxReceivers(ctx, tx, ev)
	if err != nil {
		return err
	}
	receivers = append(receivers, it.extra...)
	if len(receivers) == 0 {
		return nil
	}
	payload, err := json.Marshal(ev.Data)
	if err != nil {
		return fmt.Errorf("store: outbox payload: %w", err)
	}
	at := formatTime(ev.CreatedAt)
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_events (id, kind, organization_id, subject_id, payload, link_sealed, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, ev.ID, string(ev.Kind), ev.OrganizationID, ev.SubjectID, string(payload), it.linkSealed, at); err != nil {
		return fmt.Errorf("store: outbox event: %w", err)
	}
	for _, r := range receivers {
		// The unique key (event, channel, receiver) keeps one delivery per receiver, even
		// when an address is both chosen by the organization and named by the write.
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_deliveries (id, event_id, channel, receiver, next_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (event_id, channel, receiver) DO NOTHING`,
			directory.NewID(), ev.ID, string(r.channel), r.address, at); err != nil {
			return fmt.Errorf("store: outbox delivery: %w", err)
		}
	}
	return nil
}

// outboxReceivers are the organization's notice addresses that chose the event's kind
// and the webhooks subscribed to it.
func outboxReceivers(ctx context.Context, tx *sqlx.Tx, ev notify.Event) ([]outboxReceiver, error) {
	var out []outboxReceiver
	if ev.OrganizationID != "" {
		var rows []struct {
			Channel string `db:"channel"`
			Address string `db:"address"`
			Events  string `db:"events"`
		}
		if err := tx.SelectContext(ctx, &rows, `SELECT channel, address, events FROM notice_addresses WHERE organization_id = $1
			ORDER BY channel, address`, ev.OrganizationID); err != nil {
			return nil, fmt.Errorf("store: notice addresses: %w", err)
		}
		for _, r := range rows {
			if notify.ParseKinds(r.Events).Has(ev.Kind) {
				out = append(out, outboxReceiver{notify.Channel(r.Channel), r.Address})
			}
		}
	}
	hooks, err := webhooksFor(ctx, tx, ev.Kind)
	if err != nil {
		return nil, err
	}
	for _, id := range hooks {
		out = append(out, outboxReceiver{notify.Webhook, id})
	}
	return out, nil
}

// webhooksFor returns the ids of the webhooks subscribed to kind, paused ones included
// (their deliveries wait until they are resumed).
func webhooksFor(ctx context.Context, q sqlx.QueryerContext, kind notify.Kind) ([]string, error) {
	var rows []struct {
		ID     string `db:"id"`
		Events string `db:"events"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT id, events FROM webhooks ORDER BY id`); err != nil {
		return nil, fmt.Errorf("store: webhooks: %w", err)
	}
	var out []string
	for _, r := range rows {
		if notify.ParseKinds(r.Events).Has(kind) {
			out = append(out, r.ID)
		}
	}
	return out, nil
}

// serviceName is a service's public name, for a notice ("" when it is gone).
func serviceName(ctx context.Context, tx *sqlx.Tx, id string) string {
	var name string
	if err := tx.GetContext(ctx, &name, `SELECT name FROM services WHERE id = $1`, id); err != nil {
		return ""
	}
	return name
}

// SetOutboxWake sets what a write that queued deliveries calls after it commits (the
// delivery worker's Wake), so that a notice leaves at once rather than at the next poll.
func (s *Store) SetOutboxWake(fn func()) {
	if s.wake != nil {
		s.wake.Store(&fn)
	}
}

func (s *Store) wakeOutbox() {
	if s.wake == nil {
		return
	}
	if fn := s.wake.Load(); fn != nil && *fn != nil {
		(*fn)()
	}
}
