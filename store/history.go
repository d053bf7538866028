package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"handoff/directory"
)

// The change history of listings. Every directory write goes through the writer, and
// the writer's flush records, inside the write's transaction, what each record it wrote
// changed: the records are loaded as they were before the write (snapshot) and as they
// are after it, both inside the transaction, and directory.DiffListing says which fields
// changed. Loading both the same way means that what a loader leaves out or fills in
// never shows up as a change.

type listingKey struct{ entity, id string }

// ChangedBy names who made the write and from where, for the history. Without it the
// write is named from its other options: an update link (ViaUpdateLink), or the user of
// its audit row (WithAudit: an admin, else the API); else it is an import's (Importer,
// WriteAll) or the system's (WriteLocation).
func ChangedBy(a directory.ChangeActor) WriteOption {
	return func(o *writeOptions) { o.actor = &a }
}

// actorOr is the write's actor, from its options, or def.
func (o writeOptions) actorOr(def directory.ChangeActor) directory.ChangeActor {
	switch {
	case o.actor != nil:
		return *o.actor
	case o.viaLink != nil:
		return directory.ChangeActor{Source: directory.ChangeFromLink, LinkID: o.viaLink.id, UserName: "update link"}
	case o.audit != nil && o.audit.Role == "admin":
		return directory.ChangeActor{Source: directory.ChangeFromAdmin, UserID: o.audit.UserID}
	case o.audit != nil:
		return directory.ChangeActor{Source: directory.ChangeFromAPI, UserID: o.audit.UserID}
	}
	return def
}

// loadListings loads records of one kind by id, as the history compares them, through
// the writer's transaction.
func (w *writer) loadListings(entity string, ids []string) (map[string]any, error) {
	out := make(map[string]any, len(ids))
	switch entity {
	case "service":
		svcs, err := w.view.Services(w.ctx, ids)
		if err != nil {
			return nil, err
		}
		for _, s := range svcs {
			out[s.ID] = s
		}
	case "location":
		m, err := w.view.locationsByID(w.ctx, ids)
		if err != nil {
			return nil, err
		}
		for id, l := range m {
			out[id] = l
		}
	case "organization":
		m, err := w.view.OrganizationsByID(w.ctx, ids)
		if err != nil {
			return nil, err
		}
		for id, o := range m {
			out[id] = o
		}
	}
	return out, nil
}

// snapshot keeps the records as they are, before the write changes them: in one load
// for a batch of an import (prefetch), or one record at a time (ensureBefore).
func (w *writer) snapshot(table string, ids []string) error {
	if w.view == nil || len(ids) == 0 {
		return nil
	}
	entity := map[string]string{"services": "service", "locations": "location", "organizations": "organization"}[table]
	var todo []string
	for _, id := range ids {
		if _, ok := w.before[listingKey{entity, id}]; !ok {
			todo = append(todo, id)
		}
	}
	if len(todo) == 0 || entity == "" {
		return nil
	}
	m, err := w.loadListings(entity, todo)
	if err != nil {
		return fmt.Errorf("store: history snapshot: %w", err)
	}
	for id, v := range m {
		w.before[listingKey{entity, id}] = v
	}
	return nil
}

// ensureBefore snapshots one existing record before it is written, unless a batch did.
func (w *writer) ensureBefore(table, id string) error {
	return w.snapshot(table, []string{id})
}

// recordHistory writes the history rows of the transaction's changes (w.pending): a
// "create" row for a new record, a row per changed field for an updated one. It runs in
// flush, before the feed rows.
func (w *writer) recordHistory() error {
	if w.view == nil || len(w.pending) == 0 {
		return nil
	}
	var order []listingKey
	ops := map[listingKey]string{}
	updated := map[string][]string{}
	for _, c := range w.pending {
		k := listingKey{c.entity, c.id}
		if _, ok := ops[k]; ok {
			continue
		}
		order = append(order, k)
		ops[k] = c.op
		if c.op == "update" {
			updated[c.entity] = append(updated[c.entity], c.id)
		}
	}
	after := map[listingKey]any{}
	for entity, ids := range updated {
		m, err := w.loadListings(entity, ids)
		if err != nil {
			return fmt.Errorf("store: history: %w", err)
		}
		for id, v := range m {
			after[listingKey{entity, id}] = v
		}
	}
	var rows []directory.HistoryEntry
	for _, k := range order {
		base := directory.HistoryEntry{RecordType: k.entity, RecordID: k.id, ChangeActor: w.actor}
		if ops[k] == "create" {
			base.ID, base.Action = directory.NewID(), "create"
			rows = append(rows, base)
			continue
		}
		b, okB := w.before[k]
		a, okA := after[k]
		if !okB || !okA {
			continue
		}
		changes, err := directory.DiffListing(b, a)
		if err != nil {
			return err
		}
		for _, ch := range changes {
			r := base
			r.ID, r.Action, r.FieldChange = directory.NewID(), "update", ch
			rows = append(rows, r)
		}
	}
	clear(w.before) // the next transaction of an import starts from what this one wrote
	return insertHistory(w.ctx, w.tx, w.now, rows)
}

// historyBatch bounds the rows of one PostgreSQL insert.
const historyBatch = 1000

// insertHistory appends history rows stamped at (the write's time).
func insertHistory(ctx context.Context, tx *sqlx.Tx, at string, rows []directory.HistoryEntry) error {
	if len(rows) == 0 {
		return nil
	}
	if tx.DriverName() != "postgres" {
		st, err := tx.PreparexContext(ctx, `INSERT INTO listing_history (id, record_type, record_id, at, action, field,
			before_value, after_value, source, user_id, user_name, link_id, proposed_by, proposer_name, suggestion_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`)
		if err != nil {
			return fmt.Errorf("store: history: %w", err)
		}
		defer st.Close()
		for _, r := range rows {
			if _, err := st.ExecContext(ctx, r.ID, r.RecordType, r.RecordID, at, r.Action, r.Field, r.Before, r.After,
				r.Source, r.UserID, r.UserName, r.LinkID, r.ProposedBy, r.ProposerName, r.SuggestionID); err != nil {
				return fmt.Errorf("store: history: %w", err)
			}
		}
		return nil
	}
	// One statement per batch: an import of many records costs no round trip per row.
	for start := 0; start < len(rows); start += historyBatch {
		part := rows[start:min(start+historyBatch, len(rows))]
		var cols [14][]string
		for _, r := range part {
			for i, v := range []string{r.ID, r.RecordType, r.RecordID, r.Action, r.Field, r.Before, r.After,
				r.Source, r.UserID, r.UserName, r.LinkID, r.ProposedBy, r.ProposerName, r.SuggestionID} {
				cols[i] = append(cols[i], v)
			}
		}
		args := []any{at}
		for _, c := range cols {
			args = append(args, pq.Array(c))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO listing_history (at, id, record_type, record_id, action, field,
			before_value, after_value, source, user_id, user_name, link_id, proposed_by, proposer_name, suggestion_id)
			SELECT $1, a, b, d, e, f, g, h, i, j, k, l, m, n, o FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
				$9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
				WITH ORDINALITY AS c(a, b, d, e, f, g, h, i, j, k, l, m, n, o, ord) ORDER BY ord`, args...); err != nil {
			return fmt.Errorf("store: history: %w", err)
		}
	}
	return nil
}
