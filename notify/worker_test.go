package notify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"handoff/directory"
	"handoff/notify"
	"handoff/store"
	"handoff/store/storetest"
)

// TestWorkerDrainsOnShutdown: when serve stops (its context ends) while a delivery is
// being sent, the worker finishes that send, records it as sent, and only then returns,
// so that the store closes after and the delivery does not go again.
func TestWorkerDrainsOnShutdown(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		started := make(chan struct{})
		var once sync.Once
		recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			once.Do(func() { close(started) })
			time.Sleep(700 * time.Millisecond) // a slow receiver: the send is under way at shutdown
			w.WriteHeader(http.StatusNoContent)
		}))
		defer recv.Close()
		hook := directory.NewID()
		if err := st.CreateWebhook(ctx, store.WebhookReceiver{ID: hook, URL: recv.URL, Secret: notify.NewWebhookSecret(),
			Events: []notify.Kind{notify.DirectoryChanged}, Status: "active", CreatedAt: time.Now()},
			store.AuditEntry{At: time.Now(), Action: "create", RecordType: "webhook", RecordID: hook, Allowed: true}); err != nil {
			t.Fatal(err)
		}
		o := directory.Organization{ID: directory.NewID(), Name: "Drain test organization", Description: "Fixture."}
		if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Organization: &o}}); err != nil {
			t.Fatal(err)
		}
		w := &notify.Worker{Queue: st.Outbox(nil), Name: "draining", Webhooks: &notify.WebhookSender{}, Poll: 20 * time.Millisecond,
			Relay: func(ctx context.Context) (int, error) { return st.RelayChanges(ctx, 100) }}
		runCtx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); w.Run(runCtx) }()
		select {
		case <-started:
		case <-time.After(15 * time.Second):
			t.Fatal("the delivery never started")
		}
		stop()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Fatal("the worker did not return after shutdown")
		}
		ds, _, err := st.Deliveries(ctx, store.DeliveryFilter{Receiver: hook}, store.Page{Number: 1, PerPage: 10})
		if err != nil || len(ds) != 1 || ds[0].Status != "sent" || len(ds[0].History) != 1 || !ds[0].History[0].OK {
			t.Fatalf("after shutdown: %+v, %v", ds, err)
		}
	})
}
