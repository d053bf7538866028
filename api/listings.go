package api

import (
	"context"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/directory"
	"handoff/store"
)

// The three kinds of directory record the API writes.
var (
	serviceKind = &listingKind[directory.Service]{
		name: "service", title: "The service", path: "/api/v1/services/",
		load: func(ctx context.Context, st *store.Store, id string) (directory.Service, error) {
			return st.Service(ctx, id)
		},
		id: func(v *directory.Service) *string { return &v.ID },
		owner: func(v *directory.Service) string {
			if v.OrganizationID == "" && v.Organization != nil {
				return v.Organization.ID
			}
			return v.OrganizationID
		},
		adopt:   func(v *directory.Service, orgID string) { v.OrganizationID = orgID },
		prepare: prepareService,
		write: func(ctx context.Context, st *store.Store, v *directory.Service, opts ...store.WriteOption) error {
			_, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Service: v}}, opts...)
			return err
		},
		remove: func(ctx context.Context, st *store.Store, id string, opts ...store.WriteOption) error {
			return st.DeleteService(ctx, id, opts...)
		},
	}
	organizationKind = &listingKind[directory.Organization]{
		name: "organization", title: "The organization", path: "/api/v1/organizations/",
		load: func(ctx context.Context, st *store.Store, id string) (directory.Organization, error) {
			return st.Organization(ctx, id, false)
		},
		id:      func(v *directory.Organization) *string { return &v.ID },
		owner:   func(v *directory.Organization) string { return v.ID },
		adopt:   func(*directory.Organization, string) {},
		prepare: prepareOrganization,
		write: func(ctx context.Context, st *store.Store, v *directory.Organization, opts ...store.WriteOption) error {
			_, err := st.WriteAll(ctx, []directory.Record{{Line: 1, Organization: v}}, opts...)
			return err
		},
		remove: func(ctx context.Context, st *store.Store, id string, opts ...store.WriteOption) error {
			return st.DeleteOrganization(ctx, id, opts...)
		},
	}
	locationKind = &listingKind[directory.Location]{
		name: "location", title: "The location", path: "/api/v1/locations/",
		load: func(ctx context.Context, st *store.Store, id string) (directory.Location, error) {
			return st.Location(ctx, id)
		},
		id:      func(v *directory.Location) *string { return &v.ID },
		owner:   func(v *directory.Location) string { return v.OrganizationID },
		adopt:   func(v *directory.Location, orgID string) { v.OrganizationID = orgID },
		prepare: prepareLocation,
		write: func(ctx context.Context, st *store.Store, v *directory.Location, opts ...store.WriteOption) error {
			_, err := st.WriteLocation(ctx, v, opts...)
			return err
		},
		remove: func(ctx context.Context, st *store.Store, id string, opts ...store.WriteOption) error {
			return st.DeleteLocation(ctx, id, opts...)
		},
	}
)

// prepareService checks a service for writing. Its embedded organization is read-only
// here (organizations change through their own route); embedded locations and taxonomy
// terms are shared with other listings, see directory.ResolveShared. The server,
// not the client, tells when the service and its capacity figures changed (see
// stampService), and the capacity status is made to agree with the counts.
func prepareService(s *Server, c *fiber.Ctx, v, old *directory.Service) error {
	if o := v.Organization; o != nil {
		if v.OrganizationID == "" {
			v.OrganizationID = o.ID
		}
		if o.ID != v.OrganizationID {
			return directory.FieldErrors{{Field: "organization.id", Message: "must be organization_id"}}
		}
		v.Organization = nil
	}
	directory.NormalizeService(v)
	stampService(v, old, time.Now())
	if chk := directory.ValidateService(v); len(chk.Errors) > 0 {
		return chk.Errors
	}
	if schedulesChanged(v, old) {
		if errs := directory.ScheduleSense("", v.Schedules); len(errs) > 0 {
			return errs
		}
	}
	directory.SettleCapacityStatus(v)
	return s.shared(c, v.Attributes, v.ServiceAtLocations)
}

// stampService puts the server's times on a service a client writes. last_modified is
// emptied: the store then reports the time of this write (the row's updated_at, the
// same time modified_after filters on) instead of a time the client sent or copied
// from an earlier GET. Capacity figures are dated by directory.StampCapacities; old is
// the stored service, nil for a new one.
func stampService(v, old *directory.Service, now time.Time) {
	v.LastModified = ""
	var before []directory.Capacity
	if old != nil {
		before = old.Capacities
	}
	directory.StampCapacities(v.Capacities, before, now)
}

// prepareOrganization checks an organization for writing: its own fields, phones and
// attributes. Its services and locations are written through their own routes.
func prepareOrganization(s *Server, c *fiber.Ctx, v, _ *directory.Organization) error {
	var errs directory.FieldErrors
	if len(v.Services) > 0 {
		errs = append(errs, directory.FieldError{Field: "services", Message: "are not written here: use POST /api/v1/services"})
	}
	if len(v.Locations) > 0 {
		errs = append(errs, directory.FieldError{Field: "locations", Message: "are not written here: use POST /api/v1/locations"})
	}
	directory.NormalizeOrganization(v)
	errs = append(errs, directory.ValidateOrganization(v).Errors...)
	if len(errs) > 0 {
		return errs
	}
	return s.shared(c, v.Attributes, nil)
}

// prepareLocation checks a location for writing; its organization must exist.
func prepareLocation(s *Server, c *fiber.Ctx, v, _ *directory.Location) error {
	directory.NormalizeLocation(v)
	errs := directory.ValidateLocation(v).Errors
	if v.OrganizationID != "" && directory.IsUUID(v.OrganizationID) {
		_, err := s.store.Organization(c.UserContext(), v.OrganizationID, false)
		if errors.Is(err, store.ErrNotFound) {
			errs = append(errs, directory.FieldError{Field: "organization_id", Message: "no organization with this id"})
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return errs
	}
	return s.shared(c, v.Attributes, nil)
}

// shared applies directory.ResolveShared to a write: it looks up the shared records the
// write embeds and who is writing, and answers a refusal as a 403 with its audit row.
func (s *Server) shared(c *fiber.Ctx, attrs []directory.Attribute, sals []directory.ServiceAtLocation) error {
	ctx := c.UserContext()
	locIDs, termIDs := directory.SharedIDs(attrs, sals)
	locs, err := storedByID(locIDs, func(id string) (directory.Location, error) { return s.store.Location(ctx, id) })
	if err != nil {
		return err
	}
	terms, err := storedByID(termIDs, func(id string) (directory.TaxonomyTerm, error) { return s.store.TaxonomyTerm(ctx, id) })
	if err != nil {
		return err
	}
	stored := directory.SharedStored{Locations: locs, Terms: terms}
	me := currentPrincipal(c)
	w := directory.SharedWriter{MayWriteListing: me.MayWriteListing, MayChangeVocabulary: me.MayChangeVocabulary()}
	if r := directory.ResolveShared(attrs, sals, stored, w); r != nil {
		if err := s.auditDetail(c, "update", r.RecordType, r.ID, false, "shared"); err != nil {
			return err
		}
		return problem(fiber.StatusForbidden, r.Detail)
	}
	return nil
}

// storedByID loads the records with these ids; an id with no record is left out.
func storedByID[T any](ids []string, load func(id string) (T, error)) (map[string]T, error) {
	out := make(map[string]T, len(ids))
	for _, id := range ids {
		v, err := load(id)
		switch {
		case err == nil:
			out[id] = v
		case !errors.Is(err, store.ErrNotFound):
			return nil, err
		}
	}
	return out, nil
}
