package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// TestWriteViaRevokedUpdateLink: a write made through an update link checks, inside its
// transaction, that the link is still live with that token; one revoked or rotated while
// the page's post was on its way writes nothing.
func TestWriteViaRevokedUpdateLink(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		svc := queueService("Night shelter", "housing", "2025-01-15")
		write(t, st, svc)
		org := svc.OrganizationID
		if org == "" && svc.Organization != nil {
			org = svc.Organization.ID
		}
		l := store.UpdateLink{ID: directory.NewID(), ServiceID: svc.ID, OrganizationID: org, TokenHash: "hash-1", CreatedAt: time.Now()}
		if err := st.CreateUpdateLink(ctx, l, store.AuditEntry{Action: "create", RecordType: "update_link", RecordID: l.ID, Allowed: true}); err != nil {
			t.Fatal(err)
		}
		edit := func(name string, opts ...store.WriteOption) error {
			s, err := st.Service(ctx, svc.ID)
			if err != nil {
				t.Fatal(err)
			}
			s.Name = name
			_, err = st.WriteAll(ctx, []directory.Record{{Line: 1, Service: &s}}, opts...)
			return err
		}
		if err := edit("Night shelter (live link)", store.ViaUpdateLink(l.ID, "hash-1")); err != nil {
			t.Fatalf("a write through a live link: %v", err)
		}
		if err := edit("rotated away", store.ViaUpdateLink(l.ID, "an old hash")); !errors.Is(err, store.ErrLinkWithdrawn) {
			t.Errorf("a write through a rotated-away token: %v, want ErrLinkWithdrawn", err)
		}
		if err := st.RevokeUpdateLink(ctx, svc.ID, l.ID, time.Now(), store.AuditEntry{Action: "revoke", RecordType: "update_link", RecordID: l.ID, Allowed: true}); err != nil {
			t.Fatal(err)
		}
		if err := edit("revoked", store.ViaUpdateLink(l.ID, "hash-1")); !errors.Is(err, store.ErrLinkWithdrawn) {
			t.Errorf("a write through a revoked link: %v, want ErrLinkWithdrawn", err)
		}
		if got, _ := st.Service(ctx, svc.ID); got.Name != "Night shelter (live link)" {
			t.Errorf("a refused write changed the service: %q", got.Name)
		}
	})
}
