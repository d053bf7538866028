package api

import (
	"github.com/gofiber/fiber/v2"
	"github.com/paulmach/orb"

	"handoff/search"
	"handoff/store"
)

// The HSDS lists that search answer from the engine, ranked as /api/v1/search ranks, in
// the HSDS shapes. Without an engine, or while its index is built, the store's plain
// substring and box searches answer instead: the HSDS API never goes down for search.

// engineReady reports whether the engine can answer now.
func (s *Server) engineReady() bool {
	return s.opts.Search != nil && s.opts.Search.Ready() == nil
}

// hsdsSearchServices answers /hsds/services?search= with services ranked by relevance.
// ok is false when the engine cannot answer this request.
func (s *Server) hsdsSearchServices(c *fiber.Ctx, f store.ServiceFilter, page, perPage int, full, minimal bool) (bool, error) {
	if !s.engineReady() || !f.ModifiedAfter.IsZero() {
		return false, nil
	}
	res, err := s.opts.Search.Search(c.UserContext(), search.Query{
		Text: f.Search, Organization: f.OrganizationID, TaxonomyTermID: f.TaxonomyTermID, TaxonomyID: f.TaxonomyID,
		IncludeInactive: true, ByService: true, Page: page, PerPage: perPage,
	})
	if err != nil {
		return true, searchError(err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ServiceID
	}
	svcs, err := s.servicesIn(c.UserContext(), ids, full, minimal)
	if err != nil {
		return true, err
	}
	return true, sendPage(c, svcs, res.Total, page, perPage)
}

// hsdsNearbySALs answers /hsds/service_at_locations?postcode=&proximity= with the
// services-at-location within the distance, nearest first.
func (s *Server) hsdsNearbySALs(c *fiber.Ctx, centre orb.Point, km float64, page, perPage int) (bool, error) {
	if !s.engineReady() {
		return false, nil
	}
	res, err := s.opts.Search.Search(c.UserContext(), search.Query{
		Point: &centre, RadiusKm: max(km, 0.001), Sort: search.SortDistance, SitesOnly: true,
		IncludeInactive: true, Page: page, PerPage: perPage,
	})
	if err != nil {
		return true, searchError(err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Key // the key of a site document is its service-at-location id
	}
	return true, s.sendSALs(c, ids, res.Total, page, perPage)
}
