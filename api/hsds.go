package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/paulmach/orb"

	"handoff/directory"
	"handoff/geo"
	"handoff/search"
	"handoff/store"
)

// hsdsRoot describes the API as HSDS 3.0 asks.
func (s *Server) hsdsRoot(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{
		"version":     "3.0",
		"profile":     "https://docs.openreferral.org/en/3.0/hsds/",
		"openapi_url": s.baseURL(c) + "/hsds/openapi.json",
	})
}

func (s *Server) hsdsServices(c *fiber.Ctx) error {
	p := newParams(c)
	f := store.ServiceFilter{
		Search:         p.str("search"),
		TaxonomyTermID: p.uuid("taxonomy_term_id"),
		TaxonomyID:     p.uuid("taxonomy_id"),
		OrganizationID: p.uuid("organization_id"),
		ModifiedAfter:  p.time("modified_after"),
	}
	page, perPage := pageParams(p)
	minimal, full := p.boolean("minimal"), p.boolean("full")
	format := p.oneOf("format", "json", "json", "ndjson")
	if err := p.err(); err != nil {
		return err
	}
	if format == "ndjson" {
		return s.streamServices(c, f, full, minimal)
	}
	if f.Search != "" {
		if ok, err := s.hsdsSearchServices(c, f, page, perPage, full, minimal); ok {
			return err
		}
	}
	ids, total, err := s.store.ServiceIDs(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	svcs, err := s.servicesIn(c.UserContext(), ids, full, minimal)
	if err != nil {
		return err
	}
	return sendPage(c, svcs, total, page, perPage)
}

// servicesIn loads services in the shape asked: compiled (full), id/name/status/last
// modified (minimal), or the service's columns with its organization (the default).
func (s *Server) servicesIn(ctx context.Context, ids []string, full, minimal bool) ([]directory.Service, error) {
	if full {
		return s.store.Services(ctx, ids)
	}
	svcs, err := s.store.FlatServices(ctx, ids)
	if err != nil {
		return nil, err
	}
	if minimal {
		for i, v := range svcs {
			svcs[i] = directory.Service{ID: v.ID, Name: v.Name, Status: v.Status, LastModified: v.LastModified}
		}
		return svcs, nil
	}
	var orgIDs []string
	for _, v := range svcs {
		orgIDs = append(orgIDs, v.OrganizationID)
	}
	orgs, err := s.store.OrganizationsByID(ctx, orgIDs)
	if err != nil {
		return nil, err
	}
	for i := range svcs {
		if o, ok := orgs[svcs[i].OrganizationID]; ok {
			o.Phones, o.Attributes = nil, nil
			svcs[i].Organization = &o
		}
	}
	return svcs, nil
}

// streamServices writes every matching service as one JSON line, without paging: the
// shape `handoff import` reads back.
func (s *Server) streamServices(c *fiber.Ctx, f store.ServiceFilter, full, minimal bool) error {
	c.Set(fiber.HeaderContentType, "application/x-ndjson")
	s.streamAfterHandler(c, "ndjson stream ended early", func(ctx context.Context, w *bufio.Writer) error {
		enc := json.NewEncoder(w)
		return s.store.EachServiceBatch(ctx, f, 500, func(ids []string) error {
			svcs, err := s.servicesIn(ctx, ids, full, minimal)
			if err != nil {
				return err
			}
			for i := range svcs {
				if err := enc.Encode(&svcs[i]); err != nil {
					return err
				}
			}
			return w.Flush()
		})
	}, &f.Search, &f.TaxonomyTermID, &f.TaxonomyID, &f.OrganizationID)
	return nil
}

func (s *Server) hsdsOrganizations(c *fiber.Ctx) error {
	p := newParams(c)
	search := p.str("search")
	full := p.boolean("full") || p.boolean("full_service")
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	orgs, total, err := s.store.Organizations(c.UserContext(), search, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	if full {
		for i := range orgs {
			if orgs[i], err = s.store.Organization(c.UserContext(), orgs[i].ID, true); err != nil {
				return err
			}
		}
	}
	return sendPage(c, orgs, total, page, perPage)
}

func (s *Server) hsdsOrganization(c *fiber.Ctx) error {
	return sendByID(c, "The organization", func(ctx context.Context, id string) (directory.Organization, error) {
		o, err := s.store.Organization(ctx, id, true)
		if err != nil {
			return o, err
		}
		// The organization's own history, as HSDS metadata (its services carry theirs
		// through /hsds/services/{id}).
		o.Metadata, err = s.withHistoryMetadata(ctx, "organization", id, o.Metadata)
		return o, err
	})
}

// hsdsServiceAtLocations lists services-at-location: a page of all of them, those at a
// postcode, or (with proximity, in metres) those within that distance of the postcode,
// nearest first.
func (s *Server) hsdsServiceAtLocations(c *fiber.Ctx) error {
	p := newParams(c)
	postcode := p.str("postcode")
	proximity, hasProximity := p.float("proximity", 0, search.MaxRadiusKm*1000)
	page, perPage := pageParams(p)
	if hasProximity && postcode == "" {
		p.fail("proximity", "needs a postcode to measure from")
	}
	var centre orb.Point
	if postcode != "" && hasProximity {
		pt, err := s.zipPoint(c.UserContext(), postcode)
		if err != nil {
			return err
		}
		if pt == nil {
			p.fail("postcode", "is not a known US ZIP code")
		} else {
			centre = *pt
		}
	}
	if err := p.err(); err != nil {
		return err
	}
	if !hasProximity {
		ids, total, err := s.store.ServiceAtLocationIDs(c.UserContext(), postcode, store.Page{Number: page, PerPage: perPage})
		if err != nil {
			return err
		}
		return s.sendSALs(c, ids, total, page, perPage)
	}
	km := proximity / 1000
	if ok, err := s.hsdsNearbySALs(c, centre, km, page, perPage); ok {
		return err
	}
	// Without the engine: the store's candidates in the circle's bounding box, measured.
	b := geo.CircleBound(centre, km)
	ids, err := s.store.ServiceAtLocationIDsInBox(c.UserContext(), store.Box{MinLat: b.Min[1], MaxLat: b.Max[1], MinLon: b.Min[0], MaxLon: b.Max[0]})
	if err != nil {
		return err
	}
	sals, svcs, err := s.store.ServiceAtLocations(c.UserContext(), ids)
	if err != nil {
		return err
	}
	sals = directory.NearestWithin(sals, centre, km)
	total := len(sals)
	sals = pageOf(sals, page, perPage)
	attachServices(sals, svcs)
	return sendPage(c, sals, total, page, perPage)
}

// zipPoint looks a postcode up with the server's geocoder: nil when it is not a known
// ZIP code (a town name is not a postcode).
func (s *Server) zipPoint(ctx context.Context, postcode string) (*orb.Point, error) {
	pl, err := s.geo.Geocode(ctx, postcode)
	if errors.Is(err, geo.ErrNotFound) || errors.Is(err, geo.ErrAmbiguous) || (err == nil && pl.Kind != geo.KindZIP) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("hsds: look up postcode: %w", err)
	}
	return &pl.Point, nil
}

// sendSALs answers a page of services-at-location by id, each with its service.
func (s *Server) sendSALs(c *fiber.Ctx, ids []string, total, page, perPage int) error {
	sals, svcs, err := s.store.ServiceAtLocations(c.UserContext(), ids)
	if err != nil {
		return err
	}
	attachServices(sals, svcs)
	return sendPage(c, sals, total, page, perPage)
}

func (s *Server) hsdsServiceAtLocation(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The service at location")
	}
	sals, svcs, err := s.store.ServiceAtLocations(c.UserContext(), []string{id})
	if err != nil {
		return err
	}
	if len(sals) == 0 {
		return notFound("The service at location")
	}
	attachServices(sals, svcs)
	return c.JSON(sals[0])
}

func attachServices(sals []directory.ServiceAtLocation, svcs []directory.Service) {
	byID := map[string]*directory.Service{}
	for i := range svcs {
		byID[svcs[i].ID] = &svcs[i]
	}
	for i := range sals {
		sals[i].Service = byID[sals[i].ServiceID]
	}
}

func (s *Server) hsdsTaxonomies(c *fiber.Ctx) error {
	p := newParams(c)
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.store.Taxonomies(c.UserContext(), store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return sendPage(c, items, total, page, perPage)
}

func (s *Server) hsdsTaxonomy(c *fiber.Ctx) error {
	return sendByID(c, "The taxonomy", s.store.Taxonomy)
}

func (s *Server) hsdsTaxonomyTerms(c *fiber.Ctx) error {
	p := newParams(c)
	f := store.TermFilter{TaxonomyID: p.uuid("taxonomy_id"), ParentID: p.uuid("parent_id"), TopOnly: p.boolean("top_only"), Search: p.str("search")}
	page, perPage := pageParams(p)
	if err := p.err(); err != nil {
		return err
	}
	items, total, err := s.store.TaxonomyTerms(c.UserContext(), f, store.Page{Number: page, PerPage: perPage})
	if err != nil {
		return err
	}
	return sendPage(c, items, total, page, perPage)
}

func (s *Server) hsdsTaxonomyTerm(c *fiber.Ctx) error {
	return sendByID(c, "The taxonomy term", s.store.TaxonomyTerm)
}

// sendByID answers the record load finds under the route's :id, and a 404 naming what
// ("The service") when the id is not a UUID or names no record.
func sendByID[T any](c *fiber.Ctx, what string, load func(ctx context.Context, id string) (T, error)) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound(what)
	}
	v, err := load(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound(what)
	}
	if err != nil {
		return err
	}
	return c.JSON(v)
}
