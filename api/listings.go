package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/access"
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
// terms are shared with other listings, see sharedLocations and sharedTerms. The server,
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
	directory.SettleCapacityStatus(v)
	if err := s.sharedTerms(c, v.Attributes, "attributes"); err != nil {
		return err
	}
	return s.sharedLocations(c, v.ServiceAtLocations)
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
	return s.sharedTerms(c, v.Attributes, "attributes")
}

// prepareLocation checks a location for writing; its organization must exist.
func prepareLocation(s *Server, c *fiber.Ctx, v, _ *directory.Location) error {
	directory.NormalizeLocation(v)
	errs := validateLocation(v)
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
	return s.sharedTerms(c, v.Attributes, "attributes")
}

// validateLocation checks a location alone. The directory package validates locations
// as part of an organization, so the location is checked inside a stand-in one and the
// field paths are taken back out of it.
func validateLocation(l *directory.Location) directory.FieldErrors {
	holder := directory.Organization{ID: directory.StableID("api", "location holder"), Name: "-", Locations: []directory.Location{*l}}
	chk := directory.ValidateOrganization(&holder)
	*l = holder.Locations[0] // validation repairs too (drops impossible coordinates)
	var errs directory.FieldErrors
	for _, e := range chk.Errors {
		if f, ok := strings.CutPrefix(e.Field, "locations[0]."); ok {
			errs = append(errs, directory.FieldError{Field: f, Message: e.Message})
		}
	}
	return errs
}

// sharedLocations decides what a service write does to the locations it embeds. A
// location is shared by the services delivered there, so embedding one is not licence
// to change it: unchanged, it becomes a reference (location_id) and is not rewritten;
// new or changed, it is written only if the user may write listings of its organization.
func (s *Server) sharedLocations(c *fiber.Ctx, sals []directory.ServiceAtLocation) error {
	me := currentPrincipal(c)
	for i := range sals {
		l := sals[i].Location
		if l == nil {
			continue
		}
		field := fmt.Sprintf("service_at_locations[%d].location", i)
		stored, err := s.store.Location(c.UserContext(), l.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if !me.MayWriteListing(l.OrganizationID) {
				return s.refuseShared(c, "location", l.ID, field+" is a new location of another organization; only its staff or an admin may add it.")
			}
		case err != nil:
			return err
		case sameJSON(stored, *l):
			sals[i].Location = nil
			continue
		case !me.MayWriteListing(stored.OrganizationID) || !me.MayWriteListing(l.OrganizationID):
			return s.refuseShared(c, "location", l.ID, field+" belongs to another organization and differs from it; refer to it by location_id, or ask its staff to change it.")
		}
		if err := s.sharedTerms(c, l.Attributes, field+".attributes"); err != nil {
			return err
		}
	}
	return nil
}

// sharedTerms decides what a write does to the taxonomy terms its attributes embed. The
// vocabulary is shared by every listing: an unchanged term becomes a reference
// (taxonomy_term_id); adding or changing a term is for admins.
func (s *Server) sharedTerms(c *fiber.Ctx, attrs []directory.Attribute, field string) error {
	me := currentPrincipal(c)
	for i := range attrs {
		t := attrs[i].TaxonomyTerm
		if t == nil {
			continue
		}
		stored, err := s.store.TaxonomyTerm(c.UserContext(), t.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			if !me.Has(access.Admin) {
				return s.refuseShared(c, "taxonomy_term", t.ID, fmt.Sprintf("%s[%d].taxonomy_term is not in the vocabulary; only an admin adds terms.", field, i))
			}
		case err != nil:
			return err
		default:
			plain := *t
			plain.TaxonomyDetail = nil
			if sameJSON(stored, plain) {
				attrs[i].TaxonomyTerm = nil
				continue
			}
			if !me.Has(access.Admin) {
				return s.refuseShared(c, "taxonomy_term", t.ID, fmt.Sprintf("%s[%d].taxonomy_term differs from the vocabulary; refer to it by taxonomy_term_id (only an admin changes terms).", field, i))
			}
		}
	}
	return nil
}

func (s *Server) refuseShared(c *fiber.Ctx, recordType, id, detail string) error {
	if err := s.auditDetail(c, "update", recordType, id, false, "shared"); err != nil {
		return err
	}
	return problem(fiber.StatusForbidden, detail)
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}
