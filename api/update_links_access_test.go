package api_test

import (
	"context"
	"net/url"
	"time"

	"handoff/access"
	"handoff/directory"
	"handoff/store"
)

// addUpdateLink makes an update link of organization A's service svcID in the store
// and answers its id and path (/u/{token}).
func (f *accFixture) addUpdateLink(svcID string) (id, path string) {
	f.t.Helper()
	token, hash := access.NewUpdateLinkToken()
	id = directory.NewID()
	l := store.UpdateLink{ID: id, ServiceID: svcID, OrganizationID: f.orgA, TokenHash: hash, CreatedBy: f.users["admin"].ID, CreatedAt: time.Now()}
	if err := f.st.CreateUpdateLink(context.Background(), l, store.AuditEntry{Action: "create", RecordType: "update_link", RecordID: id, Allowed: true}); err != nil {
		f.t.Fatal(err)
	}
	return id, "/u/" + token
}

// updateLinkRouteCases are the update links' rows of the route matrix: admins and
// organization A's agency staff manage A's service's links, B's agency staff are
// refused (403), the program is refused by role; the page answers anyone holding the
// link, and a real "Still correct" from it succeeds for anyone.
func updateLinkRouteCases() map[string]routeCase {
	base := func(f *accFixture) string { return "/api/v1/services/" + f.svcA + "/update-links" }
	return map[string]routeCase{
		"GET /api/v1/services/:id/update-links": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "GET", path: base(f), who: who}
		}, want: listingWriters(200), def: 403},
		"POST /api/v1/services/:id/update-links": {req: func(f *accFixture, who string) accReq {
			return accReq{method: "POST", path: base(f), who: who}
		}, want: listingWriters(201), def: 403},
		"POST /api/v1/services/:id/update-links/:lid/rotate": {req: func(f *accFixture, who string) accReq {
			id, _ := f.addUpdateLink(f.svcA)
			return accReq{method: "POST", path: base(f) + "/" + id + "/rotate", who: who}
		}, want: listingWriters(200), def: 403},
		"DELETE /api/v1/services/:id/update-links/:lid": {req: func(f *accFixture, who string) accReq {
			id, _ := f.addUpdateLink(f.svcA)
			return accReq{method: "DELETE", path: base(f) + "/" + id, who: who}
		}, want: listingWriters(204), def: 403},
		"GET /u/:token": {req: func(f *accFixture, who string) accReq {
			_, path := f.addUpdateLink(f.svcA)
			return accReq{method: "GET", path: path, who: who}
		}, want: map[string]int{}, def: 200},
		"POST /u/:token": {req: func(f *accFixture, who string) accReq {
			_, path := f.addUpdateLink(capListing(f, "Matrix beds", "capacity", 2))
			_, _, tok := f.linkPage(f.base + path)
			return accReq{method: "POST", path: path, who: who, body: url.Values{"form_token": {tok}, "action": {"confirm"}}.Encode(),
				header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}
		}, want: map[string]int{}, def: 200},
	}
}
