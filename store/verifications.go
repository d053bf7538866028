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

// RecordVerification stores a check of a service's listing (v's ID, ServiceID, Method,
// Result, Note and who; its At is set here), in one transaction. v.OrganizationID, when
// set, is the organization the caller was allowed to check: a service that belongs to
// another one by the time of the write is ErrConflict, and nothing is written. A
// "confirmed" result is a change of the listing: the service's assured_date becomes the
// day of the check, its version moves, and the change feed carries it, so that search
// shows the new date. Other results change no listing. ErrNotFound: no such service.
// opts take an audit entry (WithAudit), written in the same transaction.
func (s *Store) RecordVerification(ctx context.Context, v *directory.Verification, opts ...WriteOption) error {
	o := writeOptionsOf(opts)
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		lock := ""
		if tx.DriverName() == "postgres" {
			lock = " FOR NO KEY UPDATE" // as a write of the row does (Unchanged.check)
		}
		var owner sql.NullString
		err := tx.GetContext(ctx, &owner, `SELECT organization_id FROM services WHERE id = $1`+lock, v.ServiceID)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		} else if err != nil {
			return fmt.Errorf("store: verification: %w", err)
		}
		org := owner.String
		// The caller decided who may check this listing by its organization, read before
		// this transaction; a service moved to another organization since is refused
		// here, under the row lock, so that nobody checks another organization's listing.
		if v.OrganizationID != "" && v.OrganizationID != org {
			return ErrConflict
		}
		now, err := o.guard(ctx, tx)
		if err != nil {
			return err
		}
		at, err := parseTime(now)
		if err != nil {
			return fmt.Errorf("store: verification: %w", err)
		}
		v.At, v.OrganizationID = at, org
		if _, err := tx.ExecContext(ctx, `INSERT INTO verifications (id, service_id, organization_id, method, result, note, by_user_id, by_name, by_role, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			v.ID, v.ServiceID, org, v.Method, v.Result, v.Note, v.ByUserID, v.ByName, v.ByRole, now); err != nil {
			return fmt.Errorf("store: verification: %w", err)
		}
		var changes []pendingChange
		if v.Result == directory.VerifyConfirmed {
			if _, err := tx.ExecContext(ctx, `UPDATE services SET assured_date = $1, updated_at = $2 WHERE id = $3`,
				directory.AssuredDateOf(at), now, v.ServiceID); err != nil {
				return fmt.Errorf("store: verification: %w", err)
			}
			changes = append(changes, pendingChange{entity: "service", id: v.ServiceID, op: "update", at: now})
		}
		if err := o.finish(ctx, tx, nil); err != nil {
			return err
		}
		return appendChanges(ctx, tx, changes)
	})
}

type verificationRow struct {
	ID             string `db:"id"`
	ServiceID      string `db:"service_id"`
	OrganizationID string `db:"organization_id"`
	Method         string `db:"method"`
	Result         string `db:"result"`
	Note           string `db:"note"`
	ByUserID       string `db:"by_user_id"`
	ByName         string `db:"by_name"`
	ByRole         string `db:"by_role"`
	At             string `db:"at"`
}

const verificationCols = `id, service_id, organization_id, method, result, note, by_user_id, by_name, by_role, at`

// Verifications lists a service's checks, newest first, a page at a time.
func (s *Store) Verifications(ctx context.Context, serviceID string, p Page) ([]directory.Verification, int, error) {
	rows, total, err := selectPage[verificationRow](ctx, s.db, listQuery{what: "verifications", from: "verifications",
		cols: verificationCols, where: " WHERE service_id = $1", args: []any{serviceID}, order: "at DESC, id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]directory.Verification, len(rows))
	for i, r := range rows {
		at, _ := parseTime(r.At)
		out[i] = directory.Verification{ID: r.ID, ServiceID: r.ServiceID, OrganizationID: r.OrganizationID,
			Method: r.Method, Result: r.Result, Note: r.Note, ByUserID: r.ByUserID, ByName: r.ByName, ByRole: r.ByRole, At: at}
	}
	return out, total, nil
}

// assuredFromChecks makes a written service's assured_date the day of its latest
// confirmation, when it has one: the date a write carries (an API client's, an import's)
// stands only for a service no person has confirmed here. A writer asks once whether
// any confirmation exists at all, so that a bulk import into a directory without them
// pays one query, not one per service.
func (w *writer) assuredFromChecks(serviceID string) error {
	if w.anyChecks == nil {
		var n int
		if err := w.tx.GetContext(w.ctx, &n, `SELECT count(*) FROM (SELECT 1 FROM verifications WHERE result = 'confirmed' LIMIT 1) v`); err != nil {
			return fmt.Errorf("store: verifications: %w", err)
		}
		any := n > 0
		w.anyChecks = &any
	}
	if !*w.anyChecks {
		return nil
	}
	return w.exec(`UPDATE services SET assured_date = (SELECT substr(max(at), 1, 10) FROM verifications WHERE service_id = $1 AND result = 'confirmed')
		WHERE id = $1 AND EXISTS (SELECT 1 FROM verifications WHERE service_id = $1 AND result = 'confirmed')`, serviceID)
}

// lastConfirmed parses a stored time; zero when empty or bad.
func lastConfirmed(s string) time.Time {
	t, err := parseTime(s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// ServiceOrganization answers the organization that owns a service ("" for none), which
// decides who may check it; ErrNotFound when there is no such service.
func (s *Store) ServiceOrganization(ctx context.Context, id string) (string, error) {
	var org sql.NullString
	err := s.db.GetContext(ctx, &org, `SELECT organization_id FROM services WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	} else if err != nil {
		return "", fmt.Errorf("store: service %s: %w", id, err)
	}
	return org.String, nil
}
