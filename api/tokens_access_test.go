package api_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestAPITokensAskAndDie is issue 11 #8: a session makes an API token only with the
// current password, never one that does not expire or outlives the server's cap, and a
// user's tokens die when the password changes (by the user or an admin) and when the
// account is disabled, enabling it again bringing none back.
func TestAPITokensAskAndDie(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := accNew(t, st, api.Options{TokenMaxLifetime: 30 * 24 * time.Hour}, nil)
		peer := f.users["peer"]
		mint := func(who string, body map[string]string) accRes {
			t.Helper()
			return f.do(accReq{method: "POST", path: "/api/v1/me/tokens", who: who, body: body})
		}
		refused := func(res accRes, status int, field string) {
			t.Helper()
			var p struct{ Errors []struct{ Field string } }
			if res.status == status {
				res.json(t, &p)
			}
			if res.status != status || !slices.ContainsFunc(p.Errors, func(e struct{ Field string }) bool { return e.Field == field }) {
				t.Errorf("want %d naming %s: %d %s", status, field, res.status, res.body)
			}
		}
		works := func(token string, want bool) {
			t.Helper()
			code := f.do(accReq{method: "GET", path: "/api/v1/me", token: token}).status
			if (code == 200) != want {
				t.Errorf("token answers %d, want it to work: %v", code, want)
			}
		}

		before := f.count("api_tokens")
		refused(mint("peer", map[string]string{"name": "no password"}), 400, "current_password")
		refused(mint("peer", map[string]string{"name": "wrong", "current_password": "not the password"}), 400, "current_password")
		refused(mint("peer", map[string]string{"name": "forever", "expires_in": "never", "current_password": accPassword}), 400, "expires_in")
		refused(mint("peer", map[string]string{"name": "too long", "expires_in": "31d", "current_password": accPassword}), 400, "expires_in")
		if n := f.count("api_tokens"); n != before {
			t.Errorf("refused requests made %d tokens", n-before)
		}

		// The default lifetime is the shorter of 90 days and the cap.
		var tok struct {
			ID, Token string
			ExpiresAt time.Time `json:"expires_at"`
		}
		f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", who: "peer", body: map[string]string{"name": "default", "current_password": accPassword}}).json(t, &tok)
		if d := time.Until(tok.ExpiresAt); d > 30*24*time.Hour || d < 29*24*time.Hour {
			t.Errorf("default token expires in %v, want 30 days", d)
		}
		works(tok.Token, true)

		// A token of no expiry, made before the cap (or by hand), ends at the cap.
		legacy := func(age time.Duration) string {
			token, hash := access.NewToken(access.APIToken)
			if err := st.CreateAPIToken(context.Background(), store.APIToken{ID: directory.NewID(), TokenHash: hash, UserID: peer.ID,
				Name: "legacy", CreatedAt: time.Now().Add(-age)}); err != nil {
				t.Fatal(err)
			}
			return token
		}
		works(legacy(time.Hour), true)
		works(legacy(31*24*time.Hour), false)

		// The user changes the password: every token dies; the session that changed it lives.
		f.must(204, accReq{method: "PUT", path: "/api/v1/me/password", who: "peer",
			body: map[string]string{"current_password": accPassword, "new_password": "a brand new passphrase"}})
		works(tok.Token, false)
		f.must(200, accReq{method: "GET", path: "/api/v1/me", who: "peer"})

		// An admin resets the password: the same.
		f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", who: "peer", body: map[string]string{"name": "again", "current_password": "a brand new passphrase"}}).json(t, &tok)
		works(tok.Token, true)
		f.must(200, accReq{method: "PATCH", path: "/api/v1/users/" + peer.ID, who: "admin", body: map[string]any{"password": "reset by the admin"}})
		works(tok.Token, false)

		// Disabled, then enabled: the token stays dead.
		var agencyTok struct{ Token string }
		f.must(201, accReq{method: "POST", path: "/api/v1/me/tokens", who: "agency", body: map[string]string{"name": "sync", "current_password": accPassword}}).json(t, &agencyTok)
		works(agencyTok.Token, true)
		id := f.users["agency"].ID
		f.must(200, accReq{method: "PATCH", path: "/api/v1/users/" + id, who: "admin", body: map[string]any{"disabled": true}})
		f.must(200, accReq{method: "PATCH", path: "/api/v1/users/" + id, who: "admin", body: map[string]any{"disabled": false}})
		works(agencyTok.Token, false)
	})
}
