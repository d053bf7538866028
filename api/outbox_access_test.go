package api_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"handoff/api"
	"handoff/directory"
	"handoff/notify"
	"handoff/store"
	"handoff/store/storetest"
)

// The outbox's routes in the access matrix (TestRouteAccessMatrix): notice addresses
// are the organization's own staff's and the admins'; deliveries and webhooks the
// admins'; one's notices one's own.

func outboxRouteCases() map[string]routeCase {
	notices := func(f *accFixture) string { return "/api/v1/organizations/" + f.orgA + "/notice-addresses" }
	orgStaff := map[string]int{"admin": 200, "agency": 200}
	return map[string]routeCase{
		"GET /api/v1/organizations/:id/notice-addresses": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: notices(f), who: who}
		}, want: orgStaff, def: 403},
		"PUT /api/v1/organizations/:id/notice-addresses": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PUT", path: notices(f), who: who, body: map[string]any{"addresses": []map[string]any{
				{"channel": "email", "address": "intake@a.example.org", "events": []string{"referral.sent"}}}}}
		}, want: orgStaff, def: 403},
		"GET /api/v1/outbox": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/outbox?status=dead", who: who}
		}, want: adminOnly(200), def: 403},
		"GET /api/v1/outbox/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/outbox/" + f.addDeadDelivery(), who: who}
		}, want: adminOnly(200), def: 403},
		"POST /api/v1/outbox/:id/replay": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/outbox/" + f.addDeadDelivery() + "/replay", who: who}
		}, want: adminOnly(200), def: 403},
		"GET /api/v1/webhooks": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/webhooks", who: who}
		}, want: adminOnly(200), def: 403},
		"POST /api/v1/webhooks": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: "/api/v1/webhooks", who: who,
				body: map[string]any{"url": "https://receiver.example.org/hook", "events": []string{"referral.sent"}}}
		}, want: adminOnly(201), def: 403},
		"PATCH /api/v1/webhooks/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "PATCH", path: "/api/v1/webhooks/" + f.addWebhook("http://127.0.0.1:9/hook", notify.ReferralSent), who: who,
				body: map[string]any{"status": "paused"}}
		}, want: adminOnly(200), def: 403},
		"DELETE /api/v1/webhooks/:id": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "DELETE", path: "/api/v1/webhooks/" + f.addWebhook("http://127.0.0.1:9/hook", notify.ReferralSent), who: who}
		}, want: adminOnly(204), def: 403},
		"GET /api/v1/me/notices": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: "/api/v1/me/notices", who: who}
		}, want: signedIn(200), def: 401},
		"POST /api/v1/me/notices/:id/read": {req: func(f *accFixture, who string) accReq {
			id := directory.NewID()
			if who != "anon" {
				id = f.addNotice(f.users[who].ID)
			}
			return accReq{method: "POST", path: "/api/v1/me/notices/" + id + "/read", who: who}
		}, want: signedIn(204), def: 401},
	}
}

// addWebhook registers a receiver of the kinds at url and returns its id.
func (f *accFixture) addWebhook(url string, kinds ...notify.Kind) string {
	f.t.Helper()
	id := directory.NewID()
	if err := f.st.CreateWebhook(context.Background(), store.WebhookReceiver{ID: id, URL: url, Secret: notify.NewWebhookSecret(),
		Events: kinds, Status: "active", CreatedAt: time.Now()},
		store.AuditEntry{At: time.Now(), Action: "create", RecordType: "webhook", RecordID: id, Allowed: true}); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// addDeadDelivery makes a delivery in the dead-letter list: a receiver of referral
// events, a live referral, and a first attempt that gave up.
func (f *accFixture) addDeadDelivery() string {
	f.t.Helper()
	ctx := context.Background()
	hook := f.addWebhook("http://127.0.0.1:9/hook", notify.ReferralSent)
	f.sendLiveReferral("Dead Letter")
	q := f.st.Outbox(nil)
	ds, err := q.Claim(ctx, "fixture", []notify.Channel{notify.Webhook}, time.Now().Add(time.Second), time.Minute, 100000)
	if err != nil {
		f.t.Fatal(err)
	}
	dead := ""
	for _, d := range ds {
		if d.Receiver == hook {
			dead = d.ID
			if err := q.Failed(ctx, d, notify.Attempt{Worker: "fixture", At: time.Now(), Err: "refused"}, time.Now(), true); err != nil {
				f.t.Fatal(err)
			}
		} else if err := q.Release(ctx, d); err != nil {
			f.t.Fatal(err)
		}
	}
	if dead == "" {
		f.t.Fatal("no delivery to the fixture's receiver")
	}
	return dead
}

// addNotice gives the user an in-app notice and returns its id.
func (f *accFixture) addNotice(userID string) string {
	f.t.Helper()
	id := directory.NewID()
	if _, err := f.st.DB().Exec(`INSERT INTO user_notices (id, user_id, event_id, kind, text, created_at) VALUES ($1, $2, $3, 'referral.accepted', 'Your referral was accepted.', $4)`,
		id, userID, directory.NewID(), time.Now().UTC().Format("2006-01-02T15:04:05.000000Z")); err != nil {
		f.t.Fatal(err)
	}
	return id
}

// TestNoticeAddressesScope: agency staff keep their own organization's notice
// addresses only; a bad address or event is a 400 naming the field, and changes nothing.
func TestNoticeAddressesScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{})
		path := "/api/v1/organizations/" + f.orgA + "/notice-addresses"
		f.setNotices("intake@a.example.org", "referral.sent")
		f.must(403, accReq{method: "GET", path: path, who: "agency_other"})
		f.must(403, accReq{method: "PUT", path: path, who: "agency_other", body: map[string]any{"addresses": []any{}}})
		f.must(403, accReq{method: "PUT", path: path, who: "peer", body: map[string]any{"addresses": []any{}}})
		res := f.must(400, accReq{method: "PUT", path: path, who: "agency", body: map[string]any{"addresses": []map[string]any{
			{"channel": "email", "address": "not an address", "events": []string{"referral.sent"}},
			{"channel": "sms", "address": "+14135550100", "events": []string{"directory.changed"}},
			{"channel": "fax", "address": "x", "events": []string{"referral.sent"}}}}})
		for _, field := range []string{"addresses[0].address", "addresses[1].events", "addresses[2].channel"} {
			if !strings.Contains(string(res.body), field) {
				t.Errorf("the problem does not name %s: %s", field, res.body)
			}
		}
		var got struct {
			Addresses []store.NoticeAddress `json:"addresses"`
			Events    []string              `json:"events"`
		}
		f.must(200, accReq{method: "GET", path: path, who: "admin"}).json(t, &got)
		if len(got.Addresses) != 1 || got.Addresses[0].Address != "intake@a.example.org" || len(got.Events) == 0 {
			t.Fatalf("after a refused change: %+v", got)
		}
		f.must(404, accReq{method: "PUT", path: "/api/v1/organizations/" + directory.NewID() + "/notice-addresses", who: "admin",
			body: map[string]any{"addresses": []any{}}})
	})
}
