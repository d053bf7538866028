package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// writer writes directory records inside one transaction, reusing prepared statements
// across records: a bulk import runs the same dozen statements hundreds of thousands of times.
type writer struct {
	ctx   context.Context
	tx    *sqlx.Tx
	now   string
	stmts map[string]*sqlx.Stmt
	terms map[string]bool // terms known to exist, to skip re-writing shared vocabulary
	// known caches which ids exist, per table: an import prefetches a batch's ids in one
	// query instead of asking once per record.
	known map[string]map[string]bool
	// orgs remembers the organizations written in this import by content: generated and
	// real directories repeat one organization in many services.
	orgs map[string]string
	// track: the write is audited, so it lists every record it changed (see changed.go).
	track   bool
	changed []changedRecord
	// pending are the transaction's changes, appended to the feed by flush just before
	// the transaction commits (appendChanges says why so late). A strict import keeps
	// its whole import's here, a few dozen bytes a record, like the ids it caches.
	pending []pendingChange
	// anyChecks caches whether any listing has a confirmation (assuredFromChecks).
	anyChecks *bool
	// view loads records inside the transaction, for the history (history.go); before
	// holds the records as they were before this transaction wrote them, and actor is
	// who the history names.
	view   *Store
	before map[listingKey]any
	actor  directory.ChangeActor
}

func newWriter(ctx context.Context, tx *sqlx.Tx, now string, c *importCache) *writer {
	if c == nil {
		c = newImportCache()
	}
	return &writer{ctx: ctx, tx: tx, now: now, stmts: map[string]*sqlx.Stmt{}, terms: c.terms, known: c.known, orgs: c.orgs,
		before: map[listingKey]any{}, actor: directory.ChangeActor{Source: directory.ChangeFromImport}}
}

// importCache is what an import remembers across its batches; it is dropped whenever a
// transaction rolls back, since the database no longer holds what it describes.
type importCache struct {
	terms map[string]bool
	known map[string]map[string]bool
	orgs  map[string]string
}

func newImportCache() *importCache {
	return &importCache{terms: map[string]bool{}, known: map[string]map[string]bool{}, orgs: map[string]string{}}
}

func (c *importCache) reset() {
	clear(c.terms)
	clear(c.known)
	clear(c.orgs)
}

// markKnown records that id exists (or not) in table.
func (w *writer) markKnown(table, id string, exists bool) {
	m := w.known[table]
	if m == nil {
		m = map[string]bool{}
		w.known[table] = m
	}
	m[id] = exists
}

func (w *writer) close() {
	for _, st := range w.stmts {
		st.Close()
	}
}

func (w *writer) exec(query string, args ...any) error {
	_, err := w.execN(query, args...)
	return err
}

// execN runs a statement and reports how many rows it wrote.
func (w *writer) execN(query string, args ...any) (int64, error) {
	st, ok := w.stmts[query]
	if !ok {
		var err error
		if st, err = w.tx.PreparexContext(w.ctx, query); err != nil {
			return 0, fmt.Errorf("prepare: %w", err)
		}
		w.stmts[query] = st
	}
	res, err := st.ExecContext(w.ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (w *writer) exists(table, id string) (bool, error) {
	if v, ok := w.known[table][id]; ok {
		return v, nil
	}
	q := "SELECT 1 FROM " + table + " WHERE id = $1"
	st, ok := w.stmts[q]
	if !ok {
		var err error
		if st, err = w.tx.PreparexContext(w.ctx, q); err != nil {
			return false, fmt.Errorf("prepare: %w", err)
		}
		w.stmts[q] = st
	}
	var one int
	err := st.QueryRowxContext(w.ctx, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

func (w *writer) upsert(t *table, v any, extra ...any) error {
	if err := w.exec(t.upsert, t.args(v, extra...)...); err != nil {
		return fmt.Errorf("write %s: %w", t.name, err)
	}
	return nil
}

// change records a change of the feed, written by flush.
func (w *writer) change(entity, id, op string) error {
	w.note(entity, id, op, "")
	w.pending = append(w.pending, pendingChange{entity: entity, id: id, op: op, at: w.now})
	return nil
}

// child writes one child row of the parent parentID: the c.list[pos] of the record at
// path. The row's owner columns name the parent and nothing else, and a row with this id
// that belongs to another parent is refused with *ForeignChildError, by the write's own
// statement (see childTable.upsert).
func (w *writer) child(c *childTable, parentID string, v any, path string, pos int, extra ...any) error {
	args := c.t.args(v, extra...)
	for _, i := range c.others {
		args[i] = ""
	}
	args[c.colAt] = parentID
	if c.entityAt >= 0 {
		args[c.entityAt] = c.parent
	}
	n, err := w.execN(c.upsert, args...)
	if err != nil {
		return fmt.Errorf("write %s: %w", c.t.name, err)
	}
	if n == 0 {
		id, _ := args[c.idAt].(string)
		return &ForeignChildError{Field: fmt.Sprintf("%s%s[%d].id", path, c.list, pos), Kind: c.kind, ID: id}
	}
	return nil
}

// deleteChildren deletes every child of the parent (a "service", "location" or
// "organization"), before its record's children are written again.
func (w *writer) deleteChildren(parent, id string) error {
	for _, q := range childDeletes[parent] {
		if err := w.exec(q, id); err != nil {
			return fmt.Errorf("replace children of %s: %w", parent, err)
		}
	}
	return nil
}

// flush appends the transaction's changes to the feed. It must be the last thing the
// transaction does before it commits.
func (w *writer) flush() error {
	if err := w.recordHistory(); err != nil {
		return err
	}
	err := appendChanges(w.ctx, w.tx, w.pending)
	w.pending = nil
	return err
}
