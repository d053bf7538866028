package store

import (
	"context"
	"database/sql"
	"fmt"
)

// auditChainVersion is the migration that chains the audit log (audit_chain.go). It is
// written in Go, for both dialects, because the rows already in the log get their
// hashes in it, and those are computed by AuditHash.
const auditChainVersion = 23

// The statements that frame the backfill, per dialect. The append-only triggers are set
// aside only inside the migration's transaction, for the one UPDATE that fills the new
// columns; they are back before it commits. SQLite cannot disable a trigger, so it drops
// and recreates the one refusing updates (as 00003 made it).
var auditChainDDL = map[Dialect]struct{ before, after []string }{
	SQLite: {
		before: []string{
			`ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT ''`,
			`DROP TRIGGER audit_log_no_update`,
		},
		after: []string{`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only: rows cannot be changed');
END`},
	},
	Postgres: {
		before: []string{
			`ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '', ADD COLUMN hash TEXT NOT NULL DEFAULT ''`,
			`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change`,
		},
		after: []string{`ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change`},
	},
}

// chainAuditMigration adds prev_hash and hash to the audit log and chains the rows
// already there, oldest first, in the migration's transaction: after it, `handoff
// audit verify` checks the log from its first row. A long log takes a while (one UPDATE
// a row), once.
func chainAuditMigration(d Dialect) func(ctx context.Context, tx *sql.Tx) error {
	return func(ctx context.Context, tx *sql.Tx) error {
		ddl := auditChainDDL[d]
		for _, q := range ddl.before {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("chain the audit log: %w", err)
			}
		}
		if err := backfillAuditChain(ctx, tx); err != nil {
			return err
		}
		for _, q := range ddl.after {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("chain the audit log: %w", err)
			}
		}
		return nil
	}
}

func backfillAuditChain(ctx context.Context, tx *sql.Tx) error {
	prev := ""
	var after int64
	for {
		rows, err := tx.QueryContext(ctx, `SELECT seq, at, user_id, role, client_ip, action, record_type, record_id, allowed, detail, request_id
			FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000`, after)
		if err != nil {
			return fmt.Errorf("chain the audit log: read: %w", err)
		}
		var batch []AuditLink
		for rows.Next() {
			var l AuditLink
			if err := rows.Scan(&l.Seq, &l.At, &l.UserID, &l.Role, &l.ClientIP, &l.Action, &l.RecordType, &l.RecordID,
				&l.Allowed, &l.Detail, &l.RequestID); err != nil {
				rows.Close()
				return fmt.Errorf("chain the audit log: read: %w", err)
			}
			batch = append(batch, l)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("chain the audit log: read: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		for _, l := range batch {
			hash := AuditHash(prev, l)
			if _, err := tx.ExecContext(ctx, `UPDATE audit_log SET prev_hash = $1, hash = $2 WHERE seq = $3`, prev, hash, l.Seq); err != nil {
				return fmt.Errorf("chain the audit log: row %d: %w", l.Seq, err)
			}
			prev = hash
		}
		after = batch[len(batch)-1].Seq
	}
}
