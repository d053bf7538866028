package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/notify"
)

// WebhookReceiver is a registered webhook receiver; its secret is never read back.
type WebhookReceiver struct {
	ID           string        `json:"id"`
	URL          string        `json:"url"`
	Events       []notify.Kind `json:"events"`
	Status       string        `json:"status"`
	PausedAt     time.Time     `json:"paused_at,omitzero"`
	PausedReason string        `json:"paused_reason,omitempty"`
	AdminEmail   string        `json:"admin_email,omitempty"`
	CreatedBy    string        `json:"created_by,omitempty"`
	CreatedAt    time.Time     `json:"created_at"`
	// Secret is set only on the answer that registers the receiver.
	Secret string `json:"secret,omitempty"`
}

type webhookRow struct {
	ID           string `db:"id"`
	URL          string `db:"url"`
	Events       string `db:"events"`
	Status       string `db:"status"`
	PausedAt     string `db:"paused_at"`
	PausedReason string `db:"paused_reason"`
	AdminEmail   string `db:"admin_email"`
	CreatedBy    string `db:"created_by"`
	CreatedAt    string `db:"created_at"`
}

const webhookCols = `id, url, events, status, paused_at, paused_reason, admin_email, created_by, created_at`

func (r webhookRow) receiver() WebhookReceiver {
	w := WebhookReceiver{ID: r.ID, URL: r.URL, Events: notify.ParseKinds(r.Events), Status: r.Status, PausedAt: optTime(r.PausedAt),
		PausedReason: r.PausedReason, AdminEmail: r.AdminEmail, CreatedBy: r.CreatedBy, CreatedAt: optTime(r.CreatedAt)}
	if w.Events == nil {
		w.Events = []notify.Kind{}
	}
	return w
}

// Webhooks lists the registered receivers, oldest first.
func (s *Store) Webhooks(ctx context.Context) ([]WebhookReceiver, error) {
	var rows []webhookRow
	if err := s.db.SelectContext(ctx, &rows, `SELECT `+webhookCols+` FROM webhooks ORDER BY created_at, id`); err != nil {
		return nil, fmt.Errorf("store: webhooks: %w", err)
	}
	out := make([]WebhookReceiver, len(rows))
	for i, r := range rows {
		out[i] = r.receiver()
	}
	return out, nil
}

// Webhook loads one receiver, or ErrNotFound.
func (s *Store) Webhook(ctx context.Context, id string) (WebhookReceiver, error) {
	var r webhookRow
	err := s.db.GetContext(ctx, &r, `SELECT `+webhookCols+` FROM webhooks WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return WebhookReceiver{}, ErrNotFound
	}
	if err != nil {
		return WebhookReceiver{}, fmt.Errorf("store: load webhook: %w", err)
	}
	return r.receiver(), nil
}

// CreateWebhook registers a receiver (validated by the caller) with its secret, and
// the audit row, in one transaction.
func (s *Store) CreateWebhook(ctx context.Context, w WebhookReceiver, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO webhooks (id, url, secret, events, status, admin_email, created_by, created_at)
			VALUES ($1, $2, $3, $4, 'active', $5, $6, $7)`, w.ID, w.URL, w.Secret, notify.Kinds(w.Events).String(), w.AdminEmail,
			w.CreatedBy, formatTime(w.CreatedAt)); err != nil {
			return fmt.Errorf("store: create webhook: %w", err)
		}
		if err := startFeedIfIdle(ctx, tx, w.ID, w.Events); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// UpdateWebhook saves a receiver's URL, events, admin address and status (validated by
// the caller); resuming a paused one clears why it was paused, and its waiting
// deliveries go at once. ErrNotFound for no such receiver.
func (s *Store) UpdateWebhook(ctx context.Context, w WebhookReceiver, audit AuditEntry) error {
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var was string
		if err := tx.GetContext(ctx, &was, `SELECT events FROM webhooks WHERE id = $1`, w.ID); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return fmt.Errorf("store: read webhook: %w", err)
		}
		// A receiver that took directory changes already keeps its place in the feed.
		if !notify.ParseKinds(was).Has(notify.DirectoryChanged) {
			if err := startFeedIfIdle(ctx, tx, w.ID, w.Events); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, `UPDATE webhooks SET url = $2, events = $3, admin_email = $4, status = $5,
			paused_at = CASE WHEN $5 = 'active' THEN '' WHEN status = 'active' THEN $6 ELSE paused_at END,
			paused_reason = CASE WHEN $5 = 'active' THEN '' WHEN status = 'active' THEN 'paused by an admin' ELSE paused_reason END
			WHERE id = $1`, w.ID, w.URL, notify.Kinds(w.Events).String(), w.AdminEmail, w.Status, formatTime(time.Now()))
		if err != nil {
			return fmt.Errorf("store: update webhook: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return insertAudit(ctx, tx, audit)
	})
	if err == nil {
		s.wakeOutbox()
	}
	return err
}

// startFeedIfIdle moves the relay's cursor to the change feed's head when the receiver
// id (created, or updated to events) takes directory changes and no other receiver
// did: the relay skips the feed while no one listens, and a receiver hears of changes
// from its registration on, not of the directory's whole history.
func startFeedIfIdle(ctx context.Context, tx *sqlx.Tx, id string, events []notify.Kind) error {
	if !notify.Kinds(events).Has(notify.DirectoryChanged) {
		return nil
	}
	others, err := webhooksFor(ctx, tx, notify.DirectoryChanged)
	if err != nil {
		return err
	}
	for _, o := range others {
		if o != id {
			return nil
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE outbox_cursors SET seq = (SELECT COALESCE(MAX(seq), 0) FROM changes) WHERE name = 'changes'`); err != nil {
		return fmt.Errorf("store: start the change relay: %w", err)
	}
	return nil
}

// DeleteWebhook removes a receiver; its deliveries not yet sent are dropped with it
// (their history stays for the sent ones). ErrNotFound for no such receiver.
func (s *Store) DeleteWebhook(ctx context.Context, id string, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM webhooks WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("store: delete webhook: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM outbox_deliveries WHERE channel = 'webhook' AND receiver = $1 AND status <> 'sent'`, id); err != nil {
			return fmt.Errorf("store: drop webhook deliveries: %w", err)
		}
		return insertAudit(ctx, tx, audit)
	})
}
