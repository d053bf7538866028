package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
	"handoff/notify"
)

// The events the care and directory writes queue (outbox.go), each inside the write's
// own transaction.

// queueReferralEvent queues the event of a live referral's move (or creation) to its
// status, if anyone is told of it: the receiving organization's chosen addresses and
// the webhooks. A referral that was just sent carries its agency link, sealed; the
// agency's answer also leaves an in-app notice for the referral's maker (unless the
// maker moved it), shown in their follow-up list.
func (c *CareStore) queueReferralEvent(ctx context.Context, tx *sqlx.Tx, ref *care.Referral, by string, at time.Time) error {
	if ref.Mode != care.ModeLive {
		return nil
	}
	kind, ok := notify.ReferralKind(string(ref.Status))
	if !ok {
		return nil
	}
	name := serviceName(ctx, tx, ref.ServiceID)
	ev := notify.Event{ID: directory.NewID(), Kind: kind, OrganizationID: ref.OrganizationID, SubjectID: ref.ID, CreatedAt: at,
		Data: map[string]string{"referral_id": ref.ID, "service_id": ref.ServiceID, "service_name": name, "status": string(ref.Status)}}
	it := outboxItem{ev: ev}
	if kind == notify.ReferralSent && ref.AgencyLinkToken != "" && c.seal != nil {
		sealed, err := c.seal.Seal(ref.AgencyLinkToken, careSealAD("outbox", ev.ID, "link"))
		if err != nil {
			return fmt.Errorf("store: seal the agency link for its notice: %w", err)
		}
		it.linkSealed = sealed
	}
	if kind.IsAnswer() && ref.CreatedBy != "" && by != ref.CreatedBy {
		// The kind and the service's name are kept, and the notice is said in its
		// reader's language when it is read; the text is its English, for the record.
		if _, err := tx.ExecContext(ctx, `INSERT INTO user_notices (id, user_id, event_id, kind, referral_id, service_name, text, created_at)
			SELECT $1, id, $2, $3, $4, $5, $6, $7 FROM users WHERE id = $8 ON CONFLICT (user_id, event_id) DO NOTHING`,
			directory.NewID(), ev.ID, string(kind), ref.ID, name, notify.AnswerNotice(notify.DefaultLanguage, kind, name), formatTime(at), ref.CreatedBy); err != nil {
			return fmt.Errorf("store: notice to the referral's maker: %w", err)
		}
	}
	if kind == notify.ReferralSent {
		// The person is texted only when they agreed to texts; whether they still do
		// (or asked not to be contacted since) is asked again when the text is sent.
		if p, err := getPerson(ctx, tx, ref.PersonID); err == nil && p.MayText() {
			it.extra = append(it.extra, outboxReceiver{notify.SMS, notify.PersonReceiver(ref.PersonID)})
		}
	}
	return enqueue(ctx, tx, it)
}

// queueFollowUpHanded tells a follow-up's new assignee, by email to their account's
// address, that a colleague handed it to them.
func queueFollowUpHanded(ctx context.Context, tx *sqlx.Tx, followUpID, assigneeID string) error {
	var email string
	if err := tx.GetContext(ctx, &email, `SELECT email FROM users WHERE id = $1`, assigneeID); err != nil {
		return fmt.Errorf("store: assignee's address: %w", err)
	}
	return enqueue(ctx, tx, outboxItem{
		ev:    notify.Event{Kind: notify.FollowUpHanded, SubjectID: followUpID, Data: map[string]string{"follow_up_id": followUpID}},
		extra: []outboxReceiver{{notify.Email, email}},
	})
}

// queueSuggestion tells the listing's organization that a problem was reported
// (listing.flagged) or an edit suggested (suggestion.waiting).
func queueSuggestion(ctx context.Context, tx *sqlx.Tx, g *directory.Suggestion) error {
	kind := notify.SuggestionWaiting
	if g.Kind == directory.SuggestionReport {
		kind = notify.ListingFlagged
	}
	return enqueue(ctx, tx, outboxItem{ev: notify.Event{Kind: kind, OrganizationID: g.OrganizationID, SubjectID: g.ID, CreatedAt: g.CreatedAt,
		Data: map[string]string{"suggestion_id": g.ID, "service_id": g.ServiceID, "service_name": serviceName(ctx, tx, g.ServiceID)}}})
}
