package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"handoff/api"
	"handoff/directory/snapshot"
	"handoff/store/storetest"
)

// countRows reads one number from the database.
func (f *accFixture) countRows(q string, args ...any) int {
	f.t.Helper()
	var n int
	if err := f.st.DB().QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		f.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestIdempotencyKeys: the care writes a phone queues offline (issue 17) take an
// Idempotency-Key. A repeat answers the first result and records nothing; the same key
// with another body is a 422 naming the header; a bad key is a 400; keys are per user;
// requests without a key work as before.
func TestIdempotencyKeys(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{})
			person := f.addPerson("I. K.")
			key := func(k string) map[string]string { return map[string]string{"Idempotency-Key": k} }
			occurred := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339)
			enc := map[string]any{"person_id": person, "occurred_at": occurred, "source": "walk_in", "town": "Holyoke",
				"presenting_needs": []string{"housing"}, "disposition": "referred", "notes": "Needs a bed tonight."}

			var first, again struct {
				ID       string `json:"id"`
				Notes    string `json:"notes"`
				FollowUp *struct {
					ID string `json:"id"`
				} `json:"follow_up"`
			}
			res := f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: enc, header: key(`"enc-1"`)})
			res.json(t, &first)
			if res.header.Get("Idempotent-Replayed") != "" || first.FollowUp == nil {
				t.Fatalf("first answer: %s %+v", res.header, first)
			}
			res = f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: enc, header: key("enc-1")})
			res.json(t, &again)
			if res.header.Get("Idempotent-Replayed") != "true" || again.ID != first.ID || again.FollowUp == nil ||
				again.FollowUp.ID != first.FollowUp.ID || again.Notes != "Needs a bed tonight." {
				t.Fatalf("repeat: %s %+v, want the first %+v", res.header, again, first)
			}
			if n := f.countRows(`SELECT count(*) FROM encounters WHERE person_id = $1`, person); n != 1 {
				t.Fatalf("%d encounters after a repeat, want 1", n)
			}
			if n := f.countRows(`SELECT count(*) FROM follow_ups WHERE person_id = $1`, person); n != 1 {
				t.Fatalf("%d follow-ups after a repeat, want 1", n)
			}

			// The same key with another body: 422, naming the header; nothing recorded.
			other := map[string]any{}
			for k, v := range enc {
				other[k] = v
			}
			other["town"] = "Chicopee"
			res = f.must(422, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: other, header: key("enc-1")})
			if !strings.Contains(string(res.body), `"field":"Idempotency-Key"`) {
				t.Errorf("422 names no field: %s", res.body)
			}
			// Another user's same key is their own.
			f.must(201, accReq{method: "POST", path: "/api/v1/encounters", who: "clinician", body: enc, header: key("enc-1")})
			if n := f.countRows(`SELECT count(*) FROM encounters WHERE person_id = $1`, person); n != 2 {
				t.Fatalf("%d encounters, want 2 (one per user)", n)
			}
			for _, bad := range []string{`"`, strings.Repeat("k", 256), "caf\u00e9"} {
				res = f.must(400, accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: enc, header: key(bad)})
				if !strings.Contains(string(res.body), "Idempotency-Key") {
					t.Errorf("bad key %q: %s", bad, res.body)
				}
			}

			// Two tries on the follow-up, each sent twice: two attempts.
			path := "/api/v1/follow-ups/" + first.FollowUp.ID + "/attempts"
			for i, k := range []string{"try-1", "try-2"} {
				body := map[string]any{"channel": "phone", "outcome": "no_answer", "at": time.Now().Add(time.Duration(i-5) * time.Minute).UTC().Format(time.RFC3339)}
				f.must(201, accReq{method: "POST", path: path, who: "peer", body: body, header: key(k)})
				res = f.must(201, accReq{method: "POST", path: path, who: "peer", body: body, header: key(k)})
				if res.header.Get("Idempotent-Replayed") != "true" {
					t.Errorf("try %d repeated: not replayed", i)
				}
			}
			if n := f.countRows(`SELECT count(*) FROM follow_up_attempts WHERE follow_up_id = $1`, first.FollowUp.ID); n != 2 {
				t.Fatalf("%d attempts, want 2", n)
			}
			// The key of an attempt on another follow-up is another request.
			f.must(422, accReq{method: "POST", path: "/api/v1/follow-ups/" + first.ID + "/attempts", who: "peer",
				body: map[string]any{"channel": "phone", "outcome": "no_answer"}, header: key("try-1")})

			// A follow-up closed by a colleague meanwhile: the queued try is a plain 409.
			f.must(201, accReq{method: "POST", path: path, who: "clinician", body: map[string]any{"channel": "phone", "outcome": "reached"}})
			res = f.must(409, accReq{method: "POST", path: path, who: "peer", body: map[string]any{"channel": "phone", "outcome": "no_answer"}, header: key("try-3")})
			if n := f.countRows(`SELECT count(*) FROM idempotency_keys WHERE key = 'try-3'`); n != 0 {
				t.Errorf("a refused request kept its key")
			}

			// A record-only referral, sent twice: one.
			ref := map[string]any{"person_id": person, "service_id": f.svcA, "need": "food", "mode": "logged"}
			var r1, r2 struct{ ID string }
			f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: ref, header: key("ref-1")}).json(t, &r1)
			f.must(201, accReq{method: "POST", path: "/api/v1/referrals", who: "peer", body: ref, header: key("ref-1")}).json(t, &r2)
			if r1.ID == "" || r1.ID != r2.ID {
				t.Fatalf("referral repeat: %q then %q", r1.ID, r2.ID)
			}
			if n := f.countRows(`SELECT count(*) FROM referrals WHERE person_id = $1`, person); n != 1 {
				t.Fatalf("%d referrals, want 1", n)
			}
		})
	}
}

// TestIdempotencyKeyRace: the same request sent at once from two connections (a phone
// that retried while the first send was still in flight) is recorded once; the loser
// answers the first result or the draft's 409 "being processed".
func TestIdempotencyKeyRace(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{})
			person := f.addPerson("R. C.")
			enc := map[string]any{"person_id": person, "occurred_at": time.Now().Add(-time.Hour).UTC().Format(time.RFC3339),
				"source": "walk_in", "town": "Holyoke", "presenting_needs": []string{"food"}, "disposition": "referred"}
			var wg sync.WaitGroup
			statuses := make([]int, 4)
			for i := range statuses {
				wg.Add(1)
				go func() {
					defer wg.Done()
					statuses[i] = f.do(accReq{method: "POST", path: "/api/v1/encounters", who: "peer", body: enc,
						header: map[string]string{"Idempotency-Key": "race"}}).status
				}()
			}
			wg.Wait()
			for _, s := range statuses {
				if s != 201 && s != 409 {
					t.Errorf("statuses %v: want 201 or 409", statuses)
				}
			}
			if n := f.countRows(`SELECT count(*) FROM encounters WHERE person_id = $1`, person); n != 1 {
				t.Fatalf("%d encounters from one key sent 4 times at once, want 1", n)
			}
		})
	}
}

// TestOfflineSnapshotRoute: the snapshot carries the directory without people, with an
// ETag that an unchanged directory keeps (304, nothing sent) and a change renews.
func TestOfflineSnapshotRoute(t *testing.T) {
	for _, b := range storetest.Backends(t) {
		t.Run(b.Name, func(t *testing.T) {
			f := careNew(t, b.Open(t), api.Options{})
			f.addPerson("Never In The Snapshot")
			res := f.must(200, accReq{method: "GET", path: "/api/v1/offline/snapshot", who: "peer"})
			etag := res.header.Get("ETag")
			var snap snapshot.Snapshot
			res.json(t, &snap)
			if etag != `"`+snap.Version+`"` || len(snap.Services) != 2 || len(snap.ZIPs) < 400 || len(snap.Towns) < 300 {
				t.Fatalf("snapshot: etag %s version %s, %d services, %d ZIPs, %d towns", etag, snap.Version, len(snap.Services), len(snap.ZIPs), len(snap.Towns))
			}
			if bytes.Contains(res.body, []byte("Never In The Snapshot")) {
				t.Fatal("a person's name is in the snapshot")
			}
			s := snap.Services[0]
			if len(s.Sites) != 1 || s.Needs[0] != "food" || len(s.Phones) != 1 {
				t.Errorf("service: %+v", s)
			}
			f.must(304, accReq{method: "GET", path: "/api/v1/offline/snapshot", who: "peer", header: map[string]string{"If-None-Match": etag}})

			// gzip when asked: what a phone downloads.
			req, _ := http.NewRequest("GET", f.base+"/api/v1/offline/snapshot", nil)
			req.Header.Set("Authorization", "Bearer "+f.users["clinician"].Token)
			req.Header.Set("Accept-Encoding", "gzip")
			raw, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			zr, err := gzip.NewReader(raw.Body)
			if err != nil || raw.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("gzip: %v %s", err, raw.Header)
			}
			plain, _ := io.ReadAll(zr)
			raw.Body.Close()
			if !json.Valid(plain) {
				t.Fatal("gzipped snapshot is not JSON")
			}

			// A directory change renews the version.
			f.addListingTo(f.orgA)
			res = f.must(200, accReq{method: "GET", path: "/api/v1/offline/snapshot", who: "peer", header: map[string]string{"If-None-Match": etag}})
			if res.header.Get("ETag") == etag {
				t.Fatal("the ETag did not change with the directory")
			}
		})
	}
}

// TestOfflineQueueKey: the key is the session's: the same within a period, another for
// another session, none for an API token or after sign-out.
func TestOfflineQueueKey(t *testing.T) {
	f := careNew(t, storetest.SQLite(t), api.Options{OfflineQueueTTL: time.Hour})
	var k1, k2, k3 struct {
		ID, Key, Alg string
		UseUntil     time.Time `json:"use_until"`
		ExpiresAt    time.Time `json:"expires_at"`
		TTLSeconds   int64     `json:"ttl_seconds"`
	}
	f.must(200, accReq{method: "GET", path: "/api/v1/offline/key", who: "peer"}).json(t, &k1)
	f.must(200, accReq{method: "GET", path: "/api/v1/offline/key", who: "peer"}).json(t, &k2)
	f.must(200, accReq{method: "GET", path: "/api/v1/offline/key", who: "clinician"}).json(t, &k3)
	if k1.Key == "" || k1.Key != k2.Key || k1.ID != k2.ID || k1.Key == k3.Key || k1.Alg != "A256GCM" || k1.TTLSeconds != 3600 {
		t.Fatalf("keys: %+v %+v %+v", k1, k2, k3)
	}
	if !k1.ExpiresAt.Equal(k1.UseUntil.Add(time.Hour)) || time.Until(k1.UseUntil) > time.Hour || time.Until(k1.UseUntil) <= 0 {
		t.Errorf("period: use until %s, expires %s", k1.UseUntil, k1.ExpiresAt)
	}
	f.must(204, accReq{method: "POST", path: "/api/v1/auth/logout", who: "peer"})
	f.must(401, accReq{method: "GET", path: "/api/v1/offline/key", who: "peer"})
}
