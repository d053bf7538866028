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
// batch and rejects a record the database refuses (a dangling reference, say) alone. A
// strict importer keeps one transaction for the whole import and stops at the first
// refusal, so that a failed strict import leaves the data as it was.
type Importer struct {
	s      *Store
	ctx    context.Context
	strict bool
	cache  *importCache
	tx     *sqlx.Tx
	w      *writer
	// actor is who the history names; nil: an import.
	actor *directory.ChangeActor
}

// NewImporter starts an import.
func (s *Store) NewImporter(ctx context.Context, strict bool) *Importer {
	return &Importer{s: s, ctx: ctx, strict: strict, cache: newImportCache()}
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
	im.w = newWriter(im.ctx, tx, formatTime(time.Now()), im.cache)
	im.w.view = im.s.inTxView(tx)
	if im.actor != nil {
		im.w.actor = *im.actor
	}
	return nil
}

func (im *Importer) end(commit bool) error {
	if im.tx == nil {
		return nil
	}
	im.w.close()
	tx, w := im.tx, im.w
	im.tx, im.w = nil, nil
	if !commit {
		im.cache.reset() // what it cached is no longer in the database
		return tx.Rollback()
	}
	// The feed rows go last: appendChanges locks the feed until the commit.
	if err := w.flush(); err != nil {
		tx.Rollback()
		im.cache.reset()
		return err
	}
	if err := tx.Commit(); err != nil {
		im.cache.reset()
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
	if err := im.prefetch(recs); err != nil {
		im.end(false)
		return nil, err
	}
	out := make([]WriteResult, len(recs))
	// The fast path writes the batch straight through. A record that fails sends a
	// lenient batch down the careful path: roll back, then one savepoint per record so
	// that only the bad records are left out.
	for i := range recs {
		created, err := im.w.record(&recs[i])
		if err != nil {
			if im.strict {
				im.end(false)
				return out, recordError(recs[i], err)
			}
			im.end(false)
			return im.writeCarefully(recs)
		}
		out[i].Created = created
	}
	if im.strict {
		return out, nil
	}
	return out, im.end(true)
}

// prefetch learns in one query per table which of the batch's ids already exist.
func (im *Importer) prefetch(recs []directory.Record) error {
	ids := map[string][]string{}
	addService := func(s *directory.Service) {
		ids["services"] = append(ids["services"], s.ID)
		if s.Organization != nil {
			ids["organizations"] = append(ids["organizations"], s.Organization.ID)
		}
		for _, sal := range s.ServiceAtLocations {
			if sal.Location != nil {
				ids["locations"] = append(ids["locations"], sal.Location.ID)
			}
		}
	}
	for _, r := range recs {
		if r.Service != nil {
			addService(r.Service)
		}
		if o := r.Organization; o != nil {
			ids["organizations"] = append(ids["organizations"], o.ID)
			for _, l := range o.Locations {
				ids["locations"] = append(ids["locations"], l.ID)
			}
			for i := range o.Services {
				addService(&o.Services[i])
			}
		}
	}
	for table, list := range ids {
		var todo []string
		for _, id := range unique(list) {
			if _, ok := im.cache.known[table][id]; !ok {
				todo = append(todo, id)
			}
		}
		if len(todo) == 0 {
			continue
		}
		q, args, err := sqlx.In("SELECT id FROM "+table+" WHERE id IN (?)", todo)
		if err != nil {
			return err
		}
		var found []string
		if err := im.tx.SelectContext(im.ctx, &found, im.tx.Rebind(q), args...); err != nil {
			return fmt.Errorf("store: look up existing %s: %w", table, err)
		}
		for _, id := range todo {
			im.w.markKnown(table, id, false)
		}
		for _, id := range found {
			im.w.markKnown(table, id, true)
		}
		if err := im.w.snapshot(table, found); err != nil {
			return err
		}
	}
	return nil
}

// writeCarefully writes a batch with a savepoint per record, rejecting only the records
// the database refuses.
func (im *Importer) writeCarefully(recs []directory.Record) ([]WriteResult, error) {
	if err := im.begin(); err != nil {
		return nil, err
	}
	// No cache: a record rolled back to its savepoint may have cached what it wrote.
	im.w.known, im.w.orgs, im.w.terms = map[string]map[string]bool{}, map[string]string{}, map[string]bool{}
	out := make([]WriteResult, len(recs))
	for i := range recs {
		if _, err := im.tx.ExecContext(im.ctx, "SAVEPOINT rec"); err != nil {
			im.end(false)
			return out, fmt.Errorf("store: savepoint: %w", err)
		}
		changes := len(im.w.pending)
		created, err := im.w.record(&recs[i])
		if err != nil {
			if _, rerr := im.tx.ExecContext(im.ctx, "ROLLBACK TO SAVEPOINT rec"); rerr != nil {
				im.end(false)
				return out, fmt.Errorf("store: roll back record: %w", rerr)
			}
			im.w.pending = im.w.pending[:changes] // the record's changes went with it
			clear(im.w.known)
			clear(im.w.orgs)
			clear(im.w.terms)
			out[i].Err = recordError(recs[i], err)
			continue
		}
		if _, err := im.tx.ExecContext(im.ctx, "RELEASE SAVEPOINT rec"); err != nil {
			im.end(false)
			return out, fmt.Errorf("store: release savepoint: %w", err)
		}
		out[i].Created = created
	}
	return out, im.end(true)
}

// From names what the history says wrote the import's records ("an import" by
// default): the files or the source imported, such as "hsds3csv valley-211". Call it
// before the first Write.
func (im *Importer) From(name string) {
	im.actor = &directory.ChangeActor{Source: directory.ChangeFromImport, UserName: name}
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

// WriteAll writes the records in one transaction and writes nothing if any fails. With
// IfUnchanged it fails with ErrConflict, writing nothing, if the rows changed.
func (s *Store) WriteAll(ctx context.Context, recs []directory.Record, opts ...WriteOption) ([]WriteResult, error) {
	o := writeOptionsOf(opts)
	im := s.NewImporter(ctx, true)
	actor := o.actorOr(directory.ChangeActor{Source: directory.ChangeFromImport})
	im.actor = &actor
	if err := im.begin(); err != nil {
		return nil, err
	}
	now, err := o.guard(ctx, im.tx)
	if err != nil {
		im.Abort()
		return nil, err
	}
	im.w.now = now
	im.w.track = o.audit != nil
	res, err := im.Write(recs)
	if err != nil {
		return res, err // a strict import has rolled back
	}
	if err := o.finish(ctx, im.tx, im.w.changed); err != nil {
		im.Abort()
		return res, err
	}
	return res, im.Finish()
}

func (w *writer) record(r *directory.Record) (bool, error) {
	switch {
	case r.Service != nil:
		return w.service(r.Service, "")
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
	if err := w.organization(o, true, ""); err != nil {
		return false, err
	}
	for i := range o.Locations {
		if err := w.location(&o.Locations[i], fmt.Sprintf("locations[%d].", i)); err != nil {
			return false, err
		}
	}
	for i := range o.Services {
		svc := o.Services[i]
		svc.Organization = nil
		if _, err := w.service(&svc, fmt.Sprintf("services[%d].", i)); err != nil {
			var fe directory.FieldErrors
			var foreign *ForeignChildError
			if errors.As(err, &fe) || errors.As(err, &foreign) {
				return false, err // their fields name the service already
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
	var foreign *ForeignChildError
	if errors.As(err, &foreign) {
		// Reported by field like a bad value, and kept as Err for callers that tell
		// this refusal apart (the API answers it 422).
		return &directory.RecordError{Line: r.Line, ID: r.ID(), Err: err,
			Fields: directory.FieldErrors{{Field: foreign.Field, Message: foreign.Message()}}}
	}
	return &directory.RecordError{Line: r.Line, ID: r.ID(), Err: err}
}
