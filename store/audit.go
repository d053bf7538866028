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
	// PrevHash and Hash chain the row to the one before it (audit_chain.go).
	PrevHash string `json:"prev_hash,omitempty"`
	Hash     string `json:"hash,omitempty"`
}

// auditRow is how the loaders read a row: every field as stored (AuditLink).
type auditRow = AuditLink

const auditCols = `seq, at, user_id, role, client_ip, action, record_type, record_id, allowed, detail, request_id, prev_hash, hash`

func (r auditRow) entry() AuditEntry {
	return AuditEntry{Seq: r.Seq, At: optTime(r.At), UserID: r.UserID, Role: r.Role, ClientIP: r.ClientIP,
		Action: r.Action, RecordType: r.RecordType, RecordID: r.RecordID, Allowed: r.Allowed, Detail: r.Detail, RequestID: r.RequestID,
		PrevHash: r.PrevHash, Hash: r.Hash}
}

// AppendAudit adds a row to the audit log, chained to the row before it (audit_chain.go).
// There is no method to change or remove one, and the database refuses it too (triggers).
func (s *Store) AppendAudit(ctx context.Context, e AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return insertAudit(ctx, tx, e) })
}

// AppendAuditRows adds the rows of one answer that showed several records (a list or a
// search, one row per record) in one transaction: a page of a hundred people costs one
// commit instead of a hundred, and the page's rows are all there or none is.
func (s *Store) AppendAuditRows(ctx context.Context, es []AuditEntry) error {
	if len(es) == 1 {
		return s.AppendAudit(ctx, es[0])
	}
	return s.inTx(ctx, func(tx *sqlx.Tx) error { return insertAuditRows(ctx, tx, es) })
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
