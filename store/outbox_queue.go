package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
	"handoff/notify"
)

// Outbox is the delivery worker's view of the outbox (notify.Queue): it opens a sent
// referral's agency link with the data key for the notice, and nowhere else.
type Outbox struct {
	st   *Store
	seal *care.Sealer
}

var _ notify.Queue = (*Outbox)(nil)

// Outbox returns the worker's view of the outbox; sealer opens the agency links of
// referral notices (nil: the notices point at the agency portal instead).
func (s *Store) Outbox(sealer *care.Sealer) *Outbox { return &Outbox{st: s, seal: sealer} }

type claimedRow struct {
	ID         string `db:"id"`
	EventID    string `db:"event_id"`
	Channel    string `db:"channel"`
	Receiver   string `db:"receiver"`
	Attempts   int    `db:"attempts"`
	Kind       string `db:"kind"`
	Org        string `db:"organization_id"`
	Subject    string `db:"subject_id"`
	Payload    string `db:"payload"`
	LinkSealed string `db:"link_sealed"`
	CreatedAt  string `db:"created_at"`
	URL        string `db:"url"`
	Secret     string `db:"secret"`
}

// Claim leases up to limit due deliveries of the channels to worker (notify.Queue). A
// delivery is due when it is pending and its time has come, or when it is being sent
// under a lease that expired (its worker died or was stopped mid-send); a webhook's
// deliveries wait while the receiver is paused. On PostgreSQL the rows are picked with
// FOR UPDATE SKIP LOCKED, so concurrent workers (several serve instances) each take
// different ones; SQLite has one writer at a time, which does the same.
func (o *Outbox) Claim(ctx context.Context, worker string, channels []notify.Channel, now time.Time, lease time.Duration, limit int) ([]notify.Delivery, error) {
	if len(channels) == 0 {
		return nil, nil
	}
	chans := make([]string, len(channels))
	for i, c := range channels {
		chans[i] = "'" + string(c) + "'" // notify's constants, not input
	}
	lock := ""
	if o.st.dialect == Postgres {
		lock = " FOR UPDATE OF d SKIP LOCKED"
	}
	t := formatTime(now)
	var ids []string
	err := o.st.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := tx.SelectContext(ctx, &ids, `SELECT d.id FROM outbox_deliveries d
			LEFT JOIN webhooks w ON d.channel = 'webhook' AND w.id = d.receiver
			WHERE d.channel IN (`+strings.Join(chans, ", ")+`)
			AND ((d.status = 'pending' AND d.next_at <= $1) OR (d.status = 'sending' AND d.lease_until <= $1))
			AND (w.status IS NULL OR w.status = 'active')
			ORDER BY d.next_at, d.id LIMIT $2`+lock, t, limit); err != nil {
			return fmt.Errorf("store: claim deliveries: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		q, args, err := sqlx.In(`UPDATE outbox_deliveries SET status = 'sending', lease_owner = ?, lease_until = ?, attempts = attempts + 1
			WHERE id IN (?)`, worker, formatTime(now.Add(lease)), ids)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(q), args...); err != nil {
			return fmt.Errorf("store: lease deliveries: %w", err)
		}
		return nil
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	q, args, err := sqlx.In(`SELECT d.id, d.event_id, d.channel, d.receiver, d.attempts, e.kind, e.organization_id, e.subject_id,
		e.payload, e.link_sealed, e.created_at, COALESCE(w.url, '') AS url, COALESCE(w.secret, '') AS secret
		FROM outbox_deliveries d JOIN outbox_events e ON e.id = d.event_id
		LEFT JOIN webhooks w ON d.channel = 'webhook' AND w.id = d.receiver
		WHERE d.id IN (?) ORDER BY d.next_at, d.id`, ids)
	if err != nil {
		return nil, err
	}
	var rows []claimedRow
	if err := o.st.db.SelectContext(ctx, &rows, o.st.db.Rebind(q), args...); err != nil {
		return nil, fmt.Errorf("store: read claimed deliveries: %w", err)
	}
	out := make([]notify.Delivery, 0, len(rows))
	for _, r := range rows {
		d := notify.Delivery{ID: r.ID, EventID: r.EventID, Channel: notify.Channel(r.Channel), Receiver: r.Receiver, Attempts: r.Attempts,
			Event:   notify.Event{ID: r.EventID, Kind: notify.Kind(r.Kind), OrganizationID: r.Org, SubjectID: r.Subject, CreatedAt: optTime(r.CreatedAt)},
			Webhook: notify.Receiver{ID: r.Receiver, URL: r.URL, Secret: r.Secret}}
		_ = json.Unmarshal([]byte(r.Payload), &d.Event.Data)
		if r.LinkSealed != "" && o.seal != nil {
			// A link that cannot be opened (a key retired meanwhile) leaves the notice
			// pointing at the agency portal rather than failing it.
			if link, err := o.seal.Open(r.LinkSealed, careSealAD("outbox", r.EventID, "link")); err == nil {
				d.Link = link
			}
		}
		if person, ok := notify.PersonOf(r.Receiver); ok && d.Channel == notify.SMS {
			phone, lang, err := o.personPhone(ctx, person)
			if err != nil {
				return nil, err
			}
			if phone == "" {
				if err := o.skip(ctx, d.ID, now); err != nil {
					return nil, err
				}
				continue
			}
			d.Receiver, d.Person, d.Lang = phone, true, lang
		}
		out = append(out, d)
	}
	return out, nil
}

// personPhone is the number to text the person at, and the language they prefer, asked
// at the moment of sending: "" when they (their surviving record, if merged) no longer
// take texts, asked not to be contacted, have no phone, or are gone.
func (o *Outbox) personPhone(ctx context.Context, id string) (phone, lang string, err error) {
	for range 3 { // a merge points straight at the survivor; a chain is not kept
		p, err := getPerson(ctx, o.st.db, id)
		if errors.Is(err, ErrNotFound) {
			return "", "", nil
		}
		if err != nil {
			return "", "", err
		}
		if p.MergedInto == "" {
			if !p.MayText() {
				return "", "", nil
			}
			return p.Phone, p.PreferredLanguage, nil
		}
		id = p.MergedInto
	}
	return "", "", nil
}

// skip sets aside a text the person no longer takes: never sent, never retried.
func (o *Outbox) skip(ctx context.Context, id string, at time.Time) error {
	return o.st.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_deliveries SET status = 'skipped', lease_owner = '', lease_until = '',
			last_error = 'the person does not take texts' WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: skip delivery: %w", err)
		}
		return insertAttempt(ctx, tx, id, notify.Attempt{Worker: "", At: at, Err: "skipped: the person does not take texts"})
	})
}

// Succeeded marks the delivery sent, whoever holds its lease now (it went: it must not go
// again), records the attempt, and wipes the event's sealed link once every delivery
// of it has gone.
func (o *Outbox) Succeeded(ctx context.Context, d notify.Delivery, a notify.Attempt) error {
	return o.st.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_deliveries SET status = 'sent', sent_at = $2, lease_owner = '', lease_until = '',
			last_error = '' WHERE id = $1`, d.ID, formatTime(a.At.Add(a.Duration))); err != nil {
			return fmt.Errorf("store: mark delivery sent: %w", err)
		}
		if err := insertAttempt(ctx, tx, d.ID, a); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_events SET link_sealed = '' WHERE id = $1 AND link_sealed <> ''
			AND NOT EXISTS (SELECT 1 FROM outbox_deliveries WHERE event_id = $1 AND status <> 'sent')`, d.EventID); err != nil {
			return fmt.Errorf("store: wipe the notice's link: %w", err)
		}
		return nil
	})
}

// Failed records the attempt and makes the delivery due again at next, or dead. It
// changes the delivery only while the worker still holds its lease (another may have
// taken it since). A webhook delivery that dies pauses its receiver and queues an email
// to the receiver's admin.
func (o *Outbox) Failed(ctx context.Context, d notify.Delivery, a notify.Attempt, next time.Time, dead bool) error {
	status := "pending"
	if dead {
		status = "dead"
	}
	var paused bool
	err := o.st.inTx(ctx, func(tx *sqlx.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox_deliveries SET status = $3, next_at = $4, lease_owner = '', lease_until = '',
			last_error = $5 WHERE id = $1 AND status = 'sending' AND lease_owner = $2`, d.ID, a.Worker, status, formatTime(next), a.Err)
		if err != nil {
			return fmt.Errorf("store: record failed delivery: %w", err)
		}
		if err := insertAttempt(ctx, tx, d.ID, a); err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 || !dead || d.Channel != notify.Webhook {
			return nil
		}
		paused, err = pauseWebhook(ctx, tx, d.Receiver, a.At, "a delivery failed "+fmt.Sprint(d.Attempts)+" times: "+a.Err)
		return err
	})
	if paused {
		o.st.wakeOutbox()
	}
	return err
}

// pauseWebhook pauses an active receiver and queues the notice to its admin; it reports
// whether it paused it.
func pauseWebhook(ctx context.Context, tx *sqlx.Tx, id string, at time.Time, reason string) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE webhooks SET status = 'paused', paused_at = $2, paused_reason = $3 WHERE id = $1 AND status = 'active'`,
		id, formatTime(at), reason)
	if err != nil {
		return false, fmt.Errorf("store: pause webhook: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	var w struct {
		URL   string `db:"url"`
		Admin string `db:"admin_email"`
	}
	if err := tx.GetContext(ctx, &w, `SELECT url, admin_email FROM webhooks WHERE id = $1`, id); err != nil {
		return false, fmt.Errorf("store: read webhook: %w", err)
	}
	if w.Admin == "" {
		return true, nil
	}
	return true, enqueue(ctx, tx, outboxItem{ev: notify.Event{Kind: notify.WebhookPaused, SubjectID: id, CreatedAt: at,
		Data: map[string]string{"webhook_id": id, "url": w.URL}}, extra: []outboxReceiver{{notify.Email, w.Admin}}})
}

// Release gives back a claimed delivery that was not tried: due at once, the claim's
// attempt not counted.
func (o *Outbox) Release(ctx context.Context, d notify.Delivery) error {
	if _, err := o.st.db.ExecContext(ctx, `UPDATE outbox_deliveries SET status = 'pending', lease_owner = '', lease_until = '',
		attempts = attempts - 1 WHERE id = $1 AND status = 'sending'`, d.ID); err != nil {
		return fmt.Errorf("store: release delivery: %w", err)
	}
	return nil
}

func insertAttempt(ctx context.Context, tx *sqlx.Tx, deliveryID string, a notify.Attempt) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_attempts (id, delivery_id, worker, at, duration_ms, ok, error)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, directory.NewID(), deliveryID, a.Worker, formatTime(a.At), a.Duration.Milliseconds(),
		a.Err == "", a.Err); err != nil {
		return fmt.Errorf("store: record attempt: %w", err)
	}
	return nil
}
