package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"

	"handoff/care"
)

// Key rotation: every sealed value is opened and sealed again under the sealing key, in
// batches, while the server runs. Progress is the data itself: a value already under the
// sealing key is skipped by its prefix, so a rotation stopped half-way (a crash, a
// cancelled context) simply runs again. Each batch's updates are one transaction, and
// each update replaces the value only if it is still the one read (a compare-and-set), so
// a note rewritten by a request meanwhile is never overwritten with an older text.

// sealedColumn is one column of sealed values, and how its rows bind their values (the
// additional data careSealAD makes: kind, id, field).
type sealedColumn struct {
	table, column string
	key           string // the row's key column, for paging and updating
	numericKey    bool   // the key is an integer (paged as a number)
	kind, field   string
	// extra, when set, is the SQL of the id a value is bound to, when it is not the key.
	extra string
}

// sealedColumns lists every column that holds sealed values. A new sealed column must be
// added here, or rotation leaves its values under the old key (and status shows them).
var sealedColumns = []sealedColumn{
	{table: "encounters", column: "notes", key: "id", kind: "encounter", field: "notes"},
	{table: "encounters", column: "no_follow_up_reason", key: "id", kind: "encounter", field: "no_follow_up_reason"},
	{table: "encounters", column: "street_address", key: "id", kind: "encounter", field: "street_address"},
	{table: "referrals", column: "note", key: "id", kind: "referral", field: "note"},
	{table: "referrals", column: "status_reason", key: "id", kind: "referral", field: "status_reason"},
	{table: "referral_transitions", column: "reason", key: "seq", numericKey: true, kind: "referral_transition", field: "reason",
		extra: "referral_id || '/' || CAST(version AS TEXT)"},
	{table: "follow_up_attempts", column: "note", key: "id", kind: "follow_up_attempt", field: "note"},
	// A referral's agency link, kept sealed for its notices until they have gone (outbox.go).
	{table: "outbox_events", column: "link_sealed", key: "id", kind: "outbox", field: "link"},
	// What a purge keeps for the measures (retention.go).
	{table: "purged_referrals", column: "status_reason", key: "id", kind: "purged_referral", field: "status_reason"},
	{table: "purged_addresses", column: "address", key: "address_key", kind: "purged_address", field: "address"},
}

// boundID is the id the row's value is bound to.
func (sc sealedColumn) boundID(key, extra string) string {
	if sc.extra != "" {
		return extra
	}
	return key
}

// extraSQL is the SQL of the bound id when it is not the key (else the key again).
func (sc sealedColumn) extraSQL() string {
	if sc.extra != "" {
		return sc.extra
	}
	return sc.key
}

// Name is "table.column", as status and problems show it.
func (sc sealedColumn) Name() string { return sc.table + "." + sc.column }

// SealProblem is a sealed value that could not be re-sealed: under a key not configured,
// or damaged. It names the place, never the value.
type SealProblem struct {
	Column string // table.column
	Key    string // the row's key
	Err    error  // care.ErrWrongKey, care.ErrTampered, care.ErrNotSealed
}

func (p SealProblem) String() string { return fmt.Sprintf("%s %s: %v", p.Column, p.Key, p.Err) }

// RekeyProgress is what a rotation has done so far, reported after every batch.
type RekeyProgress struct {
	Column   string // the column of the batch just done
	Batches  int    // batches committed so far
	Resealed int    // values sealed again under the sealing key so far
	Raced    int    // values changed by someone else between read and write (retried)
	Problems []SealProblem
}

// RekeyOptions tune a rotation.
type RekeyOptions struct {
	// BatchSize is the number of values per transaction; 0 means 200.
	BatchSize int
	// OnBatch, if set, is called after each committed batch (for progress, or a test
	// that stops the rotation half-way by cancelling the context).
	OnBatch func(RekeyProgress)
	// Passes bounds how often the columns are swept while values raced or a writer still
	// sealed under an old key; 0 means 3.
	Passes int
}

type sealedRow struct {
	Key   string `db:"k"`
	Extra string `db:"x"`
	Value string `db:"v"`
}

// Rekey seals every sealed value again under sealer's sealing key (its first), batch by
// batch, and returns what it did. Values under a key sealer does not have, or damaged,
// are reported in Problems and left as they are. It stops with the context's error when
// ctx is cancelled; what was committed stays, and running it again goes on from there.
func (s *Store) Rekey(ctx context.Context, sealer *care.Sealer, opt RekeyOptions) (RekeyProgress, error) {
	if sealer == nil {
		return RekeyProgress{}, care.ErrNoDataKey
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 200
	}
	if opt.Passes <= 0 {
		opt.Passes = 3
	}
	prefix, err := care.SealedPrefix(sealer.Fingerprints()[0])
	if err != nil {
		return RekeyProgress{}, err
	}
	var p RekeyProgress
	for range opt.Passes {
		p.Problems = p.Problems[:0]
		before, raced := p.Resealed, p.Raced
		for _, sc := range sealedColumns {
			if err := s.rekeyColumn(ctx, sealer, sc, prefix, opt, &p); err != nil {
				return p, err
			}
		}
		if err := s.rekeyAddressKeys(ctx, sealer, opt, &p); err != nil {
			return p, err
		}
		// A pass that raced nobody and found nothing to do leaves nothing for another;
		// otherwise another pass picks up what raced, and what a writer still sealing
		// under an old key wrote behind the sweep.
		if p.Raced == raced && p.Resealed == before {
			break
		}
	}
	// The address keys a purge kept follow the encounters' (retention_rekey.go).
	if err := s.rekeyPurgedAddresses(ctx, sealer, &p); err != nil {
		return p, err
	}
	return p, nil
}

// rekeyColumn sweeps one column in key order, a batch at a time.
func (s *Store) rekeyColumn(ctx context.Context, sealer *care.Sealer, sc sealedColumn, prefix string, opt RekeyOptions, p *RekeyProgress) error {
	var cursor any = ""
	if sc.numericKey {
		cursor = int64(-1)
	}
	q := fmt.Sprintf(`SELECT %[1]s AS k, %[2]s AS x, %[3]s AS v FROM %[4]s
		WHERE %[1]s > $1 AND %[3]s LIKE 'hs1:%%' AND substr(%[3]s, 1, 9) <> $2 ORDER BY %[1]s LIMIT $3`,
		sc.key, sc.extraSQL(), sc.column, sc.table)
	upd := fmt.Sprintf(`UPDATE %s SET %s = $1 WHERE %s = $2 AND %[2]s = $3`, sc.table, sc.column, sc.key)
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var rows []sealedRow
		if err := s.db.SelectContext(ctx, &rows, q, cursor, prefix, opt.BatchSize); err != nil {
			return fmt.Errorf("store: rekey %s: %w", sc.Name(), err)
		}
		if len(rows) == 0 {
			return nil
		}
		type change struct {
			key      any
			old, new string
		}
		var changes []change
		for _, r := range rows {
			ad := careSealAD(sc.kind, sc.boundID(r.Key, r.Extra), sc.field)
			out, changed, err := sealer.Reseal(r.Value, ad)
			switch {
			case errors.Is(err, care.ErrWrongKey), errors.Is(err, care.ErrTampered), errors.Is(err, care.ErrNotSealed):
				p.Problems = append(p.Problems, SealProblem{Column: sc.Name(), Key: r.Key, Err: err})
			case err != nil:
				return fmt.Errorf("store: rekey %s %s: %w", sc.Name(), r.Key, err)
			case changed:
				changes = append(changes, change{key: sc.typedKey(r.Key), old: r.Value, new: out})
			}
		}
		resealed, raced := 0, 0
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			resealed, raced = 0, 0
			for _, c := range changes {
				res, err := tx.ExecContext(ctx, upd, c.new, c.key, c.old)
				if err != nil {
					return fmt.Errorf("store: rekey %s: %w", sc.Name(), err)
				}
				if n, _ := res.RowsAffected(); n == 1 {
					resealed++
				} else {
					raced++
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		p.Resealed += resealed
		p.Raced += raced
		p.Batches++
		p.Column = sc.Name()
		if opt.OnBatch != nil {
			opt.OnBatch(*p)
		}
		cursor = sc.typedKey(rows[len(rows)-1].Key)
	}
}

// typedKey turns a key read as text back into the type of its column, for comparisons
// PostgreSQL will not make between an integer and text.
func (sc sealedColumn) typedKey(k string) any {
	if !sc.numericKey {
		return k
	}
	n, _ := strconv.ParseInt(k, 10, 64)
	return n
}
