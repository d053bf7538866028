package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// InUseError means a record cannot be deleted while others depend on it.
type InUseError struct {
	Detail string // what still depends on it, in words: "2 services, 1 user account"
}

// Error says what still depends on the record.
func (e *InUseError) Error() string { return "still in use by " + e.Detail }

// Location loads one location with its addresses, phones, schedules, languages and attributes.
func (s *Store) Location(ctx context.Context, id string) (directory.Location, error) {
	byID, err := s.locationsByID(ctx, []string{id})
	if err != nil {
		return directory.Location{}, err
	}
	l, ok := byID[id]
	if !ok {
		return directory.Location{}, ErrNotFound
	}
	return l, nil
}

// WriteLocation creates or replaces one location and its children in one transaction,
// with its row in the change feed, and reports whether it was new. With IfUnchanged it
// fails with ErrConflict, writing nothing, if the location changed.
func (s *Store) WriteLocation(ctx context.Context, l *directory.Location, opts ...WriteOption) (created bool, err error) {
	o := writeOptionsOf(opts)
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		now, err := o.guard(ctx, tx)
		if err != nil {
			return err
		}
		w := newWriter(ctx, tx, now, nil)
		defer w.close()
		w.view = s.inTxView(tx)
		w.actor = o.actorOr(directory.ChangeActor{Source: directory.ChangeFromSystem})
		w.track = o.audit != nil
		existed, err := w.exists("locations", l.ID)
		if err != nil {
			return err
		}
		created = !existed
		if err := w.location(l, ""); err != nil {
			return err
		}
		if err := o.finish(ctx, tx, w.changed); err != nil {
			return err
		}
		return w.flush()
	})
	return created, err
}

// DeleteService deletes a service with everything that hangs under it, and writes the
// deletion to the change feed in the same transaction. With IfUnchanged it fails with
// ErrConflict, deleting nothing, if the service changed.
func (s *Store) DeleteService(ctx context.Context, id string, opts ...WriteOption) error {
	return s.deleteRecord(ctx, "service", "services", id, writeOptionsOf(opts), nil)
}

// DeleteLocation deletes a location and its children. A location where services are
// still delivered is refused with *InUseError: removing it would change their listings.
// With IfUnchanged it fails with ErrConflict, deleting nothing, if the location changed.
func (s *Store) DeleteLocation(ctx context.Context, id string, opts ...WriteOption) error {
	return s.deleteRecord(ctx, "location", "locations", id, writeOptionsOf(opts), []dependent{
		{`SELECT count(*) FROM service_at_location WHERE location_id = $1`, "service", "services"},
	})
}

// DeleteOrganization deletes an organization with its phones and attributes. One that
// still has services, locations or user accounts is refused with *InUseError. With
// IfUnchanged it fails with ErrConflict, deleting nothing, if the organization changed.
func (s *Store) DeleteOrganization(ctx context.Context, id string, opts ...WriteOption) error {
	return s.deleteRecord(ctx, "organization", "organizations", id, writeOptionsOf(opts), []dependent{
		{`SELECT count(*) FROM services WHERE organization_id = $1`, "service", "services"},
		{`SELECT count(*) FROM locations WHERE organization_id = $1`, "location", "locations"},
		{`SELECT count(*) FROM users WHERE organization_id = $1`, "user account", "user accounts"},
	})
}

// deleteRecord is the one deletion of a directory record, in one transaction: the
// IfUnchanged guard, the refusal while deps still count records, the children, the row,
// the audit rows and last the change feed. A service's deletion also audits the
// locations it leaves, which no longer list it.
func (s *Store) deleteRecord(ctx context.Context, entity, table, id string, o writeOptions, deps []dependent) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		now, err := o.guard(ctx, tx)
		if err != nil {
			return err
		}
		if err := refuseInUse(ctx, tx, id, deps); err != nil {
			return err
		}
		var unlinked []changedRecord
		if entity == "service" {
			if unlinked, err = unlinkedBy(ctx, tx, o, id); err != nil {
				return err
			}
		}
		if err := deleteChildren(ctx, tx, entity, id); err != nil {
			return err
		}
		if err := deleteRow(ctx, tx, table, entity, id); err != nil {
			return err
		}
		if err := o.finish(ctx, tx, unlinked); err != nil {
			return err
		}
		gone := directory.HistoryEntry{ID: directory.NewID(), RecordType: entity, RecordID: id, Action: "delete",
			ChangeActor: o.actorOr(directory.ChangeActor{Source: directory.ChangeFromSystem})}
		if err := insertHistory(ctx, tx, now, []directory.HistoryEntry{gone}); err != nil {
			return err
		}
		return appendChanges(ctx, tx, []pendingChange{{entity: entity, id: id, op: "delete", at: now}})
	})
}

// deleteChildren deletes every child of a record (see childTables).
func deleteChildren(ctx context.Context, tx *sqlx.Tx, parent, id string) error {
	for _, q := range childDeletes[parent] {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("store: delete %s children: %w", parent, err)
		}
	}
	return nil
}

// dependent counts the records that depend on one, with the words to name them.
type dependent struct {
	count            string
	singular, plural string
}

func refuseInUse(ctx context.Context, tx *sqlx.Tx, id string, deps []dependent) error {
	var parts []string
	for _, d := range deps {
		var n int
		if err := tx.GetContext(ctx, &n, d.count, id); err != nil {
			return fmt.Errorf("store: count dependents: %w", err)
		}
		switch {
		case n == 1:
			parts = append(parts, "1 "+d.singular)
		case n > 1:
			parts = append(parts, fmt.Sprintf("%d %s", n, d.plural))
		}
	}
	if len(parts) > 0 {
		return &InUseError{Detail: strings.Join(parts, ", ")}
	}
	return nil
}

// deleteRow deletes the row itself, or fails with ErrNotFound when there is none. The
// caller appends the deletion to the change feed last (appendChanges).
func deleteRow(ctx context.Context, tx *sqlx.Tx, table, entity, id string) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: delete %s: %w", entity, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
