package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/paulmach/orb"

	"handoff/directory"
	"handoff/geo"
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
	// The stream runs after the handler returns, when Fiber may have reused the request's
	// buffers: what it keeps of the request (the filter's parameters, a request id the
	// client sent) is copied first.
	rid := strings.Clone(requestID(c))
	f.Search, f.TaxonomyTermID, f.TaxonomyID, f.OrganizationID = strings.Clone(f.Search), strings.Clone(f.TaxonomyTermID),
		strings.Clone(f.TaxonomyID), strings.Clone(f.OrganizationID)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		// The request context ends when the handler returns; the stream outlives it.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		enc := json.NewEncoder(w)
		err := s.store.EachServiceBatch(ctx, f, 500, func(ids []string) error {
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
		if err != nil {
			s.log.Error("ndjson stream ended early", "request_id", rid, "err", err)
		}
	})
	return nil
}

func (s *Server) hsdsService(c *fiber.Ctx) error {
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The service")
	}
	svc, err := s.store.Service(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The service")
	}
	if err != nil {
		return err
	}
	return c.JSON(svc)
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
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The organization")
	}
	o, err := s.store.Organization(c.UserContext(), id, true)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The organization")
	}
	if err != nil {
		return err
	}
	return c.JSON(o)
}

func (s *Server) hsdsServiceAtLocations(c *fiber.Ctx) error {
	p := newParams(c)
	postcode := p.str("postcode")
	proximity, hasProximity := p.float("proximity", 0, 500_000)
	page, perPage := pageParams(p)
	if hasProximity && postcode == "" {
		p.fail("proximity", "needs a postcode to measure from")
	}
	var centre orb.Point
	if postcode != "" && hasProximity {
		pt, ok := geo.Default().ZIP(postcode)
		if !ok {
			p.fail("postcode", "is not a known US ZIP code")
		}
		centre = pt
	}
	if err := p.err(); err != nil {
		return err
	}
	if hasProximity {
		if ok, err := s.hsdsNearbySALs(c, centre, proximity/1000, page, perPage); ok {
			return err
		}
	}
	f := store.SALFilter{Postcode: postcode}
	if hasProximity {
		f.Box = boxAround(centre, proximity/1000)
	}
	ids, err := s.store.ServiceAtLocationIDs(c.UserContext(), f)
	if err != nil {
		return err
	}
	sals, svcs, err := s.store.ServiceAtLocations(c.UserContext(), ids)
	if err != nil {
		return err
	}
	if hasProximity {
		sals = withinKm(sals, centre, proximity/1000)
	}
	total := len(sals)
	from := min((page-1)*perPage, total)
	sals = sals[from:min(from+perPage, total)]
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

// boxAround is the latitude/longitude rectangle that holds the circle of radius km.
func boxAround(p orb.Point, km float64) *store.Box {
	dLat := km / 111.32
	dLon := km / (111.32 * math.Max(math.Cos(p[1]*math.Pi/180), 0.01))
	return &store.Box{MinLat: p[1] - dLat, MaxLat: p[1] + dLat, MinLon: p[0] - dLon, MaxLon: p[0] + dLon}
}

// withinKm keeps the services-at-location whose location lies within km, nearest first.
func withinKm(sals []directory.ServiceAtLocation, centre orb.Point, km float64) []directory.ServiceAtLocation {
	type hit struct {
		sal directory.ServiceAtLocation
		d   float64
	}
	var hits []hit
	for _, x := range sals {
		l := x.Location
		if l == nil || l.Latitude == nil || l.Longitude == nil {
			continue
		}
		if d := geo.DistanceKm(centre, orb.Point{*l.Longitude, *l.Latitude}); d <= km {
			hits = append(hits, hit{x, d})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].d != hits[j].d {
			return hits[i].d < hits[j].d
		}
		return hits[i].sal.ID < hits[j].sal.ID
	})
	out := make([]directory.ServiceAtLocation, len(hits))
	for i, h := range hits {
		out[i] = h.sal
	}
	return out
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
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The taxonomy")
	}
	t, err := s.store.Taxonomy(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The taxonomy")
	}
	if err != nil {
		return err
	}
	return c.JSON(t)
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
	id := c.Params("id")
	if !directory.IsUUID(id) {
		return notFound("The taxonomy term")
	}
	t, err := s.store.TaxonomyTerm(c.UserContext(), id)
	if errors.Is(err, store.ErrNotFound) {
		return notFound("The taxonomy term")
	}
	if err != nil {
		return err
	}
	return c.JSON(t)
}
