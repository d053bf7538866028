package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// AddCapacityObservation records what a peer heard when they called a service. The
// service's own figures are not touched; a change of the service is appended to the feed
// so that search shows the observation (the index reads it with the service). o's ID and
// ObservedAt are set here; audit is its audit row (its RecordID set here), written in the
// same transaction. ErrNotFound: no such service.
func (s *Store) AddCapacityObservation(ctx context.Context, o *directory.CapacityObservation, now time.Time, audit AuditEntry) error {
	o.ID = directory.NewID()
	audit.RecordID = o.ID
	at := formatTime(now)
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var one int
		err := tx.GetContext(ctx, &one, tx.Rebind(`SELECT 1 FROM services WHERE id = ?`), o.ServiceID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: capacity observation: %w", err)
		}
		if _, err := tx.ExecContext(ctx, tx.Rebind(`INSERT INTO capacity_observations
			(id, service_id, available, maximum, unit, note, observer_id, observer, observed_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			o.ID, o.ServiceID, *o.Available, o.Maximum, o.Unit, o.Note, o.ObserverID, o.Observer, at); err != nil {
			return fmt.Errorf("store: capacity observation: %w", err)
		}
		// The audit row commits with the observation, or neither does.
		if err := insertAudit(ctx, tx, audit); err != nil {
			return fmt.Errorf("store: capacity observation: audit: %w", err)
		}
		return appendChanges(ctx, tx, []pendingChange{{entity: "service", id: o.ServiceID, op: "update", at: at}})
	})
	if err != nil {
		return err
	}
	o.ObservedAt, o.Source = rfc3339(at), directory.CapacitySourcePhone
	return nil
}

// attachObservations gives each loaded service its newest capacity observation, if any.
func (s *Store) attachObservations(ctx context.Context, ids []string, byID map[string]*directory.Service) error {
	if len(ids) == 0 {
		return nil
	}
	q, args, err := sqlx.In(`SELECT o.id, o.service_id, o.available, o.maximum, o.unit, o.note, o.observer_id, o.observer, o.observed_at
		FROM capacity_observations o WHERE o.service_id IN (?) AND o.observed_at =
		(SELECT MAX(n.observed_at) FROM capacity_observations n WHERE n.service_id = o.service_id)
		ORDER BY o.service_id, o.id`, ids)
	if err != nil {
		return err
	}
	var rows []directory.CapacityObservation
	if err := sqlx.SelectContext(ctx, s.reader(), &rows, s.reader().Rebind(q), args...); err != nil {
		return fmt.Errorf("store: load capacity observations: %w", err)
	}
	for i := range rows {
		o := rows[i]
		svc := byID[o.ServiceID]
		if svc == nil || svc.Observation != nil {
			continue
		}
		o.ObservedAt, o.Source = rfc3339(o.ObservedAt), directory.CapacitySourcePhone
		svc.Observation = &o
	}
	return nil
}
