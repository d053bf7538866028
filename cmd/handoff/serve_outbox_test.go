//go:build unix

package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/access"
	"handoff/directory"
	"handoff/internal/smtptest"
	"handoff/notify"
	"handoff/store"
	"handoff/store/storetest"
)

// syncBuf is a log buffer two goroutines may write.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestTwoServesMailOnce is acceptance 2's second half: two `handoff serve` instances on
// one PostgreSQL, each with its delivery worker, mailing through one SMTP server (over
// STARTTLS with a login); live referrals sent through either instance each put exactly
// one mail in the server, and both instances' workers take part.
func TestTwoServesMailOnce(t *testing.T) {
	st, cfg := storetest.PostgresConfig(t)
	ctx := context.Background()
	srv := smtptest.Start(t)
	dir := t.TempDir()
	ca := filepath.Join(dir, "smtp-ca.pem")
	if err := os.WriteFile(ca, srv.CAPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(dataKeyEnv, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32)))
	t.Setenv(smtpPasswordEnv, smtptest.Password)

	// The directory and the accounts: a peer, a witness, an agency with a notice address.
	org, svc := directory.NewID(), directory.NewID()
	s := directory.Service{ID: svc, Name: "Two-serve respite", Status: "active",
		Organization: &directory.Organization{ID: org, Name: "Two-serve agency", Description: "Fixture."}}
	directory.NormalizeService(&s)
	if _, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &s}}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetNoticeAddresses(ctx, org, []store.NoticeAddress{{ID: directory.NewID(), Channel: "email", Address: "intake@two.example.org",
		Events: []notify.Kind{notify.ReferralSent}, CreatedAt: time.Now()}}, store.AuditEntry{At: time.Now(), Action: "update", RecordType: "notice_addresses", RecordID: org, Allowed: true}); err != nil {
		t.Fatal(err)
	}
	hash, err := access.HashPassword("two serves password")
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]string{}
	for _, role := range []string{"peer", "clinician"} {
		id := directory.NewID()
		if err := st.CreateUser(ctx, store.User{ID: id, Email: role + "@two.example.org", Name: "Two " + role, Role: role, PasswordHash: hash}); err != nil {
			t.Fatal(err)
		}
		users[role] = id
	}
	token, thash := access.NewToken(access.SessionToken)
	if err := st.CreateSession(ctx, store.Session{ID: directory.NewID(), TokenHash: thash, UserID: users["peer"], CreatedAt: time.Now(), LastSeenAt: time.Now()}); err != nil {
		t.Fatal(err)
	}

	// Two instances.
	runCtx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	var logs [2]*syncBuf
	var bases [2]string
	for i := range 2 {
		logs[i] = &syncBuf{}
		root := newRoot()
		root.SetOut(&syncBuf{})
		root.SetErr(logs[i])
		root.SetArgs([]string{"serve", "--addr", "127.0.0.1:0", "--database-url", cfg.DatabaseURL, "--data", filepath.Join(dir, fmt.Sprint("data", i)),
			"--seed", "off", "--public-url", "https://handoff.example.org", "--smtp-host", srv.Host(), "--smtp-port", fmt.Sprint(srv.Port()),
			"--smtp-starttls", "mandatory", "--smtp-username", smtptest.User, "--smtp-ca-file", ca, "--notice-from", "handoff@example.org",
			"--notice-program", "the co-responder program", "--outbox-poll", "100ms"})
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := root.ExecuteContext(runCtx); err != nil {
				t.Errorf("serve %d: %v", i, err)
			}
		}()
	}
	url := regexp.MustCompile(`url=(http://\S+)/`)
	for i := range 2 {
		for end := time.Now().Add(2 * time.Minute); bases[i] == ""; time.Sleep(50 * time.Millisecond) {
			if m := url.FindStringSubmatch(logs[i].String()); m != nil {
				if res, err := http.Get(m[1] + "/readyz"); err == nil {
					res.Body.Close()
					if res.StatusCode == 200 {
						bases[i] = m[1]
					}
				}
			}
			if time.Now().After(end) {
				t.Fatalf("serve %d not ready:\n%s", i, logs[i].String())
			}
		}
	}
	call := func(base, method, path string, body any) map[string]any {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, base+path, bytes.NewReader(b))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		if res.StatusCode/100 != 2 {
			t.Fatalf("%s %s: %d %v", method, path, res.StatusCode, out)
		}
		return out
	}
	const n = 10
	links := map[string]int{}
	for i := range n {
		base := bases[i%2]
		p := call(base, "POST", "/api/v1/people", map[string]any{"display_name": fmt.Sprintf("Two Serve Person %d", i), "phone": "413-555-0123"})
		call(base, "POST", "/api/v1/people/"+p["id"].(string)+"/consents", map[string]any{"discloser": "Handoff peer program", "organization_ids": []string{org},
			"information": "name and phone", "purpose": "referral", "expires_at": time.Now().Add(48 * time.Hour).Format(time.RFC3339),
			"method": "verbal", "witnessed_by": users["clinician"]})
		r := call(base, "POST", "/api/v1/referrals", map[string]any{"person_id": p["id"], "service_id": svc, "need": "housing", "mode": "live",
			"note": "Only call after six."})
		links[r["agency_link"].(string)] = 0
	}
	srv.Wait(n, 30*time.Second)
	time.Sleep(time.Second)
	msgs := srv.Messages()
	for _, m := range msgs {
		for l := range links {
			if strings.Contains(m.Body(), l) {
				links[l]++
			}
		}
		if strings.Contains(m.Body(), "Two Serve Person") || strings.Contains(m.Body(), "six") || strings.Contains(m.Body(), "555-0123") {
			t.Errorf("a mail carries the person: %s", m.Body())
		}
	}
	if len(msgs) != n {
		t.Errorf("%d mails for %d referrals", len(msgs), n)
	}
	for l, c := range links {
		if c != 1 {
			t.Errorf("%s arrived %d times", l, c)
		}
	}
	rows, err := st.DB().Query(`SELECT worker, count(*) FROM outbox_attempts WHERE ok GROUP BY worker ORDER BY worker`)
	if err != nil {
		t.Fatal(err)
	}
	workers := map[string]int{}
	for rows.Next() {
		var w string
		var c int
		rows.Scan(&w, &c)
		workers[w] = c
	}
	rows.Close()
	t.Logf("mails sent per serve instance: %v", workers)
	stop()
	wg.Wait()
	for i := range 2 {
		if !strings.Contains(logs[i].String(), "outbox: delivery worker stopped") {
			t.Errorf("serve %d did not say its worker stopped:\n%s", i, logs[i].String())
		}
	}
}
