package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/directory"
	"handoff/notify"
	"handoff/store"
	"handoff/store/storetest"
)

// outboxWithWebhook registers a webhook receiver of directory changes, writes a service
// and relays the change feed: one delivery waits.
func outboxWithWebhook(t *testing.T, st *store.Store) (hookID string) {
	t.Helper()
	ctx := context.Background()
	// The feed before the receiver existed is not replayed to it.
	writeTestService(t, st, "Before the receiver")
	if _, err := st.RelayChanges(ctx, 100); err != nil {
		t.Fatal(err)
	}
	hookID = directory.NewID()
	if err := st.CreateWebhook(ctx, store.WebhookReceiver{ID: hookID, URL: "http://127.0.0.1:9/hook", Secret: notify.NewWebhookSecret(),
		Events: []notify.Kind{notify.DirectoryChanged}, Status: "active", AdminEmail: "admin@example.org", CreatedAt: time.Now()},
		store.AuditEntry{At: time.Now(), Action: "create", RecordType: "webhook", RecordID: hookID, Allowed: true}); err != nil {
		t.Fatal(err)
	}
	writeTestService(t, st, "After the receiver")
	n, err := st.RelayChanges(ctx, 100)
	if err != nil || n == 0 {
		t.Fatalf("relay: %d, %v", n, err)
	}
	return hookID
}

func writeTestService(t *testing.T, st *store.Store, name string) {
	t.Helper()
	svc := directory.Service{ID: directory.NewID(), Name: name, Status: "active",
		Organization: &directory.Organization{ID: directory.NewID(), Name: name + " org", Description: "Fixture."}}
	directory.NormalizeService(&svc)
	if _, err := st.WriteAll(context.Background(), []directory.Record{{Line: 1, Service: &svc}}); err != nil {
		t.Fatal(err)
	}
}

// TestOutboxLeaseReclaim: a worker that dies mid-send (claimed, never reported) holds
// its deliveries only until the lease ends; another worker then takes them, the attempt
// counted, and once one reports success no one claims them again.
func TestOutboxLeaseReclaim(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		outboxWithWebhook(t, st)
		q := st.Outbox(nil)
		chans := []notify.Channel{notify.Webhook}
		now := time.Now()
		a, err := q.Claim(ctx, "a", chans, now, time.Minute, 100)
		if err != nil || len(a) == 0 {
			t.Fatalf("first claim: %d, %v", len(a), err)
		}
		for _, d := range a {
			if d.Attempts != 1 || d.Event.Kind != notify.DirectoryChanged || d.Webhook.URL == "" || d.Event.Data["entity"] == "" {
				t.Fatalf("claimed: %+v", d)
			}
		}
		if b, _ := q.Claim(ctx, "b", chans, now.Add(30*time.Second), time.Minute, 100); len(b) != 0 {
			t.Fatalf("claimed under a live lease: %d", len(b))
		}
		b, err := q.Claim(ctx, "b", chans, now.Add(61*time.Second), time.Minute, 100)
		if err != nil || len(b) != len(a) || b[0].Attempts != 2 {
			t.Fatalf("after the lease ended: %d (want %d), %v", len(b), len(a), err)
		}
		for _, d := range b {
			if err := q.Succeeded(ctx, d, notify.Attempt{Worker: "b", At: now.Add(62 * time.Second)}); err != nil {
				t.Fatal(err)
			}
		}
		// Worker a wakes up late and reports a failure: the delivery stays sent.
		if err := q.Failed(ctx, a[0], notify.Attempt{Worker: "a", At: now.Add(63 * time.Second), Err: "late"}, now, false); err != nil {
			t.Fatal(err)
		}
		if c, _ := q.Claim(ctx, "c", chans, now.Add(time.Hour), time.Minute, 100); len(c) != 0 {
			t.Fatalf("a sent delivery was claimed again: %d", len(c))
		}
		d, err := st.Delivery(ctx, b[0].ID)
		if err != nil || d.Status != "sent" || len(d.History) != 2 {
			t.Fatalf("after: %+v, %v", d, err)
		}
	})
}

// TestOutboxDeadLetterAndReplay: a webhook delivery that gives up goes to the dead-letter
// list, pauses its receiver and queues an email to its admin; a replay puts it back, and
// it goes once the receiver is resumed.
func TestOutboxDeadLetterAndReplay(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		hook := outboxWithWebhook(t, st)
		q := st.Outbox(nil)
		chans := []notify.Channel{notify.Webhook, notify.Email}
		now := time.Now()
		ds, err := q.Claim(ctx, "a", []notify.Channel{notify.Webhook}, now, time.Minute, 1)
		if err != nil || len(ds) != 1 {
			t.Fatalf("claim: %d, %v", len(ds), err)
		}
		if err := q.Failed(ctx, ds[0], notify.Attempt{Worker: "a", At: now, Err: "notify: webhook receiver answered 500"}, now, true); err != nil {
			t.Fatal(err)
		}
		dead, _, err := st.Deliveries(ctx, store.DeliveryFilter{Status: "dead"}, store.Page{Number: 1, PerPage: 10})
		if err != nil || len(dead) != 1 || dead[0].ID != ds[0].ID || dead[0].LastError == "" {
			t.Fatalf("dead letters: %+v, %v", dead, err)
		}
		w, err := st.Webhook(ctx, hook)
		if err != nil || w.Status != "paused" || w.PausedReason == "" {
			t.Fatalf("the receiver: %+v, %v", w, err)
		}
		// The paused receiver's deliveries wait; its admin's email goes.
		later, err := q.Claim(ctx, "a", chans, now.Add(time.Second), time.Minute, 100)
		if err != nil || len(later) != 1 || later[0].Channel != notify.Email || later[0].Event.Kind != notify.WebhookPaused ||
			later[0].Receiver != "admin@example.org" {
			t.Fatalf("after the pause: %+v, %v", later, err)
		}
		audit := store.AuditEntry{At: now, Action: "replay", RecordType: "delivery", RecordID: ds[0].ID, Allowed: true}
		if err := st.ReplayDelivery(ctx, ds[0].ID, now.Add(2*time.Second), audit); err != nil {
			t.Fatal(err)
		}
		if err := st.ReplayDelivery(ctx, ds[0].ID, now, audit); !errors.Is(err, store.ErrConflict) {
			t.Fatalf("replaying a pending delivery: %v", err)
		}
		if err := st.ReplayDelivery(ctx, directory.NewID(), now, audit); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("replaying nothing: %v", err)
		}
		if got, _ := q.Claim(ctx, "a", []notify.Channel{notify.Webhook}, now.Add(3*time.Second), time.Minute, 100); len(got) != 0 {
			t.Fatalf("claimed while the receiver is paused: %d", len(got))
		}
		w.Status = "active"
		if err := st.UpdateWebhook(ctx, w, audit); err != nil {
			t.Fatal(err)
		}
		got, err := q.Claim(ctx, "a", []notify.Channel{notify.Webhook}, now.Add(3*time.Second), time.Minute, 100)
		// The replayed one goes, with a fresh count, beside the change that waited.
		replayed := 0
		for _, d := range got {
			if d.ID == ds[0].ID && d.Attempts == 1 {
				replayed++
			}
		}
		if err != nil || len(got) != 2 || replayed != 1 {
			t.Fatalf("after resume: %+v, %v", got, err)
		}
	})
}
