package api_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/store"
	"handoff/store/storetest"
)

// TestPasswordResetLink: an admin makes a reset link for an agency user (a coordinator
// may not); the page shows the form; a short password and a mismatched repeat are
// refused beside their fields and change nothing; the right one sets the password, ends
// the person's sessions and tokens, and the link then answers 410. A newer link kills
// the older one; an expired link and one of a deactivated account answer 410; a
// malformed or unknown token 404; too many posts 429. Every use is audited. On SQLite
// and PostgreSQL.
func TestPasswordResetLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		u := f.users["agency"]
		reset := "/api/v1/users/" + u.ID + "/password-reset"
		f.must(403, accReq{method: "POST", path: reset, who: "coordinator"})
		f.must(404, accReq{method: "POST", path: "/api/v1/users/nope/password-reset", who: "admin"})
		var link struct {
			URL       string    `json:"url"`
			ExpiresAt time.Time `json:"expires_at"`
		}
		f.must(201, accReq{method: "POST", path: reset, who: "admin"}).json(t, &link)
		if d := time.Until(link.ExpiresAt); d < 23*time.Hour || d > 25*time.Hour {
			t.Errorf("the link expires in %v", d)
		}
		path := strings.TrimPrefix(link.URL, f.base)
		if !strings.HasPrefix(path, "/p/hp_") {
			t.Fatalf("link URL %q", link.URL)
		}
		page := f.must(200, accReq{method: "GET", path: path})
		if b := string(page.body); !strings.Contains(b, u.Email) || !strings.Contains(b, `name="password"`) || strings.Contains(b, "<script") {
			t.Errorf("reset page: %s", b)
		}
		if cc := page.header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
			t.Errorf("Cache-Control %q", cc)
		}

		res := f.must(400, formPost(path, url.Values{"password": {"short"}, "confirm": {"short"}}))
		if b := string(res.body); !strings.Contains(b, `id="password-err"`) || !strings.Contains(b, "at least 12 characters") {
			t.Errorf("short password: %s", b)
		}
		res = f.must(400, formPost(path, url.Values{"password": {"a long enough new one"}, "confirm": {"a long enough new 1"}}))
		if b := string(res.body); !strings.Contains(b, `id="confirm-err"`) {
			t.Errorf("mismatch: %s", b)
		}
		cross := formPost(path, url.Values{"password": {"a long enough new one"}, "confirm": {"a long enough new one"}})
		cross.header["Sec-Fetch-Site"] = "cross-site"
		f.must(403, cross)
		f.must(200, accReq{method: "GET", path: "/api/v1/me", who: "agency"}) // nothing changed yet

		tokenID := f.addToken(u.ID)
		res = f.must(200, formPost(path, url.Values{"password": {"a long enough new one"}, "confirm": {"a long enough new one"}}))
		if b := string(res.body); !strings.Contains(b, `id="done"`) || !strings.Contains(b, `href="/agency"`) {
			t.Errorf("done page: %s", b)
		}
		f.must(401, accReq{method: "GET", path: "/api/v1/me", who: "agency"}) // the session ended
		f.must(404, accReq{method: "DELETE", path: "/api/v1/tokens/" + tokenID, who: "admin"})
		f.must(401, accReq{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": u.Email, "password": accPassword}})
		f.must(200, accReq{method: "POST", path: "/api/v1/auth/login", body: map[string]string{"email": u.Email, "password": "a long enough new one"}})
		if b := string(f.must(410, accReq{method: "GET", path: path}).body); !strings.Contains(b, `id="gone"`) {
			t.Errorf("used link: %s", b)
		}
		f.must(410, formPost(path, url.Values{"password": {"another new password"}, "confirm": {"another new password"}}))

		var audit struct{ Items []store.AuditEntry }
		f.must(200, accReq{method: "GET", path: "/api/v1/audit?record_type=user&record=" + u.ID, who: "admin"}).json(t, &audit)
		actions := map[string]bool{}
		for _, e := range audit.Items {
			actions[e.Action+"/"+e.UserID] = true
		}
		if !actions["reset-password/"+f.users["admin"].ID] || !actions["set-password/"+u.ID] {
			t.Errorf("audit of the reset: %+v", audit.Items)
		}

		// A newer link kills the older one.
		var first, second struct{ URL string }
		f.must(201, accReq{method: "POST", path: reset, who: "admin"}).json(t, &first)
		f.must(201, accReq{method: "POST", path: reset, who: "admin"}).json(t, &second)
		f.must(410, accReq{method: "GET", path: strings.TrimPrefix(first.URL, f.base)})
		f.must(200, accReq{method: "GET", path: strings.TrimPrefix(second.URL, f.base)})
		// Deactivating the account kills its link, and a deactivated account gets none.
		f.must(200, accReq{method: "PATCH", path: "/api/v1/users/" + u.ID, who: "admin", body: map[string]any{"disabled": true}})
		f.must(410, accReq{method: "GET", path: strings.TrimPrefix(second.URL, f.base)})
		if b := string(f.must(409, accReq{method: "POST", path: reset, who: "admin"}).body); !strings.Contains(b, `"disabled"`) {
			t.Errorf("reset of a deactivated account: %s", b)
		}

		// Expired, malformed, unknown.
		f.must(410, accReq{method: "GET", path: f.addPasswordReset(f.users["peer"].ID, time.Now().Add(-time.Minute))})
		f.must(404, accReq{method: "GET", path: "/p/nope"})
		f.must(404, accReq{method: "GET", path: "/p/hp_" + strings.Repeat("A", 43)})

		// Too many posts through one link.
		limited := f.addPasswordReset(f.users["clinician"].ID, time.Now().Add(time.Hour))
		status := 0
		for range 11 {
			status = f.do(formPost(limited, url.Values{"password": {"x"}, "confirm": {"x"}})).status
		}
		if status != 429 {
			t.Errorf("the 11th post answered %d, want 429", status)
		}
	})
}
