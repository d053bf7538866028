package api_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// lockedBuffer is a log sink that handlers on several goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestNoPersonalDataInLogs is acceptance 5: a whole API session with fixture people (names,
// emails, phone numbers in accounts, in listings, in URLs and bodies, in good and bad
// requests) leaves none of them in the logs, in text or JSON.
func TestNoPersonalDataInLogs(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, st *store.Store) {
				var buf lockedBuffer
				opts := &slog.HandlerOptions{Level: slog.LevelDebug}
				var h slog.Handler = slog.NewTextHandler(&buf, opts)
				if format == "json" {
					h = slog.NewJSONHandler(&buf, opts)
				}
				f := accNew(t, st, api.Options{}, slog.New(h))
				personal := f.exercise()
				logs := buf.String()
				if !strings.Contains(logs, "/api/v1/auth/login") {
					t.Fatalf("the logs did not capture the run:\n%s", logs)
				}
				for _, bad := range []string{"did not check the organization scope", "has no access policy", "request failed"} {
					if strings.Contains(logs, bad) {
						t.Errorf("the logs say %q:\n%s", bad, logs)
					}
				}
				for _, p := range personal {
					if strings.Contains(strings.ToLower(logs), strings.ToLower(p)) {
						t.Errorf("the logs contain %q", p)
					}
				}
			})
		})
	}
}

// exercise runs a varied API session and returns the personal data it used.
func (f *accFixture) exercise() []string {
	person := struct{ Name, Email, Phone, Password, Note string }{
		"Marisol Quintero-Blake", "marisol.qb@fixture.example", "413-555-0142", "her secret passphrase", "slept at the bus station",
	}
	personal := []string{person.Name, person.Email, person.Phone, person.Password, person.Note, "Quintero", accPassword}
	for _, u := range f.users {
		personal = append(personal, u.Name, u.Email, u.Token)
	}
	admin := func(r accReq) accReq { r.who = "admin"; return r }
	var created struct{ ID string }
	f.do(admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]string{
		"email": person.Email, "name": person.Name, "role": "peer", "password": person.Password}})).json(f.t, &created)
	f.do(admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]string{
		"email": person.Email, "name": person.Name, "role": "peer", "password": person.Password}})) // 409
	f.do(admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]string{
		"email": person.Name, "name": person.Note, "role": person.Phone, "password": person.Phone}})) // 400
	var session struct{ Token string }
	f.do(login(person.Email, person.Password)).json(f.t, &session)
	personal = append(personal, session.Token)
	f.do(login(person.Email, "wrong "+person.Password))
	f.do(login("unknown."+person.Email, person.Password))
	f.do(accReq{method: "GET", path: "/api/v1/me", token: session.Token})
	f.do(accReq{method: "GET", path: "/api/v1/users?role=peer", who: "coordinator"})
	f.do(admin(accReq{method: "PATCH", path: "/api/v1/users/" + created.ID, body: map[string]string{"name": person.Name + " Jr"}}))
	f.do(accReq{method: "GET", path: "/hsds/services?search=" + strings.ReplaceAll(person.Name, " ", "+")})
	f.do(accReq{method: "GET", path: "/hsds/services/" + person.Email})
	f.do(accReq{method: "GET", path: "/api/v1/me", token: "hs_" + person.Phone})
	f.do(accReq{method: "GET", path: "/nowhere/" + person.Email})
	svc := accServiceBody(f.orgA, "Outreach for "+person.Name)
	svc["email"] = person.Email
	svc["phones"] = []map[string]any{{"number": person.Phone, "description": person.Note}}
	f.do(accReq{method: "POST", path: "/api/v1/services", who: "agency", body: svc})
	f.do(accReq{method: "POST", path: "/api/v1/services", who: "agency_other", body: svc})
	f.do(accReq{method: "POST", path: "/api/v1/services", who: "agency", body: `{"name": "` + person.Name + `", "phones": 7}`})
	f.do(accReq{method: "POST", path: "/api/v1/services", who: "agency", body: `{"name": "` + person.Name})
	f.do(accReq{method: "PATCH", path: "/api/v1/services/" + f.svcA, who: "agency", body: map[string]any{"description": person.Note, "email": person.Email}})
	f.do(accReq{method: "GET", path: fmt.Sprintf("/api/v1/audit?format=csv&user=%s", created.ID), who: "admin"})
	f.do(accReq{method: "GET", path: "/api/v1/services/" + directory.NewID() + "?email=" + person.Email})
	f.do(accReq{method: "POST", path: "/api/v1/me/tokens", token: session.Token, body: map[string]string{"name": person.Name, "current_password": person.Password}})
	f.do(accReq{method: "PUT", path: "/api/v1/me/password", token: session.Token, body: map[string]string{"current_password": person.Password, "new_password": person.Password + "!"}})
	f.do(accReq{method: "POST", path: "/api/v1/auth/logout", token: session.Token})
	return personal
}
