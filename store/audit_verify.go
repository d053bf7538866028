package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// AuditBreak is the first row where the audit chain does not hold: the row itself was
// changed (its hash is not the hash of its fields), or the row before it was changed or
// removed (its prev_hash is not the previous row's hash).
type AuditBreak struct {
	Seq    int64  `json:"seq"`
	At     string `json:"at"`
	Reason string `json:"reason"`
}

// AuditChecker follows a chain row by row, from the prev hash it starts with: "" for
// the whole log, or the prev_hash an export's first row gives.
type AuditChecker struct {
	prev  string
	first bool
	// Rows is how many rows were checked; Head the hash of the last good one.
	Rows int
	Head string
	// HeadSeq is the seq of the last good row.
	HeadSeq int64
	// Anchor, when old rows were purged (PurgeCutoffs.Audit), is where VerifyAudit
	// started: the rows up to it are gone, and the first row left must follow its hash.
	Anchor *AuditAnchor
}

// NewAuditChecker starts a check whose first row must carry prev as its prev_hash.
func NewAuditChecker(prev string) *AuditChecker {
	return &AuditChecker{prev: prev, first: true, Head: prev}
}

// Check checks the next row, in seq order, and says where the chain breaks, or nil.
func (c *AuditChecker) Check(l AuditLink) *AuditBreak {
	switch {
	case l.Hash == "":
		return &AuditBreak{Seq: l.Seq, At: l.At, Reason: "the row has no hash"}
	case l.PrevHash != c.prev:
		what := "the row before it was changed or removed"
		if c.first {
			what = "it does not follow the hash the check started from (a row before it was changed or removed)"
		}
		return &AuditBreak{Seq: l.Seq, At: l.At, Reason: what}
	case AuditHash(l.PrevHash, l) != l.Hash:
		return &AuditBreak{Seq: l.Seq, At: l.At, Reason: "the row was changed after it was written"}
	}
	c.prev, c.first = l.Hash, false
	c.Rows++
	c.Head, c.HeadSeq = l.Hash, l.Seq
	return nil
}

// VerifyAudit walks the whole audit log, oldest first, and returns the checker (rows
// checked, head hash) and the first break, nil when the chain holds. Removing the
// newest rows leaves a shorter chain that still holds: compare the head with one
// written down earlier (see `handoff audit verify`).
//
// After a purge of old rows the walk starts from the newest anchor (LatestAuditAnchor):
// the first row after it must carry the anchor's hash, so a row changed or removed
// after the anchor is still found.
func (s *Store) VerifyAudit(ctx context.Context) (*AuditChecker, *AuditBreak, error) {
	anchor, err := s.LatestAuditAnchor(ctx)
	if err != nil {
		return nil, nil, err
	}
	c := NewAuditChecker("")
	var from int64
	if anchor != nil {
		c = NewAuditChecker(anchor.Hash)
		c.Anchor, from = anchor, anchor.UptoSeq+1
	}
	var brk *AuditBreak
	err = s.eachAuditLink(ctx, from, 0, func(l AuditLink) error {
		if brk = c.Check(l); brk != nil {
			return errStopWalk
		}
		return nil
	})
	if err != nil && !errors.Is(err, errStopWalk) {
		return nil, nil, err
	}
	return c, brk, nil
}

var errStopWalk = errors.New("stop")

// AuditRange returns the seq range of an export from from (inclusive) to to
// (exclusive): the first row written at or after from and the last written before to,
// zero times meaning the log's ends. The export is every row between them in seq order,
// so that it is one unbroken piece of the chain, even where a row's time is a little
// out of seq order (the time is taken before the chain's lock). ok is false when no row
// falls in the range.
func (s *Store) AuditRange(ctx context.Context, from, to time.Time) (first, last int64, ok bool, err error) {
	var lo, hi sql.NullInt64
	qlo, qhi := `SELECT min(seq) FROM audit_log`, `SELECT max(seq) FROM audit_log`
	var alo, ahi []any
	if !from.IsZero() {
		qlo, alo = qlo+` WHERE at >= $1`, []any{formatTime(from)}
	}
	if !to.IsZero() {
		qhi, ahi = qhi+` WHERE at < $1`, []any{formatTime(to)}
	}
	if err := s.db.GetContext(ctx, &lo, qlo, alo...); err != nil {
		return 0, 0, false, fmt.Errorf("store: audit range: %w", err)
	}
	if err := s.db.GetContext(ctx, &hi, qhi, ahi...); err != nil {
		return 0, 0, false, fmt.Errorf("store: audit range: %w", err)
	}
	if !lo.Valid || !hi.Valid || lo.Int64 > hi.Int64 {
		return 0, 0, false, nil
	}
	return lo.Int64, hi.Int64, true, nil
}

// EachAuditLink calls fn with every row from seq first to last (inclusive), in seq
// order, a batch at a time; last 0 means to the end.
func (s *Store) EachAuditLink(ctx context.Context, first, last int64, fn func(AuditLink) error) error {
	return s.eachAuditLink(ctx, first, last, fn)
}

func (s *Store) eachAuditLink(ctx context.Context, first, last int64, fn func(AuditLink) error) error {
	after := first - 1
	for {
		var rows []AuditLink
		q := `SELECT ` + auditCols + ` FROM audit_log WHERE seq > $1`
		args := []any{after}
		if last > 0 {
			q, args = q+` AND seq <= $2`, append(args, last)
		}
		if err := s.db.SelectContext(ctx, &rows, q+` ORDER BY seq LIMIT 1000`, args...); err != nil {
			return fmt.Errorf("store: walk audit: %w", err)
		}
		if len(rows) == 0 {
			return nil
		}
		for _, r := range rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		after = rows[len(rows)-1].Seq
	}
}
