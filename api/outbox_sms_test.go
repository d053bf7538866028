package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/api"
	"handoff/internal/smtptest"
	"handoff/notify"
	"handoff/store/storetest"
)

// smsGateway is a local HTTP SMS gateway of the common shape (form-encoded To, From,
// Body, basic auth), keeping what it was asked to send.
type smsGateway struct {
	*httptest.Server
	mu    sync.Mutex
	texts []smsText
}

type smsText struct{ To, From, Body string }

func newSMSGateway(t *testing.T) *smsGateway {
	g := &smsGateway{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != "AC-test" || pass != "gateway secret" || r.Method != http.MethodPost ||
			r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
			http.Error(w, "no", http.StatusUnauthorized)
			return
		}
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		g.mu.Lock()
		g.texts = append(g.texts, smsText{To: r.PostForm.Get("To"), From: r.PostForm.Get("From"), Body: r.PostForm.Get("Body")})
		g.mu.Unlock()
		w.WriteHeader(http.StatusCreated)
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *smsGateway) sent() []smsText {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]smsText(nil), g.texts...)
}

// TestTextMessages: text notices go through an HTTP SMS gateway. The agency's notice
// number gets a content-free text with the link for each referral; a person who agreed
// to texts gets one that says only that the referral was sent; a person who asked not
// to be contacted, one never asked, and one who withdrew after the referral was made
// are never texted (the last is skipped at the moment of sending).
func TestTextMessages(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{PublicURL: outboxTestBase})
			g := newSMSGateway(t)
			f.must(200, accReq{method: "PUT", path: "/api/v1/organizations/" + f.orgA + "/notice-addresses", who: "agency",
				body: map[string]any{"addresses": []map[string]any{{"channel": "sms", "address": "+14135550100", "events": []string{"referral.sent"}}}}})
			refer := func(name, contact string) careReferral {
				var p struct{ ID string }
				f.must(201, accReq{method: "POST", path: "/api/v1/people", who: "peer",
					body: map[string]any{"display_name": name, "phone": "+1 413 555 0177", "contact": contact}}).json(t, &p)
				f.addConsent(p.ID, f.orgA)
				var r careReferral
				f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: referralBody(p.ID, f.svcA, "live")}).json(t, &r)
				r.PersonID = p.ID
				return r
			}
			texted := refer("Tex Agreed", "text")
			refer("Nadia Nocontact", "none")
			refer("Una Unasked", "")
			withdrew := refer("Will Withdraw", "text")
			// Will asks not to be contacted before anything is sent.
			f.must(200, accReq{method: "PATCH", path: "/api/v1/people/" + withdrew.PersonID, who: "peer", body: map[string]any{"contact": "none"}})
			f.must(400, accReq{method: "PATCH", path: "/api/v1/people/" + withdrew.PersonID, who: "peer", body: map[string]any{"contact": "carrier pigeon"}})

			gw, err := notify.NewSMSGateway(notify.SMSGatewayConfig{URL: g.URL + "/Messages", From: "+14135559999", Username: "AC-test", Password: "gateway secret"})
			if err != nil {
				t.Fatal(err)
			}
			w := f.outboxWorker(smtptest.Start(t), "worker-1")
			w.SMS = gw
			runWorker(t, f.st, w)
			deadline := time.Now().Add(15 * time.Second)
			for len(g.sent()) < 5 && time.Now().Before(deadline) {
				time.Sleep(50 * time.Millisecond)
			}
			time.Sleep(300 * time.Millisecond)
			texts := g.sent()
			var agency, person []smsText
			for _, x := range texts {
				if x.From != "+14135559999" {
					t.Errorf("from %q", x.From)
				}
				if x.To == "+14135550100" {
					agency = append(agency, x)
				} else {
					person = append(person, x)
				}
				for _, bad := range []string{"Tex", "Nadia", "Una", "Will", "afternoon", "crisis", "555 0177"} {
					if strings.Contains(x.Body, bad) {
						t.Errorf("a text carries %q: %q", bad, x.Body)
					}
				}
			}
			if len(agency) != 4 {
				t.Errorf("the agency got %d texts, want 4 (one per referral)", len(agency))
			}
			for _, x := range agency {
				if !strings.Contains(x.Body, outboxTestBase+"/r/hl_") {
					t.Errorf("the agency's text lacks its link: %q", x.Body)
				}
			}
			if len(person) != 1 || person[0].To != "+1 413 555 0177" || !strings.Contains(person[0].Body, "the referral you agreed to was sent") ||
				strings.Contains(person[0].Body, "food pantry") || strings.Contains(person[0].Body, "/r/") {
				t.Fatalf("texts to people: %+v (the agreeing person's referral %s)", person, texted.ID)
			}
			var skipped int
			if err := f.st.DB().QueryRow(`SELECT count(*) FROM outbox_deliveries WHERE status = 'skipped' AND receiver = $1`,
				notify.PersonReceiver(withdrew.PersonID)).Scan(&skipped); err != nil || skipped != 1 {
				t.Errorf("the withdrawn person's text: %d skipped, %v", skipped, err)
			}
			var phones int
			if err := f.st.DB().QueryRow(`SELECT count(*) FROM outbox_deliveries WHERE receiver LIKE '%555%0177%'`).Scan(&phones); err != nil || phones != 0 {
				t.Errorf("a person's number is kept in the outbox: %d, %v", phones, err)
			}
		})
	}
}
