package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// WriteResult is what became of one record of a batch.
type WriteResult struct {
	Created bool
	Err     error // the record was rejected; the rest of the batch is unaffected
}

// Importer writes batches of validated directory records. A lenient importer commits each
// batch and rejects a record the database refuses (a dangling reference, say) alone, under
// a savepoint. A strict importer keeps one transaction for the whole import and stops at
// the first refusal, so that a failed strict import leaves the data as it was.
type Importer struct {
	s      *Store
	ctx    context.Context
	strict bool
	terms  map[string]bool
	tx     *sqlx.Tx
	w      *writer
}

// NewImporter starts an import.
func (s *Store) NewImporter(ctx context.Context, strict bool) *Importer {
	return &Importer{s: s, ctx: ctx, strict: strict, terms: map[string]bool{}}
}

func (im *Importer) begin() error {
	if im.tx != nil {
		return nil
	}
	tx, err := im.s.db.BeginTxx(im.ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin import: %w", err)
	}
	im.tx = tx
	im.w = newWriter(im.ctx, tx, formatTime(time.Now()), im.terms)
	return nil
}

func (im *Importer) end(commit bool) error {
	if im.tx == nil {
		return nil
	}
	im.w.close()
	tx := im.tx
	im.tx, im.w = nil, nil
	if !commit {
		// Terms cached during a rolled-back transaction are not in the database.
		clear(im.terms)
		return tx.Rollback()
	}
	if err := tx.Commit(); err != nil {
		clear(im.terms)
		return fmt.Errorf("store: commit import: %w", err)
	}
	return nil
}

// Write writes one batch. The error is for the batch as a whole: a lenient batch is then
// not written; a strict import is then over and rolled back.
func (im *Importer) Write(recs []directory.Record) ([]WriteResult, error) {
	if err := im.begin(); err != nil {
		return nil, err
	}
	out := make([]WriteResult, len(recs))
	for i := range recs {
		created, err := im.writeOne(&recs[i])
		if err != nil {
			var rec *directory.RecordError
			if im.strict || !errors.As(err, &rec) {
				im.end(false)
				return out, err
			}
			out[i].Err = err
			continue
		}
		out[i].Created = created
	}
	if im.strict {
		return out, nil
	}
	return out, im.end(true)
}

func (im *Importer) writeOne(r *directory.Record) (bool, error) {
	if im.strict {
		created, err := im.w.record(r)
		if err != nil {
			return false, recordError(*r, err)
		}
		return created, nil
	}
	tx := im.tx
	if _, err := tx.ExecContext(im.ctx, "SAVEPOINT rec"); err != nil {
		return false, fmt.Errorf("store: savepoint: %w", err)
	}
	im.w.fresh = im.w.fresh[:0]
	created, err := im.w.record(r)
	if err != nil {
		if _, rerr := tx.ExecContext(im.ctx, "ROLLBACK TO SAVEPOINT rec"); rerr != nil {
			return false, fmt.Errorf("store: roll back record: %w", rerr)
		}
		for _, id := range im.w.fresh {
			delete(im.terms, id)
		}
		return false, recordError(*r, err)
	}
	if _, err := tx.ExecContext(im.ctx, "RELEASE SAVEPOINT rec"); err != nil {
		return false, fmt.Errorf("store: release savepoint: %w", err)
	}
	return created, nil
}

// Finish commits a strict import (a lenient one has committed batch by batch).
func (im *Importer) Finish() error { return im.end(true) }

// Abort rolls back what a strict import wrote.
func (im *Importer) Abort() { im.end(false) }

// WriteRecords writes one batch leniently: the records that the database accepts are
// committed, the others are reported in their results.
func (s *Store) WriteRecords(ctx context.Context, recs []directory.Record) ([]WriteResult, error) {
	return s.NewImporter(ctx, false).Write(recs)
}

// WriteAll writes the records in one transaction and writes nothing if any fails.
func (s *Store) WriteAll(ctx context.Context, recs []directory.Record) ([]WriteResult, error) {
	im := s.NewImporter(ctx, true)
	res, err := im.Write(recs)
	if err != nil {
		return res, err
	}
	return res, im.Finish()
}

func (w *writer) record(r *directory.Record) (bool, error) {
	switch {
	case r.Service != nil:
		return w.service(r.Service)
	case r.Organization != nil:
		return w.compiledOrganization(r.Organization)
	}
	return false, errors.New("empty record")
}

// compiledOrganization writes an organization with its locations and services.
func (w *writer) compiledOrganization(o *directory.Organization) (bool, error) {
	existed, err := w.exists("organizations", o.ID)
	if err != nil {
		return false, err
	}
	if err := w.organization(o, true); err != nil {
		return false, err
	}
	for i := range o.Locations {
		if err := w.location(&o.Locations[i]); err != nil {
			return false, err
		}
	}
	for i := range o.Services {
		svc := o.Services[i]
		svc.Organization = nil
		if _, err := w.service(&svc); err != nil {
			var fe directory.FieldErrors
			if errors.As(err, &fe) {
				for j := range fe {
					fe[j].Field = fmt.Sprintf("services[%d].%s", i, fe[j].Field)
				}
				return false, fe
			}
			return false, fmt.Errorf("services[%d]: %w", i, err)
		}
	}
	return !existed, nil
}

// recordError ties a write failure to its record. Database errors are wrapped too: in a
// lenient import they reject the record, not the batch.
func recordError(r directory.Record, err error) error {
	var fe directory.FieldErrors
	if errors.As(err, &fe) {
		return &directory.RecordError{Line: r.Line, ID: r.ID(), Fields: fe}
	}
	return &directory.RecordError{Line: r.Line, ID: r.ID(), Err: err}
}
