package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/care"
	"handoff/directory"
)

// Errors of the care tables, for the caller to turn into answers.
var (
	// ErrConflict means the record changed since it was read (its version moved on):
	// someone else's change won. Read it again and retry.
	ErrConflict = errors.New("the record was changed by someone else")
	// ErrMerged means the person record was merged into another: work with that one.
	ErrMerged = errors.New("the person record was merged into another")
	// ErrLinkExpired means a public link (agency link, resource list) exists but has
	// expired or was revoked.
	ErrLinkExpired = errors.New("the link has expired or was revoked")
	// ErrLinkWithdrawn means an agency link was replaced by a reissue or withdrawn by the
	// program (revoked, or its referral cancelled or voided). It is an ErrLinkExpired, so
	// every caller that answers 410 for that answers 410 for this; the agency's page
	// tells the two apart, to say whom to ask.
	ErrLinkWithdrawn = fmt.Errorf("%w: replaced or withdrawn by the program", ErrLinkExpired)
)

// CareStore is the store's view of people and their care. Notes go in sealed with its
// Sealer and come out opened; without a Sealer, writing a note fails with
// care.ErrNoDataKey and reading leaves notes empty, so that no path stores a note in
// clear. It is safe for concurrent use.
type CareStore struct {
	st    *Store
	db    *sqlx.DB
	seal  *care.Sealer
	zone  *time.Location
	notes bool // open notes on reads
	// audit is the template of the rows the view's writes append; nil: the view's
	// writes append none (tools and tests that are not a person's request).
	audit *AuditEntry
	// idem is the Idempotency-Key the view's write keeps with its record; nil: none
	// (idempotency.go).
	idem *IdempotencyKey
}

// Care returns the care view of the store, sealing notes with sealer (nil: no notes).
// Days are counted in care.DefaultZone unless WithZone says otherwise.
func (s *Store) Care(sealer *care.Sealer) *CareStore {
	return &CareStore{st: s, db: s.db, seal: sealer, zone: care.DefaultZone(), notes: sealer != nil}
}

// WithZone returns a copy of the view that counts days (follow-ups due) in zone.
func (c *CareStore) WithZone(zone *time.Location) *CareStore {
	cp := *c
	cp.zone = zone
	return &cp
}

// WithoutNotes returns a copy of the view that leaves notes empty on reads, for roles
// that may not read them (coordinators); it can still write them.
func (c *CareStore) WithoutNotes() *CareStore {
	cp := *c
	cp.notes = false
	return &cp
}

// Audited returns a copy of the view whose writes each append an audit row, built from
// e, inside the write's own transaction: a change to a person's care then never lands
// without its row, and a row never stands for a change that was rolled back. e carries
// who, from where and the request (and a Detail code, such as the page the write came
// through); each write fills in the action, the record and Allowed, and At when zero.
func (c *CareStore) Audited(e AuditEntry) *CareStore {
	cp := *c
	cp.audit = &e
	return &cp
}

// auditWrite appends the view's audit row for an allowed write inside tx, so that it
// commits or rolls back with the write; without a template it appends nothing.
func (c *CareStore) auditWrite(ctx context.Context, tx *sqlx.Tx, action, recordType, recordID string) error {
	if c.audit == nil {
		return nil
	}
	e := *c.audit
	e.Seq, e.Action, e.RecordType, e.RecordID, e.Allowed = 0, action, recordType, recordID, true
	return insertAudit(ctx, tx, e)
}

// Zone is the time zone the view counts days in.
func (c *CareStore) Zone() *time.Location { return c.zone }

// careSealAD names where a sealed value lives, so that it opens nowhere else.
func careSealAD(kind, id, field string) string { return kind + "/" + id + "/" + field }

func (c *CareStore) sealNote(note, kind, id, field string) (string, error) {
	if note == "" {
		return "", nil
	}
	if c.seal == nil {
		return "", care.ErrNoDataKey
	}
	v, err := c.seal.Seal(note, careSealAD(kind, id, field))
	if err != nil {
		return "", fmt.Errorf("store: seal %s %s: %w", kind, field, err)
	}
	return v, nil
}

func (c *CareStore) openNote(sealed, kind, id, field string) (string, error) {
	if sealed == "" || !c.notes {
		return "", nil
	}
	v, err := c.seal.Open(sealed, careSealAD(kind, id, field))
	if err != nil {
		return "", fmt.Errorf("store: open %s %s of %s: %w", kind, field, id, err)
	}
	return v, nil
}

// openReason opens a sealed reason (a referral's status reason, a move's reason, an
// encounter's reason for no follow-up). Reasons are sealed like notes but are not notes:
// whoever may read the record reads them, so they open whatever the notes flag. A value
// in clear (written before reasons were sealed) is returned as it is; without a key a
// sealed reason reads empty. A view that does not open notes (the blind view moves use)
// reads a reason it cannot open as empty rather than failing.
func (c *CareStore) openReason(v, kind, id, field string) (string, error) {
	if v == "" || !care.IsSealed(v) {
		return v, nil
	}
	if c.seal == nil {
		return "", nil
	}
	out, err := c.seal.Open(v, careSealAD(kind, id, field))
	if err != nil {
		if !c.notes {
			return "", nil
		}
		return "", fmt.Errorf("store: open %s %s of %s: %w", kind, field, id, err)
	}
	return out, nil
}

// moveSealID is the id a move's sealed reason is bound to: its referral and version.
func moveSealID(referralID string, version int) string {
	return referralID + "/" + strconv.Itoa(version)
}

// careQueryer is what both the pool and a transaction offer.
type careQueryer interface {
	sqlx.QueryerContext
	sqlx.ExecerContext
	GetContext(ctx context.Context, dest any, query string, args ...any) error
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// careShiftAt returns the id of the user's shift that takes work at time at (the shift
// covering it, or the open shift starting at most care.ShiftLeadIn after it: see
// care.Shift.Takes), or nil (SQL NULL) when the user was not on shift.
func careShiftAt(ctx context.Context, q careQueryer, userID string, at time.Time) (any, error) {
	if userID == "" {
		return nil, nil
	}
	var id string
	t := formatTime(at)
	// The shift covering at, or else the open shift that starts at most
	// care.ShiftLeadIn after it (care.Shift.Takes): the work is recorded now, during it.
	err := q.GetContext(ctx, &id, `SELECT id FROM shifts WHERE user_id = $1
		AND (started_at <= $2 AND (ended_at = '' OR ended_at >= $2) OR ended_at = '' AND started_at > $2 AND started_at <= $3)
		ORDER BY started_at DESC LIMIT 1`, userID, t, formatTime(at.Add(care.ShiftLeadIn)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: find shift: %w", err)
	}
	return id, nil
}

// careCanonicalPerson returns the id under which a person's new records are kept: the
// record it was merged into, or its own. An unknown person is a field error.
func careCanonicalPerson(ctx context.Context, q careQueryer, field, id string) (string, error) {
	if id == "" {
		return "", nil
	}
	var merged string
	err := q.GetContext(ctx, &merged, `SELECT merged_into FROM people WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", directory.FieldErrors{{Field: field, Message: "no person with this id"}}
	}
	if err != nil {
		return "", fmt.Errorf("store: find person: %w", err)
	}
	if merged != "" {
		return merged, nil
	}
	return id, nil
}

// carePersonSet is the SQL condition "col belongs to the person or a record merged into
// them", with the person's id as parameter $n. The empty id matches nothing (unmerged
// records have an empty merged_into, which must not read as "merged into nobody").
func carePersonSet(col string, n int) string {
	return fmt.Sprintf("%s IN (SELECT id FROM people WHERE id = $%[2]d OR (merged_into = $%[2]d AND merged_into <> ''))", col, n)
}

// careInList returns "$k, $k+1, ..." for n values starting at parameter k.
func careInList(k, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", k+i)
	}
	return b.String()
}

func careAnys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// careWords splits a space-separated column; the empty string is no words.
func careWords(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Fields(s)
}

// careRetry runs fn again, up to attempts times, while it fails with ErrConflict: when the
// caller did not pin a version, a move that lost a race is re-decided on the new state.
func careRetry(attempts int, fn func() error) error {
	var err error
	for range attempts {
		if err = fn(); !errors.Is(err, ErrConflict) {
			return err
		}
	}
	return err
}

// careNow is the store's clock for records whose time the caller left zero. It keeps
// the microseconds the columns keep, so that a record returned by a write equals the
// record read back.
func careNow(t time.Time) time.Time {
	if t.IsZero() {
		return time.Now().UTC().Truncate(time.Microsecond)
	}
	return t
}
