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
	// track: the write is audited, so it lists every record it changed (see changed.go).
	track   bool
	changed []changedRecord
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
	_, err := w.execN(query, args...)
	return err
}

// execN runs a statement and reports how many rows it wrote.
func (w *writer) execN(query string, args ...any) (int64, error) {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PreparexContext(w.ctx, query); err != nil {
			return 0, fmt.Errorf("prepare: %w", err)
		}
		w.stmts[query] = st
	}
	res, err := st.ExecContext(w.ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
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
	w.note(entity, id, op, "")
	w.pending = append(w.pending, pendingChange{entity: entity, id: id, op: op, at: w.now})
	return nil
}

// child writes one child row of the parent parentID: the c.list[pos] of the record at
// path. The row's owner columns name the parent and nothing else, and a row with this id
// that belongs to another parent is refused with *ForeignChildError, by the write's own
// statement (see childTable.upsert).
func (w *writer) child(c *childTable, parentID string, v any, path string, pos int, extra ...any) error {
	args := c.t.args(v, extra...)
	for _, i := range c.others {
		args[i] = ""
	}
	args[c.colAt] = parentID
	if c.entityAt >= 0 {
		args[c.entityAt] = c.parent
	}
	n, err := w.execN(c.upsert, args...)
	if err != nil {
		return fmt.Errorf("write %s: %w", c.t.name, err)
	}
	if n == 0 {
		id, _ := args[c.idAt].(string)
		return &ForeignChildError{Field: fmt.Sprintf("%s%s[%d].id", path, c.list, pos), Kind: c.kind, ID: id}
	}
	return nil
}

// deleteChildren deletes every child of the parent (a "service", "location" or
// "organization"), before its record's children are written again.
func (w *writer) deleteChildren(parent, id string) error {
	for _, q := range childDeletes[parent] {
		if err := w.exec(q, id); err != nil {
			return fmt.Errorf("replace children of %s: %w", parent, err)
		}
	}
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
// the record is the whole truth about the service. path is the service's place in the
// record written ("" or "services[2]."), for the fields of errors.
func (w *writer) service(s *directory.Service, path string) (created bool, err error) {
	if s.Organization != nil {
		if err := w.organization(s.Organization, false, path+"organization."); err != nil {
			return false, err
		}
	} else if s.OrganizationID != "" {
		ok, err := w.exists("organizations", s.OrganizationID)
		if err != nil {
			return false, err
		}
		if !ok {
			return false, directory.FieldErrors{{Field: path + "organization_id", Message: "no organization with this id"}}
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
	var linked []string
	if existed {
		if w.track {
			if linked, err = w.locationsLinked(s.ID); err != nil {
				return false, err
			}
		}
		if err := w.deleteChildren("service", s.ID); err != nil {
			return false, err
		}
	}
	for i := range s.Phones {
		p := &s.Phones[i]
		if err := w.child(childOf("service", "phones"), s.ID, p, path, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return false, err
		}
	}
	for i := range s.Schedules {
		if err := w.child(childOf("service", "schedules"), s.ID, &s.Schedules[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.ServiceAreas {
		if err := w.child(childOf("service", "service_areas"), s.ID, &s.ServiceAreas[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.Languages {
		if err := w.child(childOf("service", "languages"), s.ID, &s.Languages[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.CostOptions {
		if err := w.child(childOf("service", "cost_options"), s.ID, &s.CostOptions[i], path, i, i); err != nil {
			return false, err
		}
	}
	for i := range s.Capacities {
		c := &s.Capacities[i]
		if err := w.child(childOf("service", "capacities"), s.ID, c, path, i, encodeExtra(capacityExtra{c.Unit, c.Source, c.TTLHours}), i); err != nil {
			return false, err
		}
	}
	if err := w.attributes(childOf("service", "attributes"), s.ID, s.Attributes, path); err != nil {
		return false, err
	}
	for i := range s.ServiceAtLocations {
		if err := w.serviceAtLocation(s.ID, &s.ServiceAtLocations[i], path, i); err != nil {
			return false, err
		}
	}
	if w.track {
		w.noteLinks(s, linked)
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return !existed, w.change("service", s.ID, op)
}

// serviceAtLocation writes the path.service_at_locations[pos] of the service serviceID.
func (w *writer) serviceAtLocation(serviceID string, sal *directory.ServiceAtLocation, path string, pos int) error {
	at := fmt.Sprintf("%sservice_at_locations[%d].", path, pos)
	if sal.Location != nil {
		if err := w.location(sal.Location, at+"location."); err != nil {
			return err
		}
	} else {
		ok, err := w.exists("locations", sal.LocationID)
		if err != nil {
			return err
		}
		if !ok {
			return directory.FieldErrors{{Field: path + "service_at_locations.location_id", Message: "no location with this id"}}
		}
	}
	if err := w.child(childOf("service", "service_at_locations"), serviceID, sal, path, pos, encodeExtra(salExtra{sal.Contacts, sal.Metadata}), pos); err != nil {
		return err
	}
	for i := range sal.Phones {
		p := &sal.Phones[i]
		if err := w.child(childOf("service_at_location", "phones"), sal.ID, p, at, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return err
		}
	}
	for i := range sal.Schedules {
		if err := w.child(childOf("service_at_location", "schedules"), sal.ID, &sal.Schedules[i], at, i, i); err != nil {
			return err
		}
	}
	return nil
}

// location writes a location and replaces its children; path as for service.
func (w *writer) location(l *directory.Location, path string) error {
	existed, err := w.exists("locations", l.ID)
	if err != nil {
		return err
	}
	if err := w.upsert(tLocations, l, extraOfLocation(l), w.now); err != nil {
		return err
	}
	w.markKnown("locations", l.ID, true)
	if existed {
		if err := w.deleteChildren("location", l.ID); err != nil {
			return err
		}
	}
	for i := range l.Addresses {
		if err := w.child(childOf("location", "addresses"), l.ID, &l.Addresses[i], path, i, i); err != nil {
			return err
		}
	}
	for i := range l.Phones {
		p := &l.Phones[i]
		if err := w.child(childOf("location", "phones"), l.ID, p, path, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return err
		}
	}
	for i := range l.Schedules {
		if err := w.child(childOf("location", "schedules"), l.ID, &l.Schedules[i], path, i, i); err != nil {
			return err
		}
	}
	for i := range l.Languages {
		if err := w.child(childOf("location", "languages"), l.ID, &l.Languages[i], path, i, i); err != nil {
			return err
		}
	}
	if err := w.attributes(childOf("location", "attributes"), l.ID, l.Attributes, path); err != nil {
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
func (w *writer) organization(o *directory.Organization, replace bool, path string) error {
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
		if err := w.deleteChildren("organization", o.ID); err != nil {
			return err
		}
	}
	for i := range o.Phones {
		p := &o.Phones[i]
		if err := w.child(childOf("organization", "phones"), o.ID, p, path, i, encodeExtra(phoneExtra{p.Languages}), i); err != nil {
			return err
		}
	}
	if err := w.attributes(childOf("organization", "attributes"), o.ID, o.Attributes, path); err != nil {
		return err
	}
	op := "update"
	if !existed {
		op = "create"
	}
	return w.change("organization", o.ID, op)
}

// attributes writes the attributes of the parent parentID (c is its attribute table),
// with the taxonomy terms they embed.
func (w *writer) attributes(c *childTable, parentID string, attrs []directory.Attribute, path string) error {
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
				return directory.FieldErrors{{Field: path + "attributes.taxonomy_term_id", Message: "no taxonomy term with this id"}}
			}
			w.terms[a.TaxonomyTermID] = true
		}
		if err := w.child(c, parentID, a, path, i, i); err != nil {
			return err
		}
	}
	return nil
}
