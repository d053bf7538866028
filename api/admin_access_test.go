package api_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// addPasswordReset makes a reset link for the account in the store, expiring at
// expires, and answers its path (/p/{token}).
func (f *accFixture) addPasswordReset(userID string, expires time.Time) string {
	f.t.Helper()
	token, hash := access.NewPasswordResetToken()
	id := directory.NewID()
	r := store.PasswordReset{ID: id, UserID: userID, TokenHash: hash, CreatedAt: time.Now(), ExpiresAt: expires}
	if err := f.st.CreatePasswordReset(context.Background(), r, store.AuditEntry{Action: "reset-password", RecordType: "user", RecordID: userID, Allowed: true}); err != nil {
		f.t.Fatal(err)
	}
	return "/p/" + token
}

// formPost is a form post to a no-login page, as its own page sends it.
func formPost(path string, v url.Values) accReq {
	return accReq{method: "POST", path: path, body: []byte(v.Encode()),
		header: map[string]string{"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"}}
}

// adminRouteCases are the admin page's rows of the route matrix: admins only; the page
// itself and the reset page answer anyone (the token is the credential).
func adminRouteCases() map[string]routeCase {
	return map[string]routeCase{
		"GET /admin": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/admin", who: who}
		}, want: map[string]int{}, def: 200},
		"GET /api/v1/tokens": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/tokens", who: who}
		}, want: adminOnly(200), def: 403},
		"DELETE /api/v1/tokens/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "DELETE", path: "/api/v1/tokens/" + f.addToken(f.users["clinician"].ID), who: who}
		}, want: adminOnly(204), def: 403},
		"POST /api/v1/users/:id/password-reset": {req: func(f *accFixture, who string) accReq {
			u := f.addUser("agency", f.orgA, "Reset Target", directory.NewID()+"@fixture.example")
			return accReq{method: "POST", path: "/api/v1/users/" + u.ID + "/password-reset", who: who}
		}, want: adminOnly(201), def: 403},
		"GET /api/v1/imports": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/imports", who: who}
		}, want: adminOnly(200), def: 403},
		"GET /p/:token": {req: func(f *accFixture, who string) accReq {
			u := f.addUser("peer", "", "Reset Page", directory.NewID()+"@fixture.example")
			return accReq{method: "GET", path: f.addPasswordReset(u.ID, time.Now().Add(time.Hour)), who: who}
		}, want: map[string]int{}, def: 200},
		"POST /p/:token": {req: func(f *accFixture, who string) accReq {
			u := f.addUser("peer", "", "Reset Page", directory.NewID()+"@fixture.example")
			r := formPost(f.addPasswordReset(u.ID, time.Now().Add(time.Hour)), url.Values{"password": {accPassword}, "confirm": {accPassword}})
			r.who = who
			return r
		}, want: map[string]int{}, def: 200},
	}
}

// TestAdminTokensAndImports: an admin lists every account's API tokens with whose they
// are and no secret, revokes another's (audited; the token stops working), and reads
// the import history. On SQLite and PostgreSQL.
func TestAdminTokensAndImports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		token, hash := access.NewToken(access.APIToken)
		id := directory.NewID()
		if err := st.CreateAPIToken(context.Background(), store.APIToken{ID: id, TokenHash: hash, UserID: f.users["clinician"].ID, Name: "nightly export", CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/me", token: token})
		res := f.must(200, accReq{method: "GET", path: "/api/v1/tokens", who: "admin"})
		if b := string(res.body); !strings.Contains(b, `"nightly export"`) || !strings.Contains(b, f.users["clinician"].Email) ||
			strings.Contains(b, hash) || strings.Contains(b, token) || strings.Contains(b, "token_hash") {
			t.Errorf("token list: %s", b)
		}
		f.must(400, accReq{method: "GET", path: "/api/v1/tokens?user=nope", who: "admin"})
		f.must(204, accReq{method: "DELETE", path: "/api/v1/tokens/" + id, who: "admin"})
		f.must(401, accReq{method: "GET", path: "/api/v1/me", token: token})
		f.must(404, accReq{method: "DELETE", path: "/api/v1/tokens/" + id, who: "admin"})
		var audit struct{ Items []store.AuditEntry }
		f.must(200, accReq{method: "GET", path: "/api/v1/audit?record_type=api_token&record=" + id, who: "admin"}).json(t, &audit)
		if len(audit.Items) != 1 || audit.Items[0].Action != "revoke" || audit.Items[0].UserID != f.users["admin"].ID {
			t.Errorf("revocation's audit rows: %+v", audit.Items)
		}

		run := store.ImportRun{ID: directory.NewID(), StartedAt: time.Now().Add(-time.Minute), FinishedAt: time.Now(),
			Files: "ma-211/", Sources: "ma-211", Created: 3600, Updated: 2, Rejected: 38, Warnings: 1290}
		if err := st.RecordImportRun(context.Background(), run); err != nil {
			t.Fatal(err)
		}
		var runs struct {
			Items []store.ImportRun
			Total int
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/imports", who: "admin"}).json(t, &runs)
		if runs.Total != 1 || runs.Items[0].Sources != "ma-211" || runs.Items[0].Created != 3600 || runs.Items[0].Rejected != 38 {
			t.Errorf("imports: %+v", runs)
		}
	})
}
