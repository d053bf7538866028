package api_test

import (
	"context"
	"testing"
	"time"

	"handoff/access"
	"handoff/api"
	"handoff/store/storetest"
)

// TestPasswordHashingBusy is issue 11 #5: password hashes run a few at a time; with
// every slot taken, logins (of known and unknown emails alike), password changes and
// new accounts answer 503 with Retry-After, change nothing and count as no failed login.
func TestPasswordHashingBusy(t *testing.T) {
	h := access.NewHasher(1, 20*time.Millisecond)
	f := accNew(t, storetest.SQLite(t), api.Options{Hasher: h, LoginRateLimit: 1}, nil)
	release, err := h.Acquire(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	before := f.snapshot()
	busy := func(r accReq) string {
		t.Helper()
		res := f.must(503, r)
		if res.header.Get("Retry-After") == "" {
			t.Errorf("%s %s: 503 without Retry-After", r.method, r.path)
		}
		return stripRequest(t, res.body, "/")
	}
	known := busy(login(f.users["peer"].Email, accPassword))
	unknown := busy(login("nobody@fixture.example", accPassword))
	if known != unknown {
		t.Errorf("a full server answers known and unknown emails differently:\n%s\n%s", known, unknown)
	}
	busy(login(f.users["peer"].Email, "a wrong password"))
	busy(accReq{method: "PUT", path: "/api/v1/me/password", who: "peer",
		body: map[string]string{"current_password": accPassword, "new_password": "a brand new passphrase"}})
	busy(accReq{method: "POST", path: "/api/v1/users", who: "admin", body: map[string]string{
		"email": "new.user@fixture.example", "name": "New User", "role": "clinician", "password": "another secret phrase"}})
	busy(accReq{method: "PATCH", path: "/api/v1/users/" + f.users["clinician"].ID, who: "admin",
		body: map[string]any{"password": "reset by the admin", "name": "Renamed"}})
	after := f.snapshot()
	for table, n := range before {
		if after[table] != n {
			t.Errorf("%s: %d rows, was %d", table, after[table], n)
		}
	}
	if u, _ := f.st.UserByID(context.Background(), f.users["clinician"].ID); u.Name != "Fixture clinician" {
		t.Errorf("a refused patch renamed the user to %q", u.Name)
	}

	release()
	// The 503s were no failed logins: the limit of one failure per address is untouched.
	f.must(200, login(f.users["peer"].Email, accPassword))
	f.must(401, login(f.users["peer"].Email, "a wrong password"))
	f.must(429, login(f.users["peer"].Email, accPassword))
}
