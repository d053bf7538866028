package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// AuditLink is an audit row exactly as stored, the form its hash is computed over: At is
// the stored text (fixed-width UTC, microseconds), not a parsed time. It is what
// `handoff audit export` writes, one JSON object a line, so that a reader outside
// Handoff can recompute every hash (AuditHash).
type AuditLink struct {
	Seq        int64  `db:"seq" json:"seq"`
	At         string `db:"at" json:"at"`
	UserID     string `db:"user_id" json:"user_id"`
	Role       string `db:"role" json:"role"`
	ClientIP   string `db:"client_ip" json:"client_ip"`
	Action     string `db:"action" json:"action"`
	RecordType string `db:"record_type" json:"record_type"`
	RecordID   string `db:"record_id" json:"record_id"`
	Allowed    bool   `db:"allowed" json:"allowed"`
	Detail     string `db:"detail" json:"detail"`
	RequestID  string `db:"request_id" json:"request_id"`
	PrevHash   string `db:"prev_hash" json:"prev_hash"`
	Hash       string `db:"hash" json:"hash"`
}

// auditHashDomain starts every hashed message, so that a hash of an audit row can be
// mistaken for no other hash Handoff computes, and a later encoding can be told apart.
const auditHashDomain = "handoff-audit-v1"

// AuditHash is a row's hash: the lowercase hex SHA-256 of the domain string
// "handoff-audit-v1" followed by, for each of prev, at, user_id, role, client_ip, action,
// record_type, record_id, allowed ("true" or "false"), detail and request_id in this
// order, the value's length in bytes as a 4-byte big-endian number and then its UTF-8
// bytes. The length prefixes make the encoding unambiguous (no two rows encode alike,
// whatever their text holds). seq is not hashed: PostgreSQL leaves gaps in it (a rolled
// back insert), and the chain orders rows already. The first row's prev is "".
func AuditHash(prev string, l AuditLink) string {
	h := sha256.New()
	h.Write([]byte(auditHashDomain))
	allowed := "false"
	if l.Allowed {
		allowed = "true"
	}
	var n [4]byte
	for _, v := range []string{prev, l.At, l.UserID, l.Role, l.ClientIP, l.Action, l.RecordType, l.RecordID, allowed, l.Detail, l.RequestID} {
		binary.BigEndian.PutUint32(n[:], uint32(len(v)))
		h.Write(n[:])
		h.Write([]byte(v))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// auditLockKey is the second key of the advisory lock that orders the audit chain on
// PostgreSQL, after feedLockKey; 'audit_log'::regclass is the table's OID, as the change
// feed's lock uses its table's, so that stores in different schemas do not wait for each
// other and the two locks differ.
const auditLockSQL = `SELECT pg_advisory_xact_lock($1, 'audit_log'::regclass::oid::int)`

// insertAudit appends one row to the audit log inside tx (see insertAuditRows).
func insertAudit(ctx context.Context, tx *sqlx.Tx, e AuditEntry) error {
	return insertAuditRows(ctx, tx, []AuditEntry{e})
}

// insertAuditRows is the one place that appends to the audit log, so that a row written
// on its own (AppendAudit) and one written inside a care or directory write's
// transaction cannot drift apart. Each row carries the hash of the row before it and its
// own (AuditHash), computed in the transaction that inserts it.
//
// The chain needs one order that every writer agrees on: a row's previous row must be
// the one with the next lower seq, committed, whichever instance wrote it. On PostgreSQL
// the transaction takes a transaction-scoped advisory lock first and holds it to its
// end (as appendChanges does for the change feed): the next writer reads the last hash
// only after this one has committed or rolled back, and its seq, taken by the INSERT
// after the lock, is higher. The read is its own statement after the lock's, so that
// under READ COMMITTED (the only isolation the store uses) its snapshot sees the
// previous holder's commit. The lock is taken at the end of every write that audits
// (callers append their audit rows last, before the change feed's lock only), so its
// holder waits for no row lock, and the order audit lock → feed lock is the same in
// every transaction: no deadlock. SQLite needs no lock: its transactions are immediate
// (store.go), one writer at a time from BEGIN to COMMIT.
func insertAuditRows(ctx context.Context, tx *sqlx.Tx, es []AuditEntry) error {
	if len(es) == 0 {
		return nil
	}
	if tx.DriverName() == "postgres" {
		if _, err := tx.ExecContext(ctx, auditLockSQL, feedLockKey); err != nil {
			return fmt.Errorf("store: append audit: lock the chain: %w", err)
		}
	}
	var prev string
	err := tx.GetContext(ctx, &prev, `SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("store: append audit: read the last hash: %w", err)
	}
	for _, e := range es {
		if e.At.IsZero() {
			e.At = time.Now()
		}
		l := AuditLink{At: formatTime(e.At), UserID: e.UserID, Role: e.Role, ClientIP: e.ClientIP, Action: e.Action,
			RecordType: e.RecordType, RecordID: e.RecordID, Allowed: e.Allowed, Detail: e.Detail, RequestID: e.RequestID}
		hash := AuditHash(prev, l)
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, role, client_ip, action, record_type, record_id, allowed, detail, request_id, prev_hash, hash)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			l.At, l.UserID, l.Role, l.ClientIP, l.Action, l.RecordType, l.RecordID, l.Allowed, l.Detail, l.RequestID, prev, hash); err != nil {
			return fmt.Errorf("store: append audit %s %s: %w", e.Action, e.RecordType, err)
		}
		prev = hash
	}
	return nil
}
