package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// writer writes directory records inside one transaction, reusing prepared statements
// across records: a bulk import runs the same dozen statements hundreds of thousands of times.
type writer struct {
	ctx   context.Context
	tx    *sqlx.Tx
	now   string
	stmts map[string]*sqlx.Stmt
	terms map[string]bool // terms known to exist, to skip re-writing shared vocabulary
	// known caches which ids exist, per table: an import prefetches a batch's ids in one
	// query instead of asking once per record.
	known map[string]map[string]bool
	// orgs remembers the organizations written in this import by content: generated and
	// real directories repeat one organization in many services.
	orgs map[string]string
	// pending are the transaction's changes, appended to the feed by flush just before
	// the transaction commits (appendChanges says why so late). A strict import keeps
	// its whole import's here, a few dozen bytes a record, like the ids it caches.
	pending []pendingChange
}

func newWriter(ctx context.Context, tx *sqlx.Tx, now string, c *importCache) *writer {
	if c == nil {
		c = newImportCache()
	}
	return &writer{ctx: ctx, tx: tx, now: now, stmts: map[string]*sqlx.Stmt{}, terms: c.terms, known: c.known, orgs: c.orgs}
}

// importCache is what an import remembers across its batches; it is dropped whenever a
// transaction rolls back, since the database no longer holds what it describes.
type importCache struct {
	terms map[string]bool
	known map[string]map[string]bool
	orgs  map[string]string
}

func newImportCache() *importCache {
	return &importCache{terms: map[string]bool{}, known: map[string]map[string]bool{}, orgs: map[string]string{}}
}

func (c *importCache) reset() {
	clear(c.terms)
	clear(c.known)
	clear(c.orgs)
}

// markKnown records that id exists (or not) in table.
func (w *writer) markKnown(table, id string, exists bool) {
	m := w.known[table]
	if m == nil {
		m = map[string]bool{}
		w.known[table] = m
	}
	m[id] = exists
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *writer) exec(query string, args ...any) error {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PreparexContext(w.ctx, query); err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		w.stmts[query] = st
	}
	_, err := st.ExecContext(w.ctx, args...)
	return err
}

func (w *writer) exists(table, id string) (bool, error) {
	if v, ok := w.known[table][id]; ok {
		return v, nil
	}
	q := "SELECT 1 FROM " + table + " WHERE id = $1"
	st, ok := w.stmts[q]
	if !ok {
		var err error
		if st, err = w.tx.PreparexContext(w.ctx, q); err != nil {
			return false, fmt.Errorf("prepare: %w", err)
		}
		w.stmts[q] = st
	}
	var one int
	err := st.QueryRowxContext(w.ctx, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (w *writer) upsert(t *table, v any, extra ...any) error {
	if err := w.exec(t.upsert, t.args(v, extra...)...); err != nil {
		return fmt.Errorf("write %s: %w", t.name, err)
	}
	return nil
}

// change records a change of the feed, written by flush.
func (w *writer) change(entity, id, op string) error {
	w.pending = append(w.pending, pendingChange{entity: entity, id: id, op: op, at: w.now})
	return nil
}

// flush appends the transaction's changes to the feed. It must be the last thing the
// transaction does before it commits.
func (w *writer) flush() error {
	err := appendChanges(w.ctx, w.tx, w.pending)
	w.pending = nil
	return err
}

// service writes a compiled service with its organization, locations and children, and
// reports whether it was new. Children of an existing service are replaced, not merged:
// the record is the whole truth about the service.
func (w *writer) service(s *directory.Service) (created bool, err error) {
	if s.Organization != nil {
		if err := w.organization(s.Organization, false); err != nil {
			return false, err
		}
	} else if s.OrganizationID != "" {
		ok, err := w.exists("organizations", s.OrganizationID)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, directory.FieldErrors{{Field: "organization_id", Message: "no organization with this id"}}
		}
	}
	existed, err := w.exists("services", s.ID)
	if err != nil {
		return false, err
	}
	if err := w.upsert(tServices, s, extraOfService(s), w.now); err != nil {
		return false, err
	}
	w.markKnown("services", s.ID, true)
	if existed {
		for _, q := range []string{
			`DELETE FROM phones WHERE service_at_location_id IN (SELECT id FROM service_at_location WHERE service_id = $1)`,
			`DELETE FROM schedules WHERE service_at_location_id IN (SELECT id FROM service_at_location WHERE service_id = $1)`,
			`DELETE FROM service_at_location WHERE service_id = $1`,
			`DELETE FROM phones WHERE service_id = $1`,
			`DELETE FROM schedules WHERE service_id = $1`,
			`DELETE FROM service_areas WHERE service_id = $1`,
			`DELETE FROM languages WHERE service_id = $1`,
			`DELETE FROM cost_options WHERE service_id = $1`,
			`DELETE FROM service_capacity WHERE service_id = $1`,
			`DELETE FROM attributes WHERE link_entity = 'service' AND link_id = $1`,
		} {
			if err := w.exec(q, s.ID); err != nil {
				return false, fmt.Errorf("replace children of service: %w", err)
			}
		}
	}
	for i := range s.Phones {
		if err := w.phone(&s.Phones[i], i); err != nil {
			return false, err
		}
	}
	for i := range s.Schedules {
		if err := w.upsert(tSchedules, &s.Schedules[i], i); err != nil {
			return false, err
		}
	}
	for i := range s.ServiceAreas {
		if err := w.upsert(tServiceAreas, &s.ServiceAreas[i], i); err != nil {
			return false, err
		}
	}
	for i := range s.Languages {
		if err := w.upsert(tLanguages, &s.Languages[i], i); err != nil {
			return false, err
		}
	}
	for i := range s.CostOptions {
		if err := w.upsert(tCostOptions, &s.CostOptions[i], i); err != nil {
			return false, err
		}
	}
	for i := range s.Capacities {
		c := &s.Capacities[i]
		if err := w.upsert(tCapacities, c, encodeExtra(capacityExtra{c.Unit}), i); err != nil {
			return false, err
		}
	}
	if err := w.attributes(s.Attributes); err != nil {
		return false, err
	}
	for i := range s.ServiceAtLocations {
		if err := w.serviceAtLocation(&s.ServiceAtLocations[i], i); err != nil {
			return false, err
		}
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return !existed, w.change("service", s.ID, op)
}

func (w *writer) serviceAtLocation(sal *directory.ServiceAtLocation, pos int) error {
	if sal.Location != nil {
		if err := w.location(sal.Location); err != nil {
			return err
		}
	} else {
		ok, err := w.exists("locations", sal.LocationID)
		if err != nil {
			return err
		}
		if !ok {
			return directory.FieldErrors{{Field: "service_at_locations.location_id", Message: "no location with this id"}}
		}
	}
	if err := w.upsert(tSAL, sal, encodeExtra(salExtra{sal.Contacts, sal.Metadata}), pos); err != nil {
		return err
	}
	for i := range sal.Phones {
		if err := w.phone(&sal.Phones[i], i); err != nil {
			return err
		}
	}
	for i := range sal.Schedules {
		if err := w.upsert(tSchedules, &sal.Schedules[i], i); err != nil {
			return err
		}
	}
	return nil
}

// location writes a location and replaces its children.
func (w *writer) location(l *directory.Location) error {
	existed, err := w.exists("locations", l.ID)
	if err != nil {
		return err
	}
	if err := w.upsert(tLocations, l, extraOfLocation(l), w.now); err != nil {
		return err
	}
	w.markKnown("locations", l.ID, true)
	if existed {
		for _, q := range []string{
			`DELETE FROM addresses WHERE location_id = $1`,
			`DELETE FROM phones WHERE location_id = $1`,
			`DELETE FROM schedules WHERE location_id = $1`,
			`DELETE FROM languages WHERE location_id = $1`,
			`DELETE FROM attributes WHERE link_entity = 'location' AND link_id = $1`,
		} {
			if err := w.exec(q, l.ID); err != nil {
				return fmt.Errorf("replace children of location: %w", err)
			}
		}
	}
	for i := range l.Addresses {
		if err := w.upsert(tAddresses, &l.Addresses[i], i); err != nil {
			return err
		}
	}
	for i := range l.Phones {
		if err := w.phone(&l.Phones[i], i); err != nil {
			return err
		}
	}
	for i := range l.Schedules {
		if err := w.upsert(tSchedules, &l.Schedules[i], i); err != nil {
			return err
		}
	}
	for i := range l.Languages {
		if err := w.upsert(tLanguages, &l.Languages[i], i); err != nil {
			return err
		}
	}
	if err := w.attributes(l.Attributes); err != nil {
		return err
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return w.change("location", l.ID, op)
}

// organization writes an organization. With replace, its phones and attributes are
// replaced by the record's; an organization embedded in a service only updates its columns
// and adds what it carries, since a service record is not the whole truth about it.
func (w *writer) organization(o *directory.Organization, replace bool) error {
	var sum string
	if !replace {
		b, _ := json.Marshal(o)
		sum = string(b)
		if w.orgs[o.ID] == sum {
			return nil // the same organization, already written by this import
		}
	}
	existed, err := w.exists("organizations", o.ID)
	if err != nil {
		return err
	}
	if err := w.upsert(tOrganizations, o, extraOfOrganization(o), w.now); err != nil {
		return err
	}
	w.markKnown("organizations", o.ID, true)
	if sum != "" {
		w.orgs[o.ID] = sum
	}
	if existed && replace {
		for _, q := range []string{
			`DELETE FROM phones WHERE organization_id = $1`,
			`DELETE FROM attributes WHERE link_entity = 'organization' AND link_id = $1`,
		} {
			if err := w.exec(q, o.ID); err != nil {
				return fmt.Errorf("replace children of organization: %w", err)
			}
		}
	}
	for i := range o.Phones {
		if err := w.phone(&o.Phones[i], i); err != nil {
			return err
		}
	}
	if err := w.attributes(o.Attributes); err != nil {
		return err
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return w.change("organization", o.ID, op)
}

func (w *writer) phone(p *directory.Phone, pos int) error {
	return w.upsert(tPhones, p, encodeExtra(phoneExtra{p.Languages}), pos)
}

func (w *writer) attributes(attrs []directory.Attribute) error {
	for i := range attrs {
		a := &attrs[i]
		if t := a.TaxonomyTerm; t != nil && !w.terms[t.ID] {
			if d := t.TaxonomyDetail; d != nil {
				if err := w.upsert(tTaxonomies, d); err != nil {
					return err
				}
				if t.TaxonomyID == "" {
					t.TaxonomyID = d.ID
				}
			}
			if err := w.upsert(tTerms, t); err != nil {
				return err
			}
			w.terms[t.ID] = true
		} else if t == nil && !w.terms[a.TaxonomyTermID] {
			ok, err := w.exists("taxonomy_terms", a.TaxonomyTermID)
			if err != nil {
				return err
			}
			if !ok {
				return directory.FieldErrors{{Field: "attributes.taxonomy_term_id", Message: "no taxonomy term with this id"}}
			}
			w.terms[a.TaxonomyTermID] = true
		}
		if err := w.upsert(tAttributes, a, i); err != nil {
			return err
		}
	}
	return nil
}
