package api_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/api"
	"handoff/internal/smtptest"
	"handoff/notify"
	"handoff/store"
	"handoff/store/storetest"
)

// The outbox end to end (issue 16, acceptance 1 and 2): a live referral made over HTTP
// queues its notice in the same transaction, a delivery worker sends it through a real
// SMTP server started here (STARTTLS, PLAIN auth), and the test reads what arrived.

const outboxTestBase = "https://handoff.example.org"

// outboxWorker is a delivery worker over the fixture's store, mailing through srv, with
// a quick retry schedule so that a test does not wait minutes.
func (f *accFixture) outboxWorker(srv *smtptest.Server, name string) *notify.Worker {
	f.t.Helper()
	m, err := notify.NewSMTPMailer(notify.SMTPConfig{Host: srv.Host(), Port: srv.Port(), StartTLS: notify.StartTLSMandatory,
		Username: smtptest.User, Password: smtptest.Password, From: "Handoff <handoff@example.org>", TLS: srv.ClientTLS, Timeout: 5 * time.Second})
	if err != nil {
		f.t.Fatal(err)
	}
	return &notify.Worker{Queue: f.st.Outbox(careTestSealer(f.t)), Name: name, Mail: m,
		Webhooks: &notify.WebhookSender{},
		Texts:    notify.Texts{Program: "the co-responder program", BaseURL: outboxTestBase},
		Backoff:  notify.Backoff{Initial: 100 * time.Millisecond, Max: 400 * time.Millisecond, Attempts: 50},
		Poll:     50 * time.Millisecond, Lease: 30 * time.Second,
		Relay: func(ctx context.Context) (int, error) { return f.st.RelayChanges(ctx, 500) },
		Log:   slog.New(slog.NewTextHandler(io.Discard, nil))}
}

// runWorker runs w until the test ends, and waits for it to drain.
func runWorker(t *testing.T, st *store.Store, w *notify.Worker) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); w.Run(ctx) }()
	st.SetOutboxWake(w.Wake)
	t.Cleanup(func() { cancel(); wg.Wait(); st.SetOutboxWake(nil) })
}

// setNotices sets organization A's notice address as its agency user.
func (f *accFixture) setNotices(addr string, events ...string) {
	f.t.Helper()
	f.must(200, accReq{method: "PUT", path: "/api/v1/organizations/" + f.orgA + "/notice-addresses", who: "agency",
		body: map[string]any{"addresses": []map[string]any{{"channel": "email", "address": addr, "events": events}}}})
}

// sendLiveReferral makes a person with a name and phone, their consent for organization
// A, and a live referral with a note; it returns the referral.
func (f *accFixture) sendLiveReferral(name string) careReferral {
	f.t.Helper()
	person := f.addPerson(name)
	f.addConsent(person, f.orgA)
	var r careReferral
	f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(person, f.svcA, "live")}).json(f.t, &r)
	if r.AgencyLink == "" {
		f.t.Fatalf("a live referral has no agency link: %+v", r)
	}
	return r
}

// checkContentFree fails when the mail carries anything about the person.
func checkContentFree(t *testing.T, m smtptest.Message, name string) {
	t.Helper()
	for _, bad := range []string{name, strings.Fields(name)[0], "413-555-0142", "5550142", "555-0142", "afternoon", "sister", "crisis", "Prefers"} {
		if strings.Contains(m.Data, bad) || strings.Contains(m.Body(), bad) {
			t.Errorf("the mail carries %q:\n%s", bad, m.Data)
		}
	}
}

func TestLiveReferralMailsTheAgencyOnce(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{PublicURL: outboxTestBase})
			srv := smtptest.Start(t)
			f.setNotices("intake@a.example.org", "referral.sent", "referral.accepted")
			runWorker(t, f.st, f.outboxWorker(srv, "worker-1"))

			start := time.Now()
			r := f.sendLiveReferral("Maria Quintanilla")
			msgs := srv.Wait(1, 10*time.Second)
			took := time.Since(start)
			if len(msgs) != 1 {
				t.Fatalf("%d mails arrived, want 1", len(msgs))
			}
			t.Logf("the notice arrived %s after the referral was sent", took.Round(time.Millisecond))
			m := msgs[0]
			if len(m.To) != 1 || m.To[0] != "intake@a.example.org" {
				t.Errorf("the mail went to %v", m.To)
			}
			if !strings.Contains(m.Body(), r.AgencyLink) {
				t.Errorf("the mail lacks the link %s:\n%s", r.AgencyLink, m.Body())
			}
			if !strings.Contains(m.Body(), "A new referral from the co-responder program to Organization A food pantry is waiting: open it here: ") {
				t.Errorf("the mail says:\n%s", m.Body())
			}
			checkContentFree(t, m, "Maria Quintanilla")
			// Nothing more arrives: the delivery went once.
			time.Sleep(500 * time.Millisecond)
			if n := len(srv.Messages()); n != 1 {
				t.Fatalf("%d mails after the wait, want 1", n)
			}
			var sealed string
			if err := f.st.DB().QueryRow(`SELECT link_sealed FROM outbox_events WHERE subject_id = $1`, r.ID).Scan(&sealed); err != nil || sealed != "" {
				t.Errorf("the sent notice's sealed link is kept (%q, %v)", sealed, err)
			}

			// The agency's answer: one in-app notice for the referral's maker, and the
			// accepted notice the agency chose.
			f.must(200, accReq{method: "POST", path: "/api/v1/referrals/" + r.ID + "/transitions", who: "agency", body: map[string]any{"to": "accepted"}})
			var notices struct {
				Items []store.UserNotice `json:"items"`
			}
			f.must(200, accReq{method: "GET", path: "/api/v1/me/notices", who: "peer"}).json(t, &notices)
			if len(notices.Items) != 1 || notices.Items[0].ReferralID != r.ID || !strings.Contains(notices.Items[0].Text, "accepted") {
				t.Fatalf("the maker's notices: %+v", notices.Items)
			}
			if msgs := srv.Wait(2, 10*time.Second); len(msgs) != 2 || !strings.Contains(msgs[1].Body(), "was accepted") {
				t.Fatalf("after the answer: %d mails", len(msgs))
			} else {
				checkContentFree(t, msgs[1], "Maria Quintanilla")
			}
			// Another user sees none of it, and cannot mark it read.
			f.must(404, accReq{method: "POST", path: "/api/v1/me/notices/" + notices.Items[0].ID + "/read", who: "clinician"})
			f.must(204, accReq{method: "POST", path: "/api/v1/me/notices/" + notices.Items[0].ID + "/read", who: "peer"})
			f.must(200, accReq{method: "GET", path: "/api/v1/me/notices?unread=true", who: "peer"}).json(t, &notices)
			if len(notices.Items) != 0 {
				t.Errorf("unread after reading: %+v", notices.Items)
			}
		})
	}
}

// TestMailOutageLosesNothing: with the SMTP server down, the notice is retried with
// backoff, every attempt recorded, and arrives once after the server is back.
func TestMailOutageLosesNothing(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{PublicURL: outboxTestBase})
			srv := smtptest.Start(t)
			f.setNotices("intake@a.example.org", "referral.sent")
			srv.Stop()
			runWorker(t, f.st, f.outboxWorker(srv, "worker-1"))
			r := f.sendLiveReferral("Dana Whitcombe")
			// Wait for a few failed attempts while it is down.
			var d store.OutboxDelivery
			deadline := time.Now().Add(15 * time.Second)
			for time.Now().Before(deadline) {
				ds, _, err := f.st.Deliveries(context.Background(), store.DeliveryFilter{}, store.Page{Number: 1, PerPage: 10})
				if err != nil {
					t.Fatal(err)
				}
				if len(ds) == 1 && len(ds[0].History) >= 3 {
					d = ds[0]
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if len(d.History) < 3 || d.Status == "sent" {
				t.Fatalf("while down: %+v", d)
			}
			for _, a := range d.History {
				if a.OK || a.Error == "" {
					t.Errorf("an attempt while down: %+v", a)
				}
			}
			srv.Restart()
			msgs := srv.Wait(1, 15*time.Second)
			if len(msgs) != 1 || !strings.Contains(msgs[0].Body(), r.AgencyLink) {
				t.Fatalf("after the outage: %d mails", len(msgs))
			}
			time.Sleep(500 * time.Millisecond)
			if n := len(srv.Messages()); n != 1 {
				t.Fatalf("%d mails, want 1", n)
			}
			got, err := f.st.Delivery(context.Background(), d.ID)
			if err != nil || got.Status != "sent" || !got.History[len(got.History)-1].OK {
				t.Fatalf("the delivery after the outage: %+v, %v", got, err)
			}
			t.Logf("%d failed attempts while the server was down, then delivered", len(got.History)-1)
		})
	}
}

// TestTwoWorkersSendOnce: two delivery workers (as two serve instances) share the
// outbox; every one of 20 referrals' notices arrives exactly once.
func TestTwoWorkersSendOnce(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{PublicURL: outboxTestBase})
			srv := smtptest.Start(t)
			f.setNotices("intake@a.example.org", "referral.sent")
			w1, w2 := f.outboxWorker(srv, "worker-1"), f.outboxWorker(srv, "worker-2")
			w1.Batch, w2.Batch = 3, 3
			runWorker(t, f.st, w1)
			runWorker(t, f.st, w2)
			const n = 20
			links := map[string]bool{}
			for i := range n {
				links[f.sendLiveReferral("Person "+string(rune('A'+i))+" Example").AgencyLink] = true
				w1.Wake()
				w2.Wake()
			}
			srv.Wait(n, 30*time.Second)
			time.Sleep(500 * time.Millisecond)
			msgs := srv.Messages()
			if len(msgs) != n {
				t.Fatalf("%d mails for %d referrals", len(msgs), n)
			}
			seen := map[string]int{}
			for _, m := range msgs {
				for l := range links {
					if strings.Contains(m.Body(), l) {
						seen[l]++
					}
				}
			}
			for l := range links {
				if seen[l] != 1 {
					t.Errorf("link %s arrived %d times", l[len(l)-8:], seen[l])
				}
			}
			var byWorker []struct {
				Worker string `db:"worker"`
				N      int    `db:"n"`
			}
			rows, err := f.st.DB().Query(`SELECT worker, count(*) FROM outbox_attempts WHERE ok GROUP BY worker ORDER BY worker`)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			for rows.Next() {
				var w struct {
					Worker string `db:"worker"`
					N      int    `db:"n"`
				}
				rows.Scan(&w.Worker, &w.N)
				byWorker = append(byWorker, w)
			}
			t.Logf("sent by worker: %+v", byWorker)
		})
	}
}
