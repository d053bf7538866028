package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// AuditEntry is one row of the audit log: who (user and role), when, from where, what
// action on which record, and whether it was allowed. Detail is a short code, never
// personal data (no emails, names or passwords).
type AuditEntry struct {
	Seq        int64     `json:"seq"`
	At         time.Time `json:"at"`
	UserID     string    `json:"user_id"`
	Role       string    `json:"role"`
	ClientIP   string    `json:"client_ip"`
	Action     string    `json:"action"`
	RecordType string    `json:"record_type"`
	RecordID   string    `json:"record_id"`
	Allowed    bool      `json:"allowed"`
	Detail     string    `json:"detail,omitempty"`
	RequestID  string    `json:"request_id,omitempty"`
}

type auditRow struct {
	Seq        int64  `db:"seq"`
	At         string `db:"at"`
	UserID     string `db:"user_id"`
	Role       string `db:"role"`
	ClientIP   string `db:"client_ip"`
	Action     string `db:"action"`
	RecordType string `db:"record_type"`
	RecordID   string `db:"record_id"`
	Allowed    bool   `db:"allowed"`
	Detail     string `db:"detail"`
	RequestID  string `db:"request_id"`
}

const auditCols = `seq, at, user_id, role, client_ip, action, record_type, record_id, allowed, detail, request_id`

func (r auditRow) entry() AuditEntry {
	return AuditEntry{Seq: r.Seq, At: optTime(r.At), UserID: r.UserID, Role: r.Role, ClientIP: r.ClientIP,
		Action: r.Action, RecordType: r.RecordType, RecordID: r.RecordID, Allowed: r.Allowed, Detail: r.Detail, RequestID: r.RequestID}
}

// AppendAudit adds a row to the audit log. There is no method to change or remove one,
// and the database refuses it too (triggers).
func (s *Store) AppendAudit(ctx context.Context, e AuditEntry) error {
	return insertAudit(ctx, s.db, e)
}

// AppendAuditRows adds the rows of one answer that showed several records (a list or a
// search, one row per record) in one transaction: a page of a hundred people costs one
// commit instead of a hundred, and the page's rows are all there or none is.
func (s *Store) AppendAuditRows(ctx context.Context, es []AuditEntry) error {
	if len(es) == 1 {
		return s.AppendAudit(ctx, es[0])
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, e := range es {
			if err := insertAudit(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertAudit is the one statement that appends to the audit log, so that a row written
// on its own (AppendAudit) and one written inside a care write's transaction (see
// CareStore.Audited) cannot drift apart. q is the pool or a transaction.
func insertAudit(ctx context.Context, q sqlx.ExecerContext, e AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := q.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, role, client_ip, action, record_type, record_id, allowed, detail, request_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		formatTime(e.At), e.UserID, e.Role, e.ClientIP, e.Action, e.RecordType, e.RecordID, e.Allowed, e.Detail, e.RequestID)
	if err != nil {
		return fmt.Errorf("store: append audit %s %s: %w", e.Action, e.RecordType, err)
	}
	return nil
}

// AuditFilter narrows the audit log; zero fields do not filter. From is inclusive, To
// exclusive.
type AuditFilter struct {
	UserID     string
	RecordType string
	RecordID   string
	Action     string
	From, To   time.Time
}

func (f AuditFilter) where() (string, []any) {
	var c conds
	c.eq("user_id", f.UserID)
	c.eq("record_type", f.RecordType)
	c.eq("record_id", f.RecordID)
	c.eq("action", f.Action)
	if !f.From.IsZero() {
		c.add("at >= $%d", formatTime(f.From))
	}
	if !f.To.IsZero() {
		c.add("at < $%d", formatTime(f.To))
	}
	return c.where()
}

// AuditEntries returns one page of matching rows, newest first, and the number of matches.
func (s *Store) AuditEntries(ctx context.Context, f AuditFilter, p Page) ([]AuditEntry, int, error) {
	where, args := f.where()
	rows, total, err := selectPage[auditRow](ctx, s.db, listQuery{what: "audit", from: "audit_log", cols: auditCols,
		where: where, args: args, order: "seq DESC"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, total, nil
}

// EachAuditBatch walks every matching row, oldest first, a batch at a time, for exports
// that must not hold the whole log in memory.
func (s *Store) EachAuditBatch(ctx context.Context, f AuditFilter, size int, fn func([]AuditEntry) error) error {
	where, args := f.where()
	cond := " WHERE "
	if where != "" {
		cond = where + " AND "
	}
	var after int64
	for {
		var rows []auditRow
		q := fmt.Sprintf("SELECT %s FROM audit_log%s seq > $%d ORDER BY seq LIMIT %d", auditCols, cond, len(args)+1, size)
		if err := s.db.SelectContext(ctx, &rows, q, append(args, after)...); err != nil {
			return fmt.Errorf("store: walk audit: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		batch := make([]AuditEntry, len(rows))
		for i, r := range rows {
			batch[i] = r.entry()
		}
		if err := fn(batch); err != nil {
			return err
		}
		after = rows[len(rows)-1].Seq
	}
}
