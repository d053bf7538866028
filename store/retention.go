package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

// Retention (issue 18): a purge deletes people's records past their retention, batch by
// batch, each batch one transaction that also writes what the measures read of the
// records into the purged_* tables (migration 00026) and an audit row with the counts.
// A purge stopped half-way (a crash, a cancelled context) leaves whole batches done and
// the rest untouched: run it again and it goes on. An erasure (ErasePerson) is the same
// work for one person's whole record, in one transaction.

// PurgeCutoffs gives, for each kind of record, the time before which it is purged; a
// zero time keeps that kind for good.
type PurgeCutoffs struct {
	// Encounters: encounters that occurred before it, with their follow-ups (and the
	// follow-ups' attempts) and responders; follow-ups without an encounter by when
	// they were made; and then the people left with no record at all, last changed
	// before it.
	Encounters time.Time
	// Referrals: referrals whose last move (updated_at) was before it, with their moves
	// and their retired agency links.
	Referrals time.Time
	// Notes: the sealed notes (an encounter's notes and reason for no follow-up, a
	// referral's note, a follow-up attempt's note) of records older than it are
	// blanked; the records stay.
	Notes time.Time
	// Consents: consents that ended (revoked, or expired) before it, with the
	// disclosures made under them.
	Consents time.Time
	// Audit: audit rows written before it (PurgeAudit: an anchor keeps the chain
	// verifiable).
	Audit time.Time
}

// PurgeCounts is what a purge or an erasure removed (or, dry, would remove), per kind.
type PurgeCounts struct {
	Encounters  int `json:"encounters"`
	FollowUps   int `json:"follow_ups"`
	Attempts    int `json:"follow_up_attempts"`
	Referrals   int `json:"referrals"`
	Consents    int `json:"consents"`
	Disclosures int `json:"disclosures"`
	Notes       int `json:"notes"`
	People      int `json:"people"`
	AuditRows   int `json:"audit_rows"`
}

func (c *PurgeCounts) add(o PurgeCounts) {
	c.Encounters += o.Encounters
	c.FollowUps += o.FollowUps
	c.Attempts += o.Attempts
	c.Referrals += o.Referrals
	c.Consents += o.Consents
	c.Disclosures += o.Disclosures
	c.Notes += o.Notes
	c.People += o.People
	c.AuditRows += o.AuditRows
}

// String is the counts as the audit log and the command print them: no ids, no data.
func (c PurgeCounts) String() string {
	return fmt.Sprintf("encounters=%d follow_ups=%d follow_up_attempts=%d referrals=%d consents=%d disclosures=%d notes=%d people=%d audit_rows=%d",
		c.Encounters, c.FollowUps, c.Attempts, c.Referrals, c.Consents, c.Disclosures, c.Notes, c.People, c.AuditRows)
}

// PurgeOptions says what a purge removes and how.
type PurgeOptions struct {
	Cutoffs PurgeCutoffs
	// BatchSize is how many records of a kind one transaction removes (default 500).
	BatchSize int
	// DryRun runs the whole purge in one transaction and rolls it back: the counts are
	// exactly what a purge would remove now, and nothing changes (no audit row either).
	DryRun bool
	// Audit is the template of the audit rows (who or what runs it); each batch writes
	// one row with its counts, in its transaction.
	Audit AuditEntry
	// OnBatch, when set, is called after each batch with the totals so far.
	OnBatch func(PurgeCounts)
}

// ErrNoDataKeyForPurge means a purge of people's records was asked for without the data
// key: the reasons and addresses the measures keep are sealed again on the way.
var ErrNoDataKeyForPurge = errors.New("store: purging people's records needs the data key (--data-key-file or HANDOFF_DATA_KEY)")

// Purge removes what is past its cutoff, kind by kind (encounters, referrals, consents,
// notes, people, then the audit log), and returns the counts. Without a sealer only the
// audit log can be purged. It does not take the purge lock: callers that may run beside
// another purge take it first (TryPurgeLock).
func (s *Store) Purge(ctx context.Context, sealer *care.Sealer, o PurgeOptions) (PurgeCounts, error) {
	cut := o.Cutoffs
	if sealer == nil && (!cut.Encounters.IsZero() || !cut.Referrals.IsZero() || !cut.Consents.IsZero() || !cut.Notes.IsZero()) {
		return PurgeCounts{}, ErrNoDataKeyForPurge
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 500
	}
	p := &purger{s: s, seal: sealer, o: o}
	if o.DryRun {
		err := s.inTx(ctx, func(tx *sqlx.Tx) error {
			p.dry = tx
			if err := p.run(ctx); err != nil {
				return err
			}
			return errDryRun
		})
		if err != nil && !errors.Is(err, errDryRun) {
			return p.total, err
		}
		return p.total, nil
	}
	err := p.run(ctx)
	return p.total, err
}

var errDryRun = errors.New("dry run: rolled back")

// purger runs one purge: batch by batch, or all in the one transaction of a dry run.
type purger struct {
	s     *Store
	seal  *care.Sealer
	o     PurgeOptions
	dry   *sqlx.Tx
	total PurgeCounts
}

// step is one kind's work: it picks the next batch of at most n records past the
// cutoff and removes them in tx, and says what it removed (all zero: nothing left).
type step struct {
	kind string
	cut  time.Time
	do   func(ctx context.Context, tx *sqlx.Tx, cut time.Time, n int) (PurgeCounts, error)
}

func (p *purger) run(ctx context.Context) error {
	cut := p.o.Cutoffs
	steps := []step{
		{"encounter", cut.Encounters, p.encounterBatch},
		{"follow_up", cut.Encounters, p.followUpBatch},
		{"referral", cut.Referrals, p.referralBatch},
		{"consent", cut.Consents, p.consentBatch},
		{"note", cut.Notes, p.noteBatch},
		{"person", cut.Encounters, p.personBatch},
	}
	for _, st := range steps {
		if st.cut.IsZero() {
			continue
		}
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			var got PurgeCounts
			err := p.batch(ctx, func(tx *sqlx.Tx) error {
				var err error
				if got, err = st.do(ctx, tx, st.cut, p.o.BatchSize); err != nil || got == (PurgeCounts{}) || p.dry != nil {
					return err
				}
				return p.audit(ctx, tx, st.kind, st.cut, got)
			})
			if err != nil {
				return fmt.Errorf("store: purge %ss: %w", st.kind, err)
			}
			if got == (PurgeCounts{}) {
				break
			}
			p.total.add(got)
			if p.o.OnBatch != nil {
				p.o.OnBatch(p.total)
			}
		}
	}
	if !cut.Audit.IsZero() {
		n, err := p.s.purgeAudit(ctx, p.dry, cut.Audit, p.o)
		p.total.AuditRows += n
		if err != nil {
			return err
		}
	}
	return nil
}

// batch runs fn in a transaction of its own, or in the dry run's.
func (p *purger) batch(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	if p.dry != nil {
		return fn(p.dry)
	}
	return p.s.inTx(ctx, fn)
}

// audit writes a batch's row: the kind, the cutoff and the counts; never an id of what
// went, nor anything of it.
func (p *purger) audit(ctx context.Context, tx *sqlx.Tx, kind string, cut time.Time, c PurgeCounts) error {
	e := p.o.Audit
	e.Seq, e.Action, e.RecordType, e.RecordID, e.Allowed = 0, "purge", kind, "", true
	e.Detail = strings.TrimSpace(fmt.Sprintf("before=%s %s %s", formatTime(cut), c.String(), e.Detail))
	return insertAudit(ctx, tx, e)
}

// ids reads one column of ids.
func txIDs(ctx context.Context, tx *sqlx.Tx, q string, args ...any) ([]string, error) {
	var ids []string
	if err := tx.SelectContext(ctx, &ids, q, args...); err != nil {
		return nil, err
	}
	return ids, nil
}

// execIn runs a statement whose last placeholder list is ids (from parameter k), chunk
// by chunk, and returns the rows it touched.
func execIn(ctx context.Context, tx *sqlx.Tx, q string, ids []string, args ...any) (int, error) {
	n := 0
	for chunk := range careChunks(ids) {
		res, err := tx.ExecContext(ctx, fmt.Sprintf(q, careInList(len(args)+1, len(chunk))), append(append([]any{}, args...), careAnys(chunk)...)...)
		if err != nil {
			return n, err
		}
		m, _ := res.RowsAffected()
		n += int(m)
	}
	return n, nil
}

// LastPurge returns when the last purge that finished did (zero: never), for the daily
// job: kept in the database, so that a restart or another instance does not run it
// again before its day.
func (s *Store) LastPurge(ctx context.Context) (time.Time, error) {
	var at string
	if err := s.db.GetContext(ctx, &at, `SELECT COALESCE(max(finished_at), '') FROM purge_runs`); err != nil {
		return time.Time{}, fmt.Errorf("store: last purge: %w", err)
	}
	return optTime(at), nil
}

// RecordPurgeRun keeps a finished run (by whom, the counts), for LastPurge.
func (s *Store) RecordPurgeRun(ctx context.Context, started, finished time.Time, by string, c PurgeCounts) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO purge_runs (id, started_at, finished_at, by_whom, summary) VALUES ($1, $2, $3, $4, $5)`,
		directory.NewID(), formatTime(started), formatTime(finished), by, c.String())
	if err != nil {
		return fmt.Errorf("store: record purge run: %w", err)
	}
	return nil
}
