package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// RowVersion is the version of one directory row: its updated_at, which every write of
// the row sets (to the microsecond) and nothing else touches. The HSDS last_modified
// field is no version: a client may send it, and it is stored as sent.
type RowVersion struct {
	Table     string // "services", "organizations" or "locations"
	ID        string
	UpdatedAt string
}

// Unchanged is the precondition of a conditional directory write (If-Match): every row it
// names still has the version it had when the client's copy was read. It names the record
// and the rows its representation embeds (a service shows its organization and locations),
// since a change to any of them changed what the client saw. The children of a row
// (phones, schedules…) need no entry: they are only ever written with their row.
type Unchanged []RowVersion

// DirectoryVersion returns the precondition that a write of the directory record (entity
// "service", "organization" or "location") is unchanged from now, or ErrNotFound. Read
// it before loading the record: a write that lands in between then fails the
// precondition (needlessly, but safely) instead of passing one older than the copy.
func (s *Store) DirectoryVersion(ctx context.Context, entity, id string) (Unchanged, error) {
	var q string
	switch entity {
	case "service":
		// One statement, so that the three parts come from one snapshot.
		q = `SELECT 'services' AS tbl, id, updated_at FROM services WHERE id = $1
			UNION ALL SELECT 'organizations', o.id, o.updated_at FROM organizations o JOIN services s ON s.organization_id = o.id WHERE s.id = $1
			UNION ALL SELECT 'locations', l.id, l.updated_at FROM locations l WHERE l.id IN (SELECT location_id FROM service_at_location WHERE service_id = $1)`
	case "organization":
		q = `SELECT 'organizations' AS tbl, id, updated_at FROM organizations WHERE id = $1`
	case "location":
		q = `SELECT 'locations' AS tbl, id, updated_at FROM locations WHERE id = $1`
	default:
		return nil, fmt.Errorf("store: no version for a %q", entity)
	}
	var rows []struct {
		Table     string `db:"tbl"`
		ID        string `db:"id"`
		UpdatedAt string `db:"updated_at"`
	}
	if err := s.db.SelectContext(ctx, &rows, q, id); err != nil {
		return nil, fmt.Errorf("store: version of %s %s: %w", entity, id, err)
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	u := make(Unchanged, len(rows))
	for i, r := range rows {
		u[i] = RowVersion{Table: r.Table, ID: r.ID, UpdatedAt: r.UpdatedAt}
	}
	return u, nil
}

// versionedTables are the tables an Unchanged may name: the table name goes into SQL.
var versionedTables = map[string]bool{"services": true, "organizations": true, "locations": true}

// check fails with ErrConflict unless every row still has its version. It must be the
// first statement of the write's transaction. On PostgreSQL it locks the rows (FOR NO KEY
// UPDATE, the lock an update of them takes anyway, which leaves foreign-key checks of
// other writers alone) in one order, so that a concurrent writer of them waits for this
// transaction and then reads the version it wrote; on SQLite the immediate transaction
// already holds the only write lock. It returns the latest version it saw.
func (u Unchanged) check(ctx context.Context, tx *sqlx.Tx) (string, error) {
	lock := ""
	if tx.DriverName() == "postgres" {
		lock = " FOR NO KEY UPDATE"
	}
	rows := slices.Clone(u)
	slices.SortFunc(rows, func(a, b RowVersion) int {
		return cmp.Or(cmp.Compare(a.Table, b.Table), cmp.Compare(a.ID, b.ID))
	})
	latest := ""
	for _, r := range rows {
		if !versionedTables[r.Table] {
			return "", fmt.Errorf("store: no version in table %q", r.Table)
		}
		var at string
		err := tx.GetContext(ctx, &at, `SELECT updated_at FROM `+r.Table+` WHERE id = $1`+lock, r.ID)
		if errors.Is(err, sql.ErrNoRows) {
			return "", ErrConflict // deleted since: not the version the client named either
		} else if err != nil {
			return "", fmt.Errorf("store: check version of %s %s: %w", r.Table, r.ID, err)
		}
		if at != r.UpdatedAt {
			return "", ErrConflict
		}
		latest = max(latest, at)
	}
	return latest, nil
}

// stampAfter is the time a guarded write stamps its rows with: now, or just after the
// version it replaces when the clock says otherwise (another instance's clock, or the
// same microsecond). A guarded write must move the version, or a second client holding
// the same old copy would pass the check.
func stampAfter(latest string) string {
	now := formatTime(time.Now())
	if now > latest {
		return now
	}
	t, err := parseTime(latest)
	if err != nil {
		return now
	}
	return formatTime(t.Add(time.Microsecond))
}

// WriteOption qualifies a directory write (WriteAll, WriteLocation and the deletes).
type WriteOption func(*writeOptions)

type writeOptions struct {
	unchanged Unchanged
	audit     *AuditEntry
	// viaLink: the write is made through this update link, which must still be live.
	viaLink *updateLinkKey
	// actor is who the history names (ChangedBy); nil: named from the other options.
	actor *directory.ChangeActor
	// decision is the suggestion the write approves (ApprovesSuggestion).
	decision *Decision
}

type updateLinkKey struct{ id, hash string }

// IfUnchanged makes the write conditional: it fails with ErrConflict, writing nothing,
// unless the rows of u still have their versions when the write starts. The check is
// inside the write's transaction, so that two clients saving the same copy cannot both
// pass it.
func IfUnchanged(u Unchanged) WriteOption {
	return func(o *writeOptions) { o.unchanged = u }
}

// WithAudit appends e to the audit log inside the write's transaction, so that the
// change never lands without its row and a row never stands for a change that was
// rolled back. A zero e.At is the time of the write. Every other record the write
// changes (a location a service write creates, changes, links or unlinks) gets a row
// like e naming it.
func WithAudit(e AuditEntry) WriteOption {
	return func(o *writeOptions) { o.audit = &e }
}

// ViaUpdateLink makes a write made through a no-login update link conditional on the
// link: it fails with ErrLinkWithdrawn, writing nothing, unless the link id still has
// the token hash and is not revoked when the write starts. A revoke or rotation that
// commits while the page's post is on its way is thereby never outrun by it.
func ViaUpdateLink(id, hash string) WriteOption {
	return func(o *writeOptions) { o.viaLink = &updateLinkKey{id, hash} }
}

func writeOptionsOf(opts []WriteOption) writeOptions {
	var o writeOptions
	for _, fn := range opts {
		fn(&o)
	}
	return o
}

// guard checks the precondition, if any, and returns the time the write should stamp
// its rows with.
func (o writeOptions) guard(ctx context.Context, tx *sqlx.Tx) (string, error) {
	if o.viaLink != nil {
		lock := ""
		if tx.DriverName() == "postgres" {
			lock = " FOR SHARE" // a revoke or rotation waits for this write, or this for it
		}
		var one int
		err := tx.GetContext(ctx, &one, `SELECT 1 FROM update_links WHERE id = $1 AND token_hash = $2 AND revoked_at = ''`+lock,
			o.viaLink.id, o.viaLink.hash)
		if errors.Is(err, sql.ErrNoRows) {
			return "", ErrLinkWithdrawn
		} else if err != nil {
			return "", fmt.Errorf("store: update link: %w", err)
		}
	}
	if len(o.unchanged) == 0 {
		return formatTime(time.Now()), nil
	}
	latest, err := o.unchanged.check(ctx, tx)
	if err != nil {
		return "", err
	}
	return stampAfter(latest), nil
}

// finish appends the audit rows, if any, at the end of the write's transaction: the
// entry's, and one for every other record in changed (see auditChanged).
func (o writeOptions) finish(ctx context.Context, tx *sqlx.Tx, changed []changedRecord) error {
	if o.decision != nil {
		if err := decide(ctx, tx, *o.decision); err != nil {
			return err
		}
	}
	if o.audit == nil {
		return nil
	}
	return auditChanged(ctx, tx, *o.audit, changed)
}
