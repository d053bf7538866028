package api_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"handoff/api"
	"handoff/internal/smtptest"
	"handoff/notify"
	"handoff/store"
	"handoff/store/storetest"
)

// hookReceiver is a webhook receiver: it verifies each delivery's signature with the
// Standard Webhooks library and keeps the verified ones; while fail is above zero it
// answers 503 (and counts down).
type hookReceiver struct {
	*httptest.Server
	secret string
	// fail counts down the refusals still to give deliveries of type failType.
	fail     atomic.Int32
	failType atomic.Value
	mu       sync.Mutex
	got      []hookDelivery
	tries    map[string]int // webhook-id → requests, failed ones included
	bad      int
}

type hookDelivery struct {
	ID   string
	Body notify.WebhookBody
}

func newHookReceiver(t *testing.T) *hookReceiver {
	h := &hookReceiver{tries: map[string]int{}}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		id := r.Header.Get("webhook-id")
		h.tries[id]++
		wh, err := standardwebhooks.NewWebhook(h.secret)
		if err == nil {
			err = wh.Verify(body, r.Header)
		}
		if err != nil {
			h.bad++
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var b notify.WebhookBody
		if err := json.Unmarshal(body, &b); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		if ft, _ := h.failType.Load().(notify.Kind); ft == b.Type && h.fail.Load() > 0 {
			h.fail.Add(-1)
			http.Error(w, "down for a moment", http.StatusServiceUnavailable)
			return
		}
		h.got = append(h.got, hookDelivery{ID: id, Body: b})
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hookReceiver) deliveries() []hookDelivery {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookDelivery(nil), h.got...)
}

// waitFor waits until the receiver holds a delivery that ok accepts.
func (h *hookReceiver) waitFor(t *testing.T, what string, ok func(hookDelivery) bool) hookDelivery {
	t.Helper()
	for end := time.Now().Add(15 * time.Second); time.Now().Before(end); time.Sleep(30 * time.Millisecond) {
		for _, d := range h.deliveries() {
			if ok(d) {
				return d
			}
		}
	}
	t.Fatalf("the receiver never got %s; it got %+v", what, h.deliveries())
	return hookDelivery{}
}

// TestWebhooks is acceptance 3: a receiver registered by an admin gets each directory
// change and each referral event once, signed (verified with the Standard Webhooks
// library); a delivery it refuses is retried with backoff under the same webhook-id
// until it takes it; a receiver that keeps failing is paused and its admin emailed; a
// replay from the dead-letter list, once it is resumed, arrives once.
func TestWebhooks(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{PublicURL: outboxTestBase})
			ctx := context.Background()
			h := newHookReceiver(t)
			var w store.WebhookReceiver
			f.must(201, accReq{method: "POST", path: "/api/v1/webhooks", who: "admin", body: map[string]any{
				"url": h.URL + "/handoff", "events": []string{"directory.changed", "referral.sent", "referral.accepted"}}}).json(t, &w)
			if !strings.HasPrefix(w.Secret, "whsec_") || w.AdminEmail != f.users["admin"].Email {
				t.Fatalf("registered: %+v", w)
			}
			h.secret = w.Secret
			var listed struct{ Items []map[string]any }
			f.must(200, accReq{method: "GET", path: "/api/v1/webhooks", who: "admin"}).json(t, &listed)
			if len(listed.Items) != 1 || listed.Items[0]["secret"] != nil {
				t.Fatalf("the list shows the secret: %+v", listed.Items)
			}
			f.must(400, accReq{method: "POST", path: "/api/v1/webhooks", who: "admin", body: map[string]any{
				"url": "ftp://x", "events": []string{"followup.handed"}}})

			smtp := smtptest.Start(t)
			wk := f.outboxWorker(smtp, "worker-1")
			runWorker(t, f.st, wk)

			// A directory change: an admin edits organization A's service.
			f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "admin", body: map[string]string{"description": "Open Saturdays too."}})
			change := h.waitFor(t, "the service's change", func(d hookDelivery) bool {
				return d.Body.Type == notify.DirectoryChanged && d.Body.Data["entity"] == "service" && d.Body.Data["entity_id"] == f.svcA
			})
			if change.Body.Data["op"] != "update" || change.Body.Data["seq"] == "" || change.ID == "" || change.Body.Data["event_id"] != change.ID {
				t.Errorf("the change: %+v", change)
			}

			// Referral events; the first delivery of the sent one is refused twice.
			h.failType.Store(notify.ReferralSent)
			h.fail.Store(2)
			r := f.sendLiveReferral("Hook Person")
			sent := h.waitFor(t, "referral.sent", func(d hookDelivery) bool {
				return d.Body.Type == notify.ReferralSent && d.Body.Data["referral_id"] == r.ID
			})
			f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
			h.waitFor(t, "referral.accepted", func(d hookDelivery) bool {
				return d.Body.Type == notify.ReferralAccepted && d.Body.Data["referral_id"] == r.ID
			})
			for k, v := range sent.Body.Data {
				if strings.Contains(v, "Hook") || strings.Contains(v, "555-0142") || strings.Contains(v, "5550142") || strings.Contains(v, "/r/hl_") || k == "note" {
					t.Errorf("the webhook carries %s=%q", k, v)
				}
			}
			time.Sleep(400 * time.Millisecond)
			h.mu.Lock()
			tries, bad := h.tries[sent.ID], h.bad
			h.mu.Unlock()
			if tries != 3 || bad != 0 {
				t.Errorf("the refused delivery was tried %d times (want 3: two refusals, then taken), %d bad signatures", tries, bad)
			}
			seen := map[string]int{}
			for _, d := range h.deliveries() {
				seen[d.ID]++
			}
			for id, n := range seen {
				if n != 1 {
					t.Errorf("webhook-id %s arrived %d times", id, n)
				}
			}
			var history []store.OutboxDelivery
			var page struct{ Items []store.OutboxDelivery }
			f.must(200, accReq{method: "GET", path: "/api/v1/outbox?channel=webhook&kind=referral.sent", who: "admin"}).json(t, &page)
			history = page.Items
			if len(history) != 1 || history[0].Status != "sent" || len(history[0].History) != 3 || history[0].History[0].OK || !history[0].History[2].OK ||
				!strings.Contains(history[0].History[0].Error, "503") {
				t.Errorf("the referral.sent delivery's attempts: %+v", history)
			}

			// A receiver that keeps failing: the delivery gives up, the receiver is paused
			// and its admin told by email.
			wk.Backoff.Attempts = 3
			h.failType.Store(notify.DirectoryChanged)
			h.fail.Store(1000)
			f.must(200, accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "admin", body: map[string]string{"description": "Closed Mondays."}})
			var dead store.OutboxDelivery
			for end := time.Now().Add(15 * time.Second); time.Now().Before(end) && dead.ID == ""; time.Sleep(50 * time.Millisecond) {
				f.must(200, accReq{method: "GET", path: "/api/v1/outbox?status=dead", who: "admin"}).json(t, &page)
				if len(page.Items) > 0 {
					dead = page.Items[0]
				}
			}
			if dead.ID == "" || dead.Kind != "directory.changed" || len(dead.History) != 3 {
				t.Fatalf("the dead letter: %+v", dead)
			}
			mail := smtp.Wait(1, 10*time.Second)
			if len(mail) != 1 || mail[0].To[0] != f.users["admin"].Email || !strings.Contains(mail[0].Body(), h.URL+"/handoff") ||
				!strings.Contains(mail[0].Body(), "was paused") {
				t.Fatalf("the admin's mail: %+v", mail)
			}
			var paused store.WebhookReceiver
			f.must(200, accReq{method: "GET", path: "/api/v1/webhooks", who: "admin"}).json(t, &listed)
			if listed.Items[0]["status"] != "paused" {
				t.Fatalf("the receiver after giving up: %+v", listed.Items[0])
			}
			// Fixed: resume it and replay the dead letter; it arrives once.
			h.fail.Store(0)
			f.must(200, accReq{method: "PATCH", path: "/api/v1/webhooks/" + w.ID, who: "admin", body: map[string]any{"status": "active"}}).json(t, &paused)
			if paused.Status != "active" || paused.PausedReason != "" {
				t.Errorf("resumed: %+v", paused)
			}
			f.must(409, accReq{method: "POST", path: "/api/v1/outbox/" + history[0].ID + "/replay", who: "admin"})
			f.must(200, accReq{method: "POST", path: "/api/v1/outbox/" + dead.ID + "/replay", who: "admin"})
			h.waitFor(t, "the replayed change", func(d hookDelivery) bool { return d.ID == dead.EventID })
			time.Sleep(400 * time.Millisecond)
			n := 0
			for _, d := range h.deliveries() {
				if d.ID == dead.EventID {
					n++
				}
			}
			got, err := f.st.Delivery(ctx, dead.ID)
			if n != 1 || err != nil || got.Status != "sent" || len(got.History) != 4 {
				t.Fatalf("after the replay: %d arrivals; %+v, %v", n, got, err)
			}
		})
	}
}
