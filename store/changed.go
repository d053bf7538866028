package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// changedRecord is one record a directory write changed, for its audit rows: a write's
// audit names every record it changed, not only the one in the request's address.
type changedRecord struct {
	entity, id string
	op         string // "create" or "update"
	// link is set when only the record's link to a service changed (a service now
	// delivered, or no longer, at this location): the service the link belongs to.
	link string
}

// note adds a record to the write's changed records, once.
func (w *writer) note(entity, id, op, link string) {
	if !w.track {
		return
	}
	for _, c := range w.changed {
		if c.entity == entity && c.id == id {
			return
		}
	}
	w.changed = append(w.changed, changedRecord{entity: entity, id: id, op: op, link: link})
}

// locationsLinked lists the locations the service is delivered at now, before a write
// replaces its service_at_location rows.
func (w *writer) locationsLinked(serviceID string) ([]string, error) {
	return locationsLinked(w.ctx, w.tx, serviceID)
}

func locationsLinked(ctx context.Context, tx *sqlx.Tx, serviceID string) ([]string, error) {
	var ids []string
	if err := tx.SelectContext(ctx, &ids, `SELECT location_id FROM service_at_location WHERE service_id = $1`, serviceID); err != nil {
		return nil, fmt.Errorf("store: locations of service %s: %w", serviceID, err)
	}
	return ids, nil
}

// unlinkedBy names the locations a service's deletion unlinks, when the deletion is
// audited.
func unlinkedBy(ctx context.Context, tx *sqlx.Tx, o writeOptions, serviceID string) ([]changedRecord, error) {
	if o.audit == nil {
		return nil, nil
	}
	ids, err := locationsLinked(ctx, tx, serviceID)
	if err != nil {
		return nil, err
	}
	var out []changedRecord
	for _, id := range ids {
		if !slices.ContainsFunc(out, func(c changedRecord) bool { return c.id == id }) {
			out = append(out, changedRecord{entity: "location", id: id, op: "update", link: serviceID})
		}
	}
	return out, nil
}

// noteLinks names the locations the service write linked or unlinked: the service is
// now listed there, or no longer.
func (w *writer) noteLinks(s *directory.Service, before []string) {
	var after []string
	for _, sal := range s.ServiceAtLocations {
		after = append(after, sal.LocationID)
	}
	for _, id := range after {
		if !slices.Contains(before, id) {
			w.note("location", id, "update", s.ID)
		}
	}
	for _, id := range before {
		if !slices.Contains(after, id) {
			w.note("location", id, "update", s.ID)
		}
	}
}

// auditChanged appends e, and one row like it for every other record in changed, inside
// the write's transaction: the audit then names every record the write changed. The
// other rows say what the write was in Detail ("update service <id>").
func auditChanged(ctx context.Context, tx *sqlx.Tx, e AuditEntry, changed []changedRecord) error {
	if err := insertAudit(ctx, tx, e); err != nil {
		return err
	}
	for _, c := range changed {
		if c.entity == e.RecordType && c.id == e.RecordID {
			continue
		}
		o := e
		o.RecordType, o.RecordID, o.Action = c.entity, c.id, c.op
		o.Detail = "by " + e.Action + " of " + e.RecordType + " " + e.RecordID
		if c.link != "" {
			o.Detail = "service_at_location of service " + c.link + ", by " + e.Action + " of " + e.RecordType + " " + e.RecordID
		}
		if err := insertAudit(ctx, tx, o); err != nil {
			return err
		}
	}
	return nil
}
