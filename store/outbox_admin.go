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

// What admins see and do with the outbox: the deliveries with their attempts, the
// dead-letter list and its replay.

// OutboxDelivery is a delivery as the admin page lists it: what, to whom, how it went.
type OutboxDelivery struct {
	ID        string          `json:"id" db:"id"`
	EventID   string          `json:"event_id" db:"event_id"`
	Kind      string          `json:"kind" db:"kind"`
	Channel   string          `json:"channel" db:"channel"`
	Receiver  string          `json:"receiver" db:"receiver"`
	Status    string          `json:"status" db:"status"`
	Attempts  int             `json:"attempts" db:"attempts"`
	NextAt    string          `json:"next_at,omitempty" db:"next_at"`
	LastError string          `json:"last_error,omitempty" db:"last_error"`
	SentAt    string          `json:"sent_at,omitempty" db:"sent_at"`
	CreatedAt string          `json:"created_at" db:"created_at"`
	History   []OutboxAttempt `json:"history,omitempty" db:"-"`
}

// OutboxAttempt is one try at a delivery.
type OutboxAttempt struct {
	At         string `json:"at" db:"at"`
	Worker     string `json:"worker" db:"worker"`
	DurationMS int64  `json:"duration_ms" db:"duration_ms"`
	OK         bool   `json:"ok" db:"ok"`
	Error      string `json:"error,omitempty" db:"error"`
}

// DeliveryFilter narrows the list of deliveries; empty fields do not.
type DeliveryFilter struct {
	Status   string
	Channel  string
	Receiver string
	Kind     string
}

const deliveryCols = `d.id, d.event_id, e.kind, d.channel, d.receiver, d.status, d.attempts, d.next_at, d.last_error, d.sent_at, d.created_at`

// Deliveries lists deliveries, newest first, a page at a time, each with its attempts.
func (s *Store) Deliveries(ctx context.Context, f DeliveryFilter, p Page) ([]OutboxDelivery, int, error) {
	var c conds
	c.eq("d.status", f.Status)
	c.eq("d.channel", f.Channel)
	c.eq("d.receiver", f.Receiver)
	c.eq("e.kind", f.Kind)
	where, args := c.where()
	rows, total, err := selectPage[OutboxDelivery](ctx, s.db, listQuery{what: "deliveries",
		from: `outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id`, cols: deliveryCols, where: where, args: args,
		order: "d.created_at DESC, d.id"}, p)
	if err != nil {
		return nil, 0, err
	}
	for i := range rows {
		if rows[i].History, err = s.deliveryAttempts(ctx, rows[i].ID); err != nil {
			return nil, 0, err
		}
	}
	return rows, total, nil
}

func (s *Store) deliveryAttempts(ctx context.Context, id string) ([]OutboxAttempt, error) {
	out := []OutboxAttempt{}
	if err := s.db.SelectContext(ctx, &out, `SELECT at, worker, duration_ms, ok, error FROM outbox_attempts WHERE delivery_id = $1
		ORDER BY at, id`, id); err != nil {
		return nil, fmt.Errorf("store: delivery attempts: %w", err)
	}
	return out, nil
}

// Delivery loads one delivery with its attempts, or ErrNotFound.
func (s *Store) Delivery(ctx context.Context, id string) (OutboxDelivery, error) {
	var d OutboxDelivery
	err := s.db.GetContext(ctx, &d, `SELECT `+deliveryCols+` FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id
		WHERE d.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: load delivery: %w", err)
	}
	d.History, err = s.deliveryAttempts(ctx, id)
	return d, err
}

// ReplayDelivery puts a dead delivery back in the queue, due at once with a fresh set
// of attempts; its history stays. ErrNotFound for no such delivery, ErrConflict for one
// that is not dead (it is still being tried, or it went). audit is written in the same
// transaction.
func (s *Store) ReplayDelivery(ctx context.Context, id string, at time.Time, audit AuditEntry) error {
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox_deliveries SET status = 'pending', attempts = 0, next_at = $2, last_error = ''
			WHERE id = $1 AND status = 'dead'`, id, formatTime(at))
		if err != nil {
			return fmt.Errorf("store: replay delivery: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var status string
			err := tx.GetContext(ctx, &status, `SELECT status FROM outbox_deliveries WHERE id = $1`, id)
			if errors.Is(err, sql.ErrNoRows) {
				return ErrNotFound
			}
			if err != nil {
				return fmt.Errorf("store: find delivery: %w", err)
			}
			return ErrConflict
		}
		return insertAudit(ctx, tx, audit)
	})
	if err == nil {
		s.wakeOutbox()
	}
	return err
}

// NoticeAddress is one of an organization's notice addresses (email) or numbers (sms),
// with the events it wants.
type NoticeAddress struct {
	ID             string        `json:"id"`
	OrganizationID string        `json:"organization_id"`
	Channel        string        `json:"channel"`
	Address        string        `json:"address"`
	Events         []notify.Kind `json:"events"`
	CreatedAt      time.Time     `json:"created_at"`
}

// NoticeAddresses lists an organization's notice addresses.
func (s *Store) NoticeAddresses(ctx context.Context, orgID string) ([]NoticeAddress, error) {
	var rows []struct {
		ID        string `db:"id"`
		Channel   string `db:"channel"`
		Address   string `db:"address"`
		Events    string `db:"events"`
		CreatedAt string `db:"created_at"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT id, channel, address, events, created_at FROM notice_addresses
		WHERE organization_id = $1 ORDER BY channel, address`, orgID); err != nil {
		return nil, fmt.Errorf("store: notice addresses: %w", err)
	}
	out := make([]NoticeAddress, len(rows))
	for i, r := range rows {
		out[i] = NoticeAddress{ID: r.ID, OrganizationID: orgID, Channel: r.Channel, Address: r.Address,
			Events: notify.ParseKinds(r.Events), CreatedAt: optTime(r.CreatedAt)}
		if out[i].Events == nil {
			out[i].Events = []notify.Kind{}
		}
	}
	return out, nil
}

// SetNoticeAddresses replaces an organization's notice addresses with as (validated by
// the caller), in one transaction with its audit row. ErrNotFound: no such organization.
func (s *Store) SetNoticeAddresses(ctx context.Context, orgID string, as []NoticeAddress, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var one int
		if err := tx.GetContext(ctx, &one, `SELECT 1 FROM organizations WHERE id = $1`, orgID); errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return fmt.Errorf("store: find organization: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM notice_addresses WHERE organization_id = $1`, orgID); err != nil {
			return fmt.Errorf("store: clear notice addresses: %w", err)
		}
		for _, a := range as {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notice_addresses (id, organization_id, channel, address, events, created_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, a.ID, orgID, a.Channel, a.Address, notify.Kinds(a.Events).String(),
				formatTime(a.CreatedAt)); err != nil {
				return fmt.Errorf("store: notice address: %w", err)
			}
		}
		return insertAudit(ctx, tx, audit)
	})
}

// UserNotice is an in-app notice: the agency's answer to a referral, in its maker's
// follow-up list.
type UserNotice struct {
	ID         string `json:"id" db:"id"`
	Kind       string `json:"kind" db:"kind"`
	ReferralID string `json:"referral_id,omitempty" db:"referral_id"`
	// ServiceName is the service's public name when the agency answered: with Kind, what
	// the notice is said from, in its reader's language (notify.AnswerNotice).
	ServiceName string `json:"-" db:"service_name"`
	// Text is the notice in English as it was written; the API says it again in the
	// reader's language.
	Text      string `json:"text" db:"text"`
	CreatedAt string `json:"created_at" db:"created_at"`
	ReadAt    string `json:"read_at,omitempty" db:"read_at"`
}

// UserNotices lists a user's notices, newest first (unread only when asked), at most 100.
func (s *Store) UserNotices(ctx context.Context, userID string, unread bool) ([]UserNotice, error) {
	q := `SELECT id, kind, referral_id, service_name, text, created_at, read_at FROM user_notices WHERE user_id = $1`
	if unread {
		q += ` AND read_at = ''`
	}
	out := []UserNotice{}
	if err := s.db.SelectContext(ctx, &out, q+` ORDER BY created_at DESC, id LIMIT 100`, userID); err != nil {
		return nil, fmt.Errorf("store: notices: %w", err)
	}
	return out, nil
}

// MarkNoticeRead marks one of the user's notices read; another user's is ErrNotFound.
func (s *Store) MarkNoticeRead(ctx context.Context, userID, id string, at time.Time) error {
	res, err := s.db.ExecContext(ctx, `UPDATE user_notices SET read_at = $3 WHERE id = $1 AND user_id = $2 AND read_at = ''`,
		id, userID, formatTime(at))
	if err != nil {
		return fmt.Errorf("store: mark notice read: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		var one int
		if err := s.db.GetContext(ctx, &one, `SELECT 1 FROM user_notices WHERE id = $1 AND user_id = $2`, id, userID); err != nil {
			return ErrNotFound
		}
	}
	return nil
}
