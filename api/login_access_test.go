package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// stripRequest removes what differs between any two answers (the request id, and the
// instance under prefix) from a problem document.
func stripRequest(t *testing.T, body []byte, prefix string) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("not JSON: %s", body)
	}
	delete(m, "request_id")
	if s, _ := m["instance"].(string); strings.HasPrefix(s, prefix) {
		m["instance"] = prefix
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func login(email, password string) accReq {
	return accReq{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": email, "password": password}}
}

// TestLoginAndSession covers a whole session: login answers the token and sets a safe
// cookie; the bearer token and the cookie both authenticate; the cookie needs the CSRF
// token to change anything; logout ends the session.
func TestLoginAndSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		u := f.users["clinician"]
		res := f.must(200, login("  "+strings.ToUpper(u.Email)+" ", accPassword)) // emails ignore case and spaces
		var out struct {
			Token     string `json:"token"`
			CSRFToken string `json:"csrf_token"`
			User      struct{ ID, Role string }
		}
		res.json(t, &out)
		if out.User.ID != u.ID || out.User.Role != "clinician" || !strings.HasPrefix(out.Token, "hs_") || out.CSRFToken == "" {
			t.Fatalf("login answered %s", res.body)
		}
		if strings.Contains(string(res.body), "password") {
			t.Errorf("login answer mentions the password: %s", res.body)
		}
		cookie := strings.ToLower(res.header.Get("Set-Cookie"))
		for _, want := range []string{"handoff_session=" + strings.ToLower(out.Token), "httponly", "samesite=lax", "path=/"} {
			if !strings.Contains(cookie, want) {
				t.Errorf("session cookie %q lacks %q", cookie, want)
			}
		}
		if strings.Contains(cookie, "secure") {
			t.Errorf("cookie is Secure without TLS: %q", cookie)
		}
		f.must(200, accReq{method: "GET", path: "/api/v1/me", token: out.Token})
		withCookie := func(r accReq, csrf string) accReq {
			r.header = map[string]string{"Cookie": "handoff_session=" + out.Token}
			if csrf != "" {
				r.header["X-CSRF-Token"] = csrf
			}
			return r
		}
		var me struct {
			CSRFToken string `json:"csrf_token"`
			User      struct{ Email string }
		}
		f.must(200, withCookie(accReq{method: "GET", path: "/api/v1/me"}, "")).json(t, &me)
		if me.User.Email != u.Email || me.CSRFToken != out.CSRFToken {
			t.Errorf("me by cookie: %+v", me)
		}
		tokenReq := accReq{method: "POST", path: "/api/v1/me/tokens", body: map[string]string{"name": "csrf", "current_password": accPassword}}
		f.must(403, withCookie(tokenReq, ""))
		f.must(403, withCookie(tokenReq, "wrong"))
		f.must(201, withCookie(tokenReq, out.CSRFToken))
		f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", token: out.Token, body: map[string]string{"name": "bearer needs no csrf", "current_password": accPassword}})

		f.must(204, withCookie(accReq{method: "POST", path: "/api/v1/auth/logout"}, out.CSRFToken))
		f.must(401, accReq{method: "GET", path: "/api/v1/me", token: out.Token})
		// A stale cookie on a public page is forgotten, not an error.
		res = f.must(200, withCookie(accReq{method: "GET", path: "/hsds/services"}, ""))
		if !strings.Contains(res.header.Get("Set-Cookie"), "handoff_session=;") {
			t.Errorf("stale cookie not cleared: %q", res.header.Get("Set-Cookie"))
		}
		// A bad bearer token is refused even on a public page.
		res = f.must(401, accReq{method: "GET", path: "/hsds/services", token: "hs_nonsense"})
		if res.header.Get("WWW-Authenticate") == "" {
			t.Error("401 without WWW-Authenticate")
		}
	})
}

// TestLoginRefusalsLookTheSame is acceptance 3: unknown email, wrong password, disabled
// and locked accounts get the same answer; five wrong passwords lock the account, even
// for the right password, until the lock ends.
func TestLoginRefusalsLookTheSame(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		ctx := context.Background()
		peer := f.users["peer"]
		unknown := f.must(401, login("nobody@fixture.example", accPassword))
		wrong := f.must(401, login(peer.Email, "not the password at all"))
		if a, b := stripRequest(t, unknown.body, "/"), stripRequest(t, wrong.body, "/"); a != b {
			t.Fatalf("unknown email and wrong password answer differently:\n%s\n%s", a, b)
		}
		for h := range wrong.header {
			// The per-address rate-limit headers count the client's attempts and tick with
			// the clock; they say nothing about the account.
			perRequest := h == "Date" || h == "X-Request-Id" || strings.HasPrefix(h, "X-Ratelimit-")
			if !perRequest && unknown.header.Get(h) != wrong.header.Get(h) {
				t.Errorf("header %s differs: %q vs %q", h, unknown.header.Get(h), wrong.header.Get(h))
			}
		}

		// Disabled: the right password is refused the same way.
		u, err := st.UserByID(ctx, f.users["coordinator"].ID)
		if err != nil {
			t.Fatal(err)
		}
		u.Disabled = true
		if err := st.UpdateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		disabled := f.must(401, login(u.Email, accPassword))
		if stripRequest(t, disabled.body, "/") != stripRequest(t, unknown.body, "/") {
			t.Errorf("disabled account answers differently: %s", disabled.body)
		}
		// Its sessions ended with it.
		f.must(401, accReq{method: "GET", path: "/api/v1/me", who: "coordinator"})

		// Lockout: four more wrong passwords (five in all) lock the account.
		for i := 0; i < access.MaxFailedLogins-1; i++ {
			f.must(401, login(peer.Email, "still not the password"))
		}
		locked := f.must(401, login(peer.Email, accPassword))
		if stripRequest(t, locked.body, "/") != stripRequest(t, unknown.body, "/") {
			t.Errorf("locked account answers differently: %s", locked.body)
		}
		got, err := st.UserByID(ctx, peer.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !access.Locked(got.LockedUntil, time.Now()) || got.LockedUntil.After(time.Now().Add(access.LockDuration)) {
			t.Fatalf("account not locked for %s: locked until %v", access.LockDuration, got.LockedUntil)
		}
		// When the lock has passed, the right password works and clears the count.
		if _, err := st.DB().Exec(`UPDATE users SET locked_until = $1 WHERE id = $2`, time.Now().Add(-time.Second).UTC().Format("2006-01-02T15:04:05.000000Z"), peer.ID); err != nil {
			t.Fatal(err)
		}
		f.must(200, login(peer.Email, accPassword))
	})
}

// TestLoginRateLimitPerAddress: failed logins from one address stop at the limit, for
// any account; successful logins do not count.
func TestLoginRateLimitPerAddress(t *testing.T) {
	f := accNew(t, storetest.SQLite(t), api.Options{LoginRateLimit: 3}, nil)
	for i := 0; i < 5; i++ {
		f.must(200, login(f.users["admin"].Email, accPassword))
	}
	for i := 0; i < 3; i++ {
		f.must(401, login("nobody"+string(rune('a'+i))+"@fixture.example", "wrong password here"))
	}
	res := f.must(429, login(f.users["admin"].Email, accPassword))
	if res.header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
}

// TestLoginRateLimitCountsFailuresOnly is issue 11 #9: successful logins never count
// toward the per-address limit, not even while they run (a burst of colleagues signing
// in behind one office address), and the limit's own 429s do not count either.
func TestLoginRateLimitCountsFailuresOnly(t *testing.T) {
	// The loopback peer is a listed proxy, so that another client can be told apart by
	// X-Forwarded-For; requests without it are the peer's own.
	// A long wait for a hashing slot: this test is about the rate limit, not a busy server.
	f := accNew(t, storetest.SQLite(t), api.Options{LoginRateLimit: 3, TrustedProxies: []string{"127.0.0.1"},
		Hasher: access.NewHasher(0, time.Minute)}, nil)
	for i := 0; i < 2; i++ {
		f.must(401, login("nobody"+string(rune('a'+i))+"@fixture.example", "wrong password here"))
	}
	// One failure left; eight colleagues sign in at once.
	var wg sync.WaitGroup
	statuses := make([]int, 8)
	for i := range statuses {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = f.do(login(f.users[accIdentities[1+i%6]].Email, accPassword)).status
		}()
	}
	wg.Wait()
	for i, code := range statuses {
		if code != 200 {
			t.Errorf("login %d of the burst: %d, want 200 (successes must not count)", i, code)
		}
	}
	f.must(401, login("nobodyc@fixture.example", "wrong password here")) // the third failure
	for i := 0; i < 5; i++ {
		res := f.must(429, login(f.users["admin"].Email, accPassword))
		if res.header.Get("Retry-After") == "" {
			t.Fatal("429 without Retry-After")
		}
	}
	// Another address is not blocked by this one's failures.
	f.must(200, accReq{method: "POST", path: "/api/v1/auth/login", header: map[string]string{"X-Forwarded-For": "203.0.113.9"},
		body: map[string]string{"email": f.users["admin"].Email, "password": accPassword}})
}

// TestSessionsIdleOut: a session unused for longer than the idle time no longer signs in.
func TestSessionsIdleOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{SessionIdle: time.Hour}, nil)
		token := f.newSession(f.users["peer"].ID)
		f.must(200, accReq{method: "GET", path: "/api/v1/me", token: token})
		old := time.Now().Add(-2 * time.Hour).UTC().Format("2006-01-02T15:04:05.000000Z")
		if _, err := st.DB().Exec(`UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2`, old, access.HashToken(token)); err != nil {
			t.Fatal(err)
		}
		f.must(401, accReq{method: "GET", path: "/api/v1/me", token: token})
	})
}

// TestAPITokens: tokens are shown once, authenticate as their user, expire and revoke.
func TestAPITokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		var tok struct{ ID, Token string }
		f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", who: "agency", body: map[string]string{"name": "sync script", "expires_in": "30d", "current_password": accPassword}}).json(t, &tok)
		if !strings.HasPrefix(tok.Token, "ht_") {
			t.Fatalf("token %q", tok.Token)
		}
		var me struct{ User struct{ ID string } }
		f.must(200, accReq{method: "GET", path: "/api/v1/me", token: tok.Token}).json(t, &me)
		if me.User.ID != f.users["agency"].ID {
			t.Fatalf("API token signs in as %s", me.User.ID)
		}
		list := f.must(200, accReq{method: "GET", path: "/api/v1/me/tokens", who: "agency"})
		if strings.Contains(string(list.body), tok.Token) || !strings.Contains(string(list.body), "sync script") {
			t.Errorf("token list: %s", list.body)
		}
		f.must(400, accReq{method: "POST", path: "/api/v1/auth/logout", token: tok.Token})
		f.must(404, accReq{method: "DELETE", path: "/api/v1/me/tokens/" + tok.ID, who: "peer"}) // someone else's
		f.must(204, accReq{method: "DELETE", path: "/api/v1/me/tokens/" + tok.ID, who: "agency"})
		f.must(401, accReq{method: "GET", path: "/api/v1/me", token: tok.Token})

		f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", who: "agency", body: map[string]string{"name": "short", "current_password": accPassword}}).json(t, &tok)
		if _, err := st.DB().Exec(`UPDATE api_tokens SET expires_at = $1 WHERE id = $2`, "2000-01-01T00:00:00.000000Z", tok.ID); err != nil {
			t.Fatal(err)
		}
		f.must(401, accReq{method: "GET", path: "/api/v1/me", token: tok.Token})
		f.must(400, accReq{method: "POST", path: "/api/v1/me/tokens", who: "agency", body: map[string]string{"name": "x", "expires_in": "soon", "current_password": accPassword}})
	})
}

// TestNoSecretsInTheDatabase is acceptance 3: after logins, a password change and API
// tokens, no table holds a password or a token in clear.
func TestNoSecretsInTheDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		secrets := []string{accPassword}
		for _, u := range f.users {
			secrets = append(secrets, u.Token)
		}
		var l struct {
			Token     string
			CSRFToken string `json:"csrf_token"`
		}
		f.must(200, login(f.users["admin"].Email, accPassword)).json(t, &l)
		secrets = append(secrets, l.Token, l.CSRFToken)
		newPassword := "a brand new passphrase"
		f.must(204, accReq{method: "PUT", path: "/api/v1/me/password", token: l.Token,
			body: map[string]string{"current_password": accPassword, "new_password": newPassword}})
		secrets = append(secrets, newPassword)
		var again struct{ Token string }
		f.must(200, login(f.users["admin"].Email, newPassword)).json(t, &again)
		secrets = append(secrets, again.Token)
		var tok struct{ Token string }
		f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", who: "peer", body: map[string]string{"name": "t", "current_password": accPassword}}).json(t, &tok)
		secrets = append(secrets, tok.Token)
		f.must(201, accReq{method: "POST", path: "/api/v1/users", token: again.Token, body: map[string]string{
			"email": "new.user@fixture.example", "name": "New User", "role": "clinician", "password": "another secret phrase"}})
		secrets = append(secrets, "another secret phrase")

		for _, table := range []string{"users", "sessions", "api_tokens", "audit_log"} {
			rows, err := st.DB().Query("SELECT * FROM " + table)
			if err != nil {
				t.Fatal(err)
			}
			cols, _ := rows.Columns()
			n := 0
			for rows.Next() {
				n++
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					var s string
					switch x := v.(type) {
					case string:
						s = x
					case []byte:
						s = string(x)
					}
					for _, secret := range secrets {
						if s != "" && strings.Contains(s, secret) {
							t.Errorf("%s.%s holds a secret in clear", table, cols[i])
						}
					}
					if table == "users" && cols[i] == "password_hash" && !strings.HasPrefix(s, "$argon2id$") {
						t.Errorf("password_hash is not an argon2id hash: %.12q", s)
					}
				}
			}
			rows.Close()
			if n == 0 {
				t.Errorf("%s is empty: the test proves nothing", table)
			}
		}
	})
}

// TestUserAdministration: admins create and change accounts; the API refuses duplicates,
// unknown organizations and an admin disabling themselves.
func TestUserAdministration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{}, nil)
		admin := func(r accReq) accReq { r.who = "admin"; return r }
		var u struct {
			ID, Email, Role string
			OrganizationID  string `json:"organization_id"`
		}
		res := f.must(201, admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]any{
			"email": "Staff@Fixture.Example", "name": "Staff", "role": "agency", "organization_id": f.orgB, "password": "long enough password"}}))
		res.json(t, &u)
		if u.Email != "staff@fixture.example" || u.OrganizationID != f.orgB || res.header.Get("Location") != "/api/v1/users/"+u.ID {
			t.Fatalf("created %s (Location %s)", res.body, res.header.Get("Location"))
		}
		f.must(409, admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]any{
			"email": "staff@fixture.example", "name": "Again", "role": "peer", "password": "long enough password"}}))
		var p struct{ Errors []struct{ Field string } }
		f.must(400, admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]any{
			"email": "not an email", "name": "", "role": "boss", "password": "short"}})).json(t, &p)
		if len(p.Errors) != 4 {
			t.Errorf("want 4 field errors (email, name, role, password): %+v", p.Errors)
		}
		f.must(400, admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]any{
			"email": "a@fixture.example", "name": "A", "role": "agency", "password": "long enough password"}}))
		f.must(400, admin(accReq{method: "POST", path: "/api/v1/users", body: map[string]any{
			"email": "a@fixture.example", "name": "A", "role": "agency", "organization_id": "00000000-0000-4000-8000-000000000000", "password": "long enough password"}}))

		// PATCH with If-Match; disabling ends the user's sessions.
		get := f.must(200, admin(accReq{method: "GET", path: "/api/v1/users/" + f.users["peer"].ID}))
		f.must(412, admin(accReq{method: "PATCH", path: "/api/v1/users/" + f.users["peer"].ID, body: map[string]any{"disabled": true},
			header: map[string]string{"If-Match": `"stale"`}}))
		f.must(400, admin(accReq{method: "PATCH", path: "/api/v1/users/" + f.users["peer"].ID, body: map[string]any{"id": "x"}}))
		f.must(200, admin(accReq{method: "PATCH", path: "/api/v1/users/" + f.users["peer"].ID, body: map[string]any{"disabled": true},
			header: map[string]string{"If-Match": get.header.Get("ETag")}}))
		f.must(401, accReq{method: "GET", path: "/api/v1/me", who: "peer"})
		f.must(401, login(f.users["peer"].Email, accPassword))
		f.must(409, admin(accReq{method: "PATCH", path: "/api/v1/users/" + f.users["admin"].ID, body: map[string]any{"role": "peer"}}))
		// A new password set by an admin works, and the role change applies at once.
		f.must(200, admin(accReq{method: "PATCH", path: "/api/v1/users/" + f.users["clinician"].ID, body: map[string]any{"password": "reset by the admin", "role": "coordinator"}}))
		f.must(200, login(f.users["clinician"].Email, "reset by the admin"))
		f.must(401, accReq{method: "GET", path: "/api/v1/me", who: "clinician"}) // a password reset ends sessions
	})
}

func TestSecurityHeaders(t *testing.T) {
	f := accNew(t, storetest.SQLite(t), api.Options{TLS: true}, nil)
	res := f.must(200, accReq{method: "GET", path: "/"})
	for h, want := range map[string]string{
		"Content-Security-Policy":   "frame-ancestors 'none'",
		"X-Content-Type-Options":    "nosniff",
		"Strict-Transport-Security": "max-age=",
	} {
		if !strings.Contains(res.header.Get(h), want) {
			t.Errorf("%s: %q lacks %q", h, res.header.Get(h), want)
		}
	}
	if strings.Contains(res.header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("the CSP allows inline script")
	}
	res = f.must(200, login(f.users["peer"].Email, accPassword))
	if !strings.Contains(strings.ToLower(res.header.Get("Set-Cookie")), "secure") {
		t.Errorf("cookie over TLS is not Secure: %s", res.header.Get("Set-Cookie"))
	}
}
