package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// AuditAnchor is where the audit chain starts once old rows were purged: the seq, time
// and hash of the last row removed. The first row left carries that hash as its
// prev_hash, so verification starts from the anchor and still notices any row changed,
// or removed, after it.
type AuditAnchor struct {
	Seq     int64  `db:"seq" json:"seq"`
	UptoSeq int64  `db:"upto_seq" json:"upto_seq"`
	Hash    string `db:"hash" json:"hash"`
	UptoAt  string `db:"upto_at" json:"upto_at"`
	Removed int    `db:"rows_removed" json:"rows_removed"`
	At      string `db:"at" json:"at"`
}

// LatestAuditAnchor returns the newest anchor, nil when no audit row was ever purged.
func (s *Store) LatestAuditAnchor(ctx context.Context) (*AuditAnchor, error) {
	var a AuditAnchor
	err := s.db.GetContext(ctx, &a, `SELECT seq, upto_seq, hash, upto_at, rows_removed, at FROM audit_anchors ORDER BY seq DESC LIMIT 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: audit anchor: %w", err)
	}
	return &a, nil
}

// auditBatch is how many audit rows one transaction of an audit purge removes.
const auditBatch = 5000

// purgeAudit removes the audit rows written before cut, oldest first, a batch at a time:
// each batch first records an anchor (the seq and hash of the last row it removes), the
// only thing the database's trigger accepts as leave to delete rows, then deletes up to
// it. The newest row is never removed (the next row chains to it). With dry it only
// counts, in that transaction.
func (s *Store) purgeAudit(ctx context.Context, dry *sqlx.Tx, cut time.Time, o PurgeOptions) (int, error) {
	var q careQueryer = s.db
	if dry != nil {
		q = dry
	}
	var upto, newest sql.NullInt64
	if err := q.GetContext(ctx, &newest, `SELECT max(seq) FROM audit_log`); err != nil {
		return 0, fmt.Errorf("store: purge audit: %w", err)
	}
	if err := q.GetContext(ctx, &upto, `SELECT min(seq) - 1 FROM audit_log WHERE at >= $1`, formatTime(cut)); err != nil {
		return 0, fmt.Errorf("store: purge audit: %w", err)
	}
	last := newest.Int64 - 1
	if upto.Valid && upto.Int64 < last {
		last = upto.Int64
	}
	if last <= 0 {
		return 0, nil
	}
	if dry != nil {
		var n int
		err := dry.GetContext(ctx, &n, `SELECT count(*) FROM audit_log WHERE seq <= $1`, last)
		return n, err
	}
	total := 0
	for {
		if err := ctx.Err(); err != nil {
			return total, err
		}
		var n int
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			var first sql.NullInt64
			if err := tx.GetContext(ctx, &first, `SELECT min(seq) FROM audit_log`); err != nil {
				return err
			}
			if !first.Valid || first.Int64 > last {
				return nil
			}
			var end AuditLink
			if err := tx.GetContext(ctx, &end, `SELECT `+auditCols+` FROM audit_log WHERE seq <= $1 ORDER BY seq DESC LIMIT 1`,
				min(last, first.Int64+auditBatch-1)); err != nil {
				return err
			}
			var removed int
			if err := tx.GetContext(ctx, &removed, `SELECT count(*) FROM audit_log WHERE seq <= $1`, end.Seq); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_anchors (upto_seq, hash, upto_at, rows_removed, at) VALUES ($1, $2, $3, $4, $5)`,
				end.Seq, end.Hash, end.At, removed, formatTime(time.Now())); err != nil {
				return fmt.Errorf("record the anchor: %w", err)
			}
			del, err := tx.ExecContext(ctx, `DELETE FROM audit_log WHERE seq <= $1`, end.Seq)
			if err != nil {
				return err
			}
			m, _ := del.RowsAffected()
			n = int(m)
			e := o.Audit
			e.Seq, e.Action, e.RecordType, e.RecordID, e.Allowed = 0, "purge", "audit_log", "", true
			e.Detail = fmt.Sprintf("before=%s audit_rows=%d anchor_seq=%d anchor_hash=%s %s", formatTime(cut), n, end.Seq, end.Hash, o.Audit.Detail)
			return insertAudit(ctx, tx, e)
		})
		if err != nil {
			return total, fmt.Errorf("store: purge audit: %w", err)
		}
		if n == 0 {
			return total, nil
		}
		total += n
	}
}
