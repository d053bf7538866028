package api

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/store"
)

// listingKind is what the generic directory-write handlers need to know about one kind
// of record (service, organization, location): how to load, own, check, write and
// delete it. The handlers are the same for the three; only these differ.
type listingKind[T any] struct {
	name  string // "service"
	title string // "The service", for messages
	path  string // "/api/v1/services/"
	load  func(ctx context.Context, st *store.Store, id string) (T, error)
	id    func(*T) *string
	// owner is the organization that owns the record, which decides who may change it.
	owner func(*T) string
	// adopt gives a record without an owner to an agency user's organization.
	adopt func(v *T, orgID string)
	// prepare normalizes and validates a record about to be written, and reduces the
	// shared records it embeds to references (see directory.ResolveShared). old is the
	// stored record a PUT or PATCH replaces, nil for a POST: what the server stamps (a
	// capacity's date) depends on what changed.
	prepare func(s *Server, c *fiber.Ctx, v, old *T) error
	// write and remove take the store's options: the If-Match precondition and the
	// audit row, both checked or written inside the write's transaction.
	write  func(ctx context.Context, st *store.Store, v *T, opts ...store.WriteOption) error
	remove func(ctx context.Context, st *store.Store, id string, opts ...store.WriteOption) error
}

func (s *Server) directoryWriteRoutes(v1 fiber.Router) {
	listingRoutes(s, v1, "/services", serviceKind)
	listingRoutes(s, v1, "/organizations", organizationKind)
	listingRoutes(s, v1, "/locations", locationKind)
}

func listingRoutes[T any](s *Server, r fiber.Router, prefix string, k *listingKind[T]) {
	r.Post(prefix, createListing(s, k))
	r.Get(prefix+"/:id", getListing(s, k))
	r.Put(prefix+"/:id", putListing(s, k))
	r.Patch(prefix+"/:id", patchListing(s, k))
	r.Delete(prefix+"/:id", deleteListing(s, k))
}

// getListing answers a record with its ETag, for a client that will PATCH it with
// If-Match. An id that is not a UUID passes to the next route, so that routes such as
// /api/v1/services/search registered later are not shadowed.
func getListing[T any](s *Server, k *listingKind[T]) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id := c.Params("id")
		if !directory.IsUUID(id) {
			return c.Next()
		}
		v, err := k.load(c.UserContext(), s.store, id)
		if errors.Is(err, store.ErrNotFound) {
			return notFound(k.title)
		} else if err != nil {
			return err
		}
		return sendTagged(c, fiber.StatusOK, v)
	}
}

func createListing[T any](s *Server, k *listingKind[T]) fiber.Handler {
	return func(c *fiber.Ctx) error {
		var v T
		if err := readJSON(c, &v); err != nil {
			return err
		}
		id := k.id(&v)
		if *id == "" {
			*id = directory.NewID()
		}
		adoptUnowned(c, k, &v)
		if err := s.mayWriteListing(c, "create", k.name, *id, k.owner(&v)); err != nil {
			return err
		}
		if directory.IsUUID(*id) {
			_, err := k.load(c.UserContext(), s.store, *id)
			if err == nil {
				return problem(fiber.StatusConflict, "A "+k.name+" with this id exists: change it with PUT or PATCH "+k.path+*id+".")
			} else if !errors.Is(err, store.ErrNotFound) {
				return err
			}
		}
		if err := writeListing(s, c, k, &v, nil, "create"); err != nil {
			return err
		}
		c.Location(k.path + *id)
		return sendListing(s, c, k, *id, fiber.StatusCreated)
	}
}

// loadForChange loads the record of the :id parameter for PUT, PATCH or DELETE: 404 when
// there is none, 403 when the user may not change its organization's listings, 412 when
// If-Match names another version. Checking the ETag here is not enough, since another
// write may land between this read and the write: with If-Match, the options it returns
// make the store check, inside the write's transaction, that the record is still the
// version that was read here.
func loadForChange[T any](s *Server, c *fiber.Ctx, k *listingKind[T], action string) (T, []store.WriteOption, error) {
	var zero T
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return zero, nil, notFound(k.title)
	}
	ctx := c.UserContext()
	var opts []store.WriteOption
	if ifMatchGiven(c) {
		// The version is read before the record: a write in between then makes the
		// store refuse a copy that was in fact current, never accept one that was not.
		u, err := s.store.DirectoryVersion(ctx, k.name, id)
		if errors.Is(err, store.ErrNotFound) {
			return zero, nil, notFound(k.title)
		} else if err != nil {
			return zero, nil, err
		}
		opts = append(opts, store.IfUnchanged(u))
	}
	v, err := k.load(ctx, s.store, id)
	if errors.Is(err, store.ErrNotFound) {
		return zero, nil, notFound(k.title)
	} else if err != nil {
		return zero, nil, err
	}
	if err := s.mayWriteListing(c, action, k.name, id, k.owner(&v)); err != nil {
		return zero, nil, err
	}
	etag, err := etagOf(v)
	if err != nil {
		return zero, nil, err
	}
	return v, opts, checkIfMatch(c, etag)
}

func putListing[T any](s *Server, k *listingKind[T]) fiber.Handler {
	return func(c *fiber.Ctx) error {
		old, opts, err := loadForChange(s, c, k, "update")
		if err != nil {
			return err
		}
		var v T
		if err := readJSON(c, &v); err != nil {
			return err
		}
		return replaceListing(s, c, k, old, &v, opts)
	}
}

// patchListing applies a JSON Merge Patch (RFC 7396) to the record as GET shows it.
func patchListing[T any](s *Server, k *listingKind[T]) fiber.Handler {
	return func(c *fiber.Ctx) error {
		old, opts, err := loadForChange(s, c, k, "update")
		if err != nil {
			return err
		}
		var v T
		if err := applyMergePatch(c, old, &v); err != nil {
			return err
		}
		return replaceListing(s, c, k, old, &v, opts)
	}
}

// replaceListing writes v over old: same id, and an owner the user may write for too,
// so that no one moves a listing into or out of an organization that is not theirs. opts
// are loadForChange's.
func replaceListing[T any](s *Server, c *fiber.Ctx, k *listingKind[T], old T, v *T, opts []store.WriteOption) error {
	id := *k.id(&old)
	if got := k.id(v); *got == "" {
		*got = id
	} else if *got != id {
		return directory.FieldErrors{{Field: "id", Message: "must be the id in the address; a record's id cannot change"}}
	}
	adoptUnowned(c, k, v)
	if k.owner(v) != k.owner(&old) {
		if err := s.mayWriteListing(c, "update", k.name, id, k.owner(v)); err != nil {
			return err
		}
	}
	if err := writeListing(s, c, k, v, &old, "update", opts...); err != nil {
		return err
	}
	return sendListing(s, c, k, id, fiber.StatusOK)
}

// writeListing checks a record, then writes it and its audit row in one transaction. Any
// failure leaves the data as it was; a record changed since If-Match's read is 412. old
// is the record replaced, nil when v is new.
func writeListing[T any](s *Server, c *fiber.Ctx, k *listingKind[T], v, old *T, action string, opts ...store.WriteOption) error {
	if err := k.prepare(s, c, v, old); err != nil {
		return err
	}
	opts = append(append([]store.WriteOption{store.ChangedBy(changeActorOf(c))}, opts...), listingAudit(c, action, k.name, *k.id(v)))
	err := k.write(c.UserContext(), s.store, v, opts...)
	var foreign *store.ForeignChildError
	switch {
	case errors.Is(err, store.ErrConflict):
		return preconditionFailed()
	case errors.As(err, &foreign):
		// A child id of another record: refused and audited as the attempt to reach
		// into that record that it may be.
		if err := s.auditDetail(c, action, k.name, *k.id(v), false, "foreign "+foreign.Kind+" "+foreign.ID); err != nil {
			return err
		}
		return foreignChild(foreign)
	case err != nil:
		return storeWriteError(err)
	}
	return nil
}

// foreignChild is the 422 of a write that names another record's child as its own.
func foreignChild(e *store.ForeignChildError) *Problem {
	p := problem(fiber.StatusUnprocessableEntity, e.Field+" "+e.Message()+".")
	p.Errors = []directory.FieldError{{Field: e.Field, Message: e.Message()}}
	return p
}

// listingAudit has the store append the allowed write's audit row inside the write's
// transaction, stamped with the time of the write: a listing then never changes without
// its row, and no row stands for a write that was rolled back.
func listingAudit(c *fiber.Ctx, action, recordType, id string) store.WriteOption {
	e := auditEntryOf(c, action, recordType, id, true, "")
	e.At = time.Time{}
	return store.WithAudit(e)
}

// sendListing answers the record as stored, with its ETag.
func sendListing[T any](s *Server, c *fiber.Ctx, k *listingKind[T], id string, status int) error {
	v, err := k.load(c.UserContext(), s.store, id)
	if err != nil {
		return err
	}
	return sendTagged(c, status, v)
}

// storeWriteError unwraps the field errors the store reports inside a record error
// (a reference to a record that does not exist), so that they answer 400.
func storeWriteError(err error) error {
	var rec *directory.RecordError
	if errors.As(err, &rec) && len(rec.Fields) > 0 {
		return rec.Fields
	}
	return err
}

func deleteListing[T any](s *Server, k *listingKind[T]) fiber.Handler {
	return func(c *fiber.Ctx) error {
		old, opts, err := loadForChange(s, c, k, "delete")
		if err != nil {
			return err
		}
		id := *k.id(&old)
		err = k.remove(c.UserContext(), s.store, id, append(opts, listingAudit(c, "delete", k.name, id), store.ChangedBy(changeActorOf(c)))...)
		var inUse *store.InUseError
		switch {
		case errors.As(err, &inUse):
			return problem(fiber.StatusConflict, "The "+k.name+" is still used by "+inUse.Detail+": remove those first.")
		case errors.Is(err, store.ErrConflict):
			return preconditionFailed()
		case errors.Is(err, store.ErrNotFound):
			return notFound(k.title)
		case err != nil:
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	}
}

// adoptUnowned gives a listing that names no owner to the organization the signed-in
// user's writes belong to, if any (access's AdoptsListing: agency staff's own).
func adoptUnowned[T any](c *fiber.Ctx, k *listingKind[T], v *T) {
	if org, ok := currentPrincipal(c).AdoptsListing(k.owner(v)); ok {
		k.adopt(v, org)
	}
}
