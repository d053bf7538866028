package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// loadBatch bounds the ids of one IN list: SQLite allows 32,766 parameters, and smaller
// lists keep PostgreSQL's plans simple.
const loadBatch = 500

type serviceRow struct {
	directory.Service
	Extra     string `db:"extra"`
	UpdatedAt string `db:"updated_at"`
}

type organizationRow struct {
	directory.Organization
	Extra     string `db:"extra"`
	UpdatedAt string `db:"updated_at"`
}

type locationRow struct {
	directory.Location
	Extra     string `db:"extra"`
	UpdatedAt string `db:"updated_at"`
}

type salRow struct {
	directory.ServiceAtLocation
	Extra string `db:"extra"`
}

type phoneRow struct {
	directory.Phone
	Extra string `db:"extra"`
}

type capacityRow struct {
	directory.Capacity
	Extra string `db:"extra"`
}

// selectIn runs "SELECT cols FROM table WHERE col IN (ids) [and]" into dest.
func (s *Store) selectIn(ctx context.Context, dest any, t *table, col string, ids []string, and string) error {
	if len(ids) == 0 {
		return nil
	}
	q, args, err := sqlx.In(fmt.Sprintf(`SELECT %s FROM %s WHERE "%s" IN (?) %s ORDER BY %s`, t.selects, t.name, col, and, t.order), ids)
	if err != nil {
		return err
	}
	if err := sqlx.SelectContext(ctx, s.reader(), dest, s.reader().Rebind(q), args...); err != nil {
		return fmt.Errorf("store: load %s: %w", t.name, err)
	}
	return nil
}

// Services loads compiled services by id, in the order given; unknown ids are skipped.
func (s *Store) Services(ctx context.Context, ids []string) ([]directory.Service, error) {
	out := make([]directory.Service, 0, len(ids))
	for start := 0; start < len(ids); start += loadBatch {
		end := min(start+loadBatch, len(ids))
		part, err := s.loadServices(ctx, ids[start:end])
		if err != nil {
			return nil, err
		}
		out = append(out, part...)
	}
	return out, nil
}

func (s *Store) loadServices(ctx context.Context, ids []string) ([]directory.Service, error) {
	var rows []serviceRow
	if err := s.selectIn(ctx, &rows, tServices, "id", ids, ""); err != nil {
		return nil, err
	}
	byID := make(map[string]*directory.Service, len(rows))
	var orgIDs []string
	for i := range rows {
		r := &rows[i]
		applyServiceExtra(&r.Service, r.Extra)
		if r.LastModified == "" {
			r.LastModified = rfc3339(r.UpdatedAt)
		}
		byID[r.ID] = &r.Service
		if r.OrganizationID != "" {
			orgIDs = append(orgIDs, r.OrganizationID)
		}
	}
	orgs, err := s.OrganizationsByID(ctx, orgIDs)
	if err != nil {
		return nil, err
	}
	for _, svc := range byID {
		if o, ok := orgs[svc.OrganizationID]; ok {
			oc := o
			svc.Organization = &oc
		}
	}

	var phones []phoneRow
	if err := s.selectIn(ctx, &phones, tPhones, "service_id", ids, ""); err != nil {
		return nil, err
	}
	for _, p := range phones {
		p.Languages = phoneLanguages(p.Extra)
		byID[p.ServiceID].Phones = append(byID[p.ServiceID].Phones, p.Phone)
	}
	var scheds []directory.Schedule
	if err := s.selectIn(ctx, &scheds, tSchedules, "service_id", ids, ""); err != nil {
		return nil, err
	}
	for _, x := range scheds {
		byID[x.ServiceID].Schedules = append(byID[x.ServiceID].Schedules, x)
	}
	var areas []directory.ServiceArea
	if err := s.selectIn(ctx, &areas, tServiceAreas, "service_id", ids, ""); err != nil {
		return nil, err
	}
	for _, x := range areas {
		byID[x.ServiceID].ServiceAreas = append(byID[x.ServiceID].ServiceAreas, x)
	}
	var langs []directory.Language
	if err := s.selectIn(ctx, &langs, tLanguages, "service_id", ids, ""); err != nil {
		return nil, err
	}
	for _, x := range langs {
		byID[x.ServiceID].Languages = append(byID[x.ServiceID].Languages, x)
	}
	var costs []directory.CostOption
	if err := s.selectIn(ctx, &costs, tCostOptions, "service_id", ids, ""); err != nil {
		return nil, err
	}
	for _, x := range costs {
		byID[x.ServiceID].CostOptions = append(byID[x.ServiceID].CostOptions, x)
	}
	var caps []capacityRow
	if err := s.selectIn(ctx, &caps, tCapacities, "service_id", ids, ""); err != nil {
		return nil, err
	}
	for _, x := range caps {
		var e capacityExtra
		decodeExtra(x.Extra, &e)
		x.Unit, x.Source, x.TTLHours = e.Unit, e.Source, e.TTLHours
		byID[x.ServiceID].Capacities = append(byID[x.ServiceID].Capacities, x.Capacity)
	}
	if err := s.attachObservations(ctx, ids, byID); err != nil {
		return nil, err
	}
	attrs, err := s.attributesOf(ctx, "service", ids)
	if err != nil {
		return nil, err
	}
	for _, a := range attrs {
		byID[a.LinkID].Attributes = append(byID[a.LinkID].Attributes, a)
	}
	sals, err := s.salsOf(ctx, "service_id", ids)
	if err != nil {
		return nil, err
	}
	for _, sal := range sals {
		byID[sal.ServiceID].ServiceAtLocations = append(byID[sal.ServiceID].ServiceAtLocations, sal)
	}

	out := make([]directory.Service, 0, len(ids))
	for _, id := range ids {
		if svc, ok := byID[id]; ok {
			out = append(out, *svc)
		}
	}
	return out, nil
}

// salsOf loads services-at-location by service or location id, each with its location.
func (s *Store) salsOf(ctx context.Context, col string, ids []string) ([]directory.ServiceAtLocation, error) {
	var rows []salRow
	if err := s.selectIn(ctx, &rows, tSAL, col, ids, ""); err != nil {
		return nil, err
	}
	var locIDs, salIDs []string
	for _, r := range rows {
		locIDs = append(locIDs, r.LocationID)
		salIDs = append(salIDs, r.ID)
	}
	locs, err := s.locationsByID(ctx, locIDs)
	if err != nil {
		return nil, err
	}
	var phones []phoneRow
	if err := s.selectIn(ctx, &phones, tPhones, "service_at_location_id", salIDs, ""); err != nil {
		return nil, err
	}
	var scheds []directory.Schedule
	if err := s.selectIn(ctx, &scheds, tSchedules, "service_at_location_id", salIDs, ""); err != nil {
		return nil, err
	}
	out := make([]directory.ServiceAtLocation, len(rows))
	idx := map[string]int{}
	for i, r := range rows {
		var e salExtra
		decodeExtra(r.Extra, &e)
		r.Contacts, r.Metadata = e.Contacts, e.Metadata
		if l, ok := locs[r.LocationID]; ok {
			lc := l
			r.Location = &lc
		}
		out[i] = r.ServiceAtLocation
		idx[r.ID] = i
	}
	for _, p := range phones {
		p.Languages = phoneLanguages(p.Extra)
		out[idx[p.ServiceAtLocationID]].Phones = append(out[idx[p.ServiceAtLocationID]].Phones, p.Phone)
	}
	for _, x := range scheds {
		out[idx[x.ServiceAtLocationID]].Schedules = append(out[idx[x.ServiceAtLocationID]].Schedules, x)
	}
	return out, nil
}

// locationsByID loads locations with their addresses, phones, schedules, languages and attributes.
func (s *Store) locationsByID(ctx context.Context, ids []string) (map[string]directory.Location, error) {
	ids = unique(ids)
	var rows []locationRow
	if err := s.selectIn(ctx, &rows, tLocations, "id", ids, ""); err != nil {
		return nil, err
	}
	out := make(map[string]*directory.Location, len(rows))
	for i := range rows {
		applyLocationExtra(&rows[i].Location, rows[i].Extra)
		out[rows[i].ID] = &rows[i].Location
	}
	var addrs []directory.Address
	if err := s.selectIn(ctx, &addrs, tAddresses, "location_id", ids, ""); err != nil {
		return nil, err
	}
	for _, a := range addrs {
		out[a.LocationID].Addresses = append(out[a.LocationID].Addresses, a)
	}
	var phones []phoneRow
	if err := s.selectIn(ctx, &phones, tPhones, "location_id", ids, ""); err != nil {
		return nil, err
	}
	for _, p := range phones {
		p.Languages = phoneLanguages(p.Extra)
		out[p.LocationID].Phones = append(out[p.LocationID].Phones, p.Phone)
	}
	var scheds []directory.Schedule
	if err := s.selectIn(ctx, &scheds, tSchedules, "location_id", ids, ""); err != nil {
		return nil, err
	}
	for _, x := range scheds {
		out[x.LocationID].Schedules = append(out[x.LocationID].Schedules, x)
	}
	var langs []directory.Language
	if err := s.selectIn(ctx, &langs, tLanguages, "location_id", ids, ""); err != nil {
		return nil, err
	}
	for _, x := range langs {
		out[x.LocationID].Languages = append(out[x.LocationID].Languages, x)
	}
	attrs, err := s.attributesOf(ctx, "location", ids)
	if err != nil {
		return nil, err
	}
	for _, a := range attrs {
		out[a.LinkID].Attributes = append(out[a.LinkID].Attributes, a)
	}
	res := make(map[string]directory.Location, len(out))
	for id, l := range out {
		res[id] = *l
	}
	return res, nil
}

// OrganizationsByID loads organizations with their phones and attributes.
func (s *Store) OrganizationsByID(ctx context.Context, ids []string) (map[string]directory.Organization, error) {
	ids = unique(ids)
	var rows []organizationRow
	if err := s.selectIn(ctx, &rows, tOrganizations, "id", ids, ""); err != nil {
		return nil, err
	}
	out := make(map[string]*directory.Organization, len(rows))
	for i := range rows {
		applyOrganizationExtra(&rows[i].Organization, rows[i].Extra)
		out[rows[i].ID] = &rows[i].Organization
	}
	var phones []phoneRow
	if err := s.selectIn(ctx, &phones, tPhones, "organization_id", ids, ""); err != nil {
		return nil, err
	}
	for _, p := range phones {
		p.Languages = phoneLanguages(p.Extra)
		out[p.OrganizationID].Phones = append(out[p.OrganizationID].Phones, p.Phone)
	}
	attrs, err := s.attributesOf(ctx, "organization", ids)
	if err != nil {
		return nil, err
	}
	for _, a := range attrs {
		out[a.LinkID].Attributes = append(out[a.LinkID].Attributes, a)
	}
	res := make(map[string]directory.Organization, len(out))
	for id, o := range out {
		res[id] = *o
	}
	return res, nil
}

// attributesOf loads the attributes of entities, each with its taxonomy term embedded.
func (s *Store) attributesOf(ctx context.Context, entity string, ids []string) ([]directory.Attribute, error) {
	var attrs []directory.Attribute
	if err := s.selectIn(ctx, &attrs, tAttributes, "link_id", ids, "AND link_entity = '"+entity+"'"); err != nil {
		return nil, err
	}
	var termIDs []string
	for _, a := range attrs {
		termIDs = append(termIDs, a.TaxonomyTermID)
	}
	var terms []directory.TaxonomyTerm
	if err := s.selectIn(ctx, &terms, tTerms, "id", unique(termIDs), ""); err != nil {
		return nil, err
	}
	byID := make(map[string]directory.TaxonomyTerm, len(terms))
	for _, t := range terms {
		byID[t.ID] = t
	}
	for i := range attrs {
		if t, ok := byID[attrs[i].TaxonomyTermID]; ok {
			tc := t
			attrs[i].TaxonomyTerm = &tc
		}
	}
	return attrs, nil
}

func unique(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// rfc3339 turns an internal time into the RFC 3339 form HSDS clients expect.
func rfc3339(internal string) string {
	t, err := parseTime(internal)
	if err != nil {
		return internal
	}
	return t.UTC().Format(time.RFC3339)
}
