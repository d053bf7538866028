package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"handoff/directory"
)

// ErrNotFound means no record has the id asked for.
var ErrNotFound = errors.New("not found")

// Page asks for one page of a list; pages count from 1.
type Page struct {
	Number  int
	PerPage int
}

// ServiceFilter narrows a list of services. Search is a plain substring match here; the
// search engine answers ranked queries.
type ServiceFilter struct {
	Search         string
	TaxonomyTermID string
	TaxonomyID     string
	OrganizationID string
	ModifiedAfter  time.Time
}

func (f ServiceFilter) where() (string, []any) {
	var c conds
	for _, word := range strings.Fields(strings.ToLower(f.Search)) {
		c.add(`(lower(s.name) LIKE $%[1]d ESCAPE '\' OR lower(s.alternate_name) LIKE $%[1]d ESCAPE '\' OR lower(s.description) LIKE $%[1]d ESCAPE '\'
				OR EXISTS (SELECT 1 FROM organizations o WHERE o.id = s.organization_id AND lower(o.name) LIKE $%[1]d ESCAPE '\'))`, "%"+escapeLike(word)+"%")
	}
	if f.TaxonomyTermID != "" {
		c.add(`EXISTS (SELECT 1 FROM attributes a WHERE a.link_id = s.id AND a.link_entity = 'service' AND a.taxonomy_term_id = $%d)`, f.TaxonomyTermID)
	}
	if f.TaxonomyID != "" {
		c.add(`EXISTS (SELECT 1 FROM attributes a JOIN taxonomy_terms t ON t.id = a.taxonomy_term_id
			WHERE a.link_id = s.id AND a.link_entity = 'service' AND t.taxonomy_id = $%d)`, f.TaxonomyID)
	}
	c.eq("s.organization_id", f.OrganizationID)
	if !f.ModifiedAfter.IsZero() {
		c.add("s.updated_at >= $%d", formatTime(f.ModifiedAfter))
	}
	return c.where()
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// ServiceIDs returns one page of the ids of matching services, ordered by name then id,
// and the number of matches.
func (s *Store) ServiceIDs(ctx context.Context, f ServiceFilter, p Page) ([]string, int, error) {
	where, args := f.where()
	return selectPage[string](ctx, s.db, listQuery{what: "services", from: "services s", cols: "s.id",
		where: where, args: args, order: "s.name, s.id"}, p)
}

// EachServiceBatch walks all matching service ids in id order, a batch at a time, without
// holding them all: export and ndjson streaming use it.
func (s *Store) EachServiceBatch(ctx context.Context, f ServiceFilter, size int, fn func(ids []string) error) error {
	where, args := f.where()
	after := ""
	for {
		cond := " WHERE "
		if where != "" {
			cond = where + " AND "
		}
		q := fmt.Sprintf("SELECT s.id FROM services s%s s.id > $%d ORDER BY s.id LIMIT %d", cond, len(args)+1, size)
		var ids []string
		if err := s.db.SelectContext(ctx, &ids, q, append(args, after)...); err != nil {
			return fmt.Errorf("store: walk services: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if err := fn(ids); err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

// FlatServices loads services without their children, in the order given.
func (s *Store) FlatServices(ctx context.Context, ids []string) ([]directory.Service, error) {
	var rows []serviceRow
	if err := s.selectIn(ctx, &rows, tServices, "id", ids, ""); err != nil {
		return nil, err
	}
	byID := map[string]directory.Service{}
	for _, r := range rows {
		if r.LastModified == "" {
			r.LastModified = rfc3339(r.UpdatedAt)
		}
		byID[r.ID] = r.Service
	}
	out := make([]directory.Service, 0, len(ids))
	for _, id := range ids {
		if v, ok := byID[id]; ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// Service loads one compiled service.
func (s *Store) Service(ctx context.Context, id string) (directory.Service, error) {
	svcs, err := s.Services(ctx, []string{id})
	if err != nil {
		return directory.Service{}, err
	}
	if len(svcs) == 0 {
		return directory.Service{}, ErrNotFound
	}
	return svcs[0], nil
}

// CountServices counts all services.
func (s *Store) CountServices(ctx context.Context) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, "SELECT count(*) FROM services")
	return n, err
}

// Organizations returns one page of organizations, ordered by name then id, matching a
// plain substring search of the name.
func (s *Store) Organizations(ctx context.Context, search string, p Page) ([]directory.Organization, int, error) {
	var c conds
	if q := strings.TrimSpace(search); q != "" {
		c.add(`lower(name) LIKE $%d ESCAPE '\'`, "%"+escapeLike(strings.ToLower(q))+"%")
	}
	where, args := c.where()
	ids, total, err := selectPage[string](ctx, s.db, listQuery{what: "organizations", from: "organizations", cols: "id",
		where: where, args: args, order: "name, id"}, p)
	if err != nil {
		return nil, 0, err
	}
	byID, err := s.OrganizationsByID(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	out := make([]directory.Organization, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	return out, total, nil
}

// Organization loads one organization; with full, its locations and compiled services too.
func (s *Store) Organization(ctx context.Context, id string, full bool) (directory.Organization, error) {
	byID, err := s.OrganizationsByID(ctx, []string{id})
	if err != nil {
		return directory.Organization{}, err
	}
	o, ok := byID[id]
	if !ok {
		return directory.Organization{}, ErrNotFound
	}
	if !full {
		return o, nil
	}
	var locIDs []string
	if err := s.db.SelectContext(ctx, &locIDs, "SELECT id FROM locations WHERE organization_id = $1 ORDER BY id", id); err != nil {
		return o, fmt.Errorf("store: organization locations: %w", err)
	}
	locs, err := s.locationsByID(ctx, locIDs)
	if err != nil {
		return o, err
	}
	for _, lid := range locIDs {
		o.Locations = append(o.Locations, locs[lid])
	}
	var svcIDs []string
	if err := s.db.SelectContext(ctx, &svcIDs, "SELECT id FROM services WHERE organization_id = $1 ORDER BY name, id", id); err != nil {
		return o, fmt.Errorf("store: organization services: %w", err)
	}
	svcs, err := s.Services(ctx, svcIDs)
	if err != nil {
		return o, err
	}
	for i := range svcs {
		svcs[i].Organization = nil
	}
	o.Services = svcs
	return o, nil
}

// salFrom is the services-at-location with their service (for the order) and location.
const salFrom = `service_at_location sal JOIN services s ON s.id = sal.service_id JOIN locations l ON l.id = sal.location_id`

// ServiceAtLocationIDs lists one page of services-at-location ids, ordered by service
// name then id, with the number that match: all of them, or, given a postcode, those
// at an address with that postal code.
func (s *Store) ServiceAtLocationIDs(ctx context.Context, postcode string, p Page) ([]string, int, error) {
	var c conds
	if postcode != "" {
		c.add("EXISTS (SELECT 1 FROM addresses a WHERE a.location_id = l.id AND a.postal_code = $%d)", postcode)
	}
	where, args := c.where()
	return selectPage[string](ctx, s.db, listQuery{what: "services at location", from: salFrom, cols: "sal.id",
		where: where, args: args, order: "s.name, sal.id"}, p)
}

// Box is a latitude/longitude rectangle.
type Box struct{ MinLat, MinLon, MaxLat, MaxLon float64 }

// ServiceAtLocationIDsInBox lists every service-at-location whose location lies in the
// box, ordered by service name then id; the caller refines by exact distance.
func (s *Store) ServiceAtLocationIDsInBox(ctx context.Context, b Box) ([]string, error) {
	var ids []string
	q := `SELECT sal.id FROM ` + salFrom + ` WHERE l.latitude BETWEEN $1 AND $2 AND l.longitude BETWEEN $3 AND $4 ORDER BY s.name, sal.id`
	if err := s.db.SelectContext(ctx, &ids, q, b.MinLat, b.MaxLat, b.MinLon, b.MaxLon); err != nil {
		return nil, fmt.Errorf("store: list services at location: %w", err)
	}
	return ids, nil
}

// ServiceAtLocations loads services-at-location by id, each with its location and its
// compiled service, in the order given.
func (s *Store) ServiceAtLocations(ctx context.Context, ids []string) ([]directory.ServiceAtLocation, []directory.Service, error) {
	var sals []directory.ServiceAtLocation
	for start := 0; start < len(ids); start += loadBatch {
		part, err := s.salsOf(ctx, "id", ids[start:min(start+loadBatch, len(ids))])
		if err != nil {
			return nil, nil, err
		}
		sals = append(sals, part...)
	}
	byID := map[string]directory.ServiceAtLocation{}
	var svcIDs []string
	for _, x := range sals {
		byID[x.ID] = x
		svcIDs = append(svcIDs, x.ServiceID)
	}
	svcs, err := s.FlatServices(ctx, unique(svcIDs))
	if err != nil {
		return nil, nil, err
	}
	out := make([]directory.ServiceAtLocation, 0, len(ids))
	for _, id := range ids {
		if v, ok := byID[id]; ok {
			out = append(out, v)
		}
	}
	return out, svcs, nil
}

// Taxonomies lists all taxonomies by name.
func (s *Store) Taxonomies(ctx context.Context, p Page) ([]directory.Taxonomy, int, error) {
	return selectPage[directory.Taxonomy](ctx, s.db, listQuery{what: "taxonomies", from: "taxonomies", cols: tTaxonomies.selects,
		order: "name, id"}, p)
}

// Taxonomy loads one taxonomy.
func (s *Store) Taxonomy(ctx context.Context, id string) (directory.Taxonomy, error) {
	var t directory.Taxonomy
	err := s.db.GetContext(ctx, &t, "SELECT "+tTaxonomies.selects+" FROM taxonomies WHERE id = $1", id)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// TermFilter narrows taxonomy terms.
type TermFilter struct {
	TaxonomyID string
	ParentID   string
	TopOnly    bool
	Search     string
}

// TaxonomyTerms lists matching terms by taxonomy then code then name.
func (s *Store) TaxonomyTerms(ctx context.Context, f TermFilter, p Page) ([]directory.TaxonomyTerm, int, error) {
	var c conds
	c.eq("taxonomy_id", f.TaxonomyID)
	c.eq("parent_id", f.ParentID)
	if f.TopOnly {
		c.plain("parent_id = ''")
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		c.add(`(lower(name) LIKE $%[1]d ESCAPE '\' OR lower(code) LIKE $%[1]d ESCAPE '\')`, "%"+escapeLike(strings.ToLower(q))+"%")
	}
	where, args := c.where()
	return selectPage[directory.TaxonomyTerm](ctx, s.db, listQuery{what: "terms", from: "taxonomy_terms", cols: tTerms.selects,
		where: where, args: args, order: "taxonomy, code, name, id"}, p)
}

// TaxonomyTerm loads one term.
func (s *Store) TaxonomyTerm(ctx context.Context, id string) (directory.TaxonomyTerm, error) {
	var t directory.TaxonomyTerm
	err := s.db.GetContext(ctx, &t, "SELECT "+tTerms.selects+" FROM taxonomy_terms WHERE id = $1", id)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

// LastChange returns the newest sequence number of the change feed (0 when empty).
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var seq sql.NullInt64
	err := s.db.GetContext(ctx, &seq, "SELECT max(seq) FROM changes")
	return seq.Int64, err
}
