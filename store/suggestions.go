package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"handoff/directory"
)

// Problem reports and suggested edits of services (directory/suggestion.go). Storing one
// changes no listing; an approval's listing write marks it approved inside the write's
// own transaction (ApprovesSuggestion).

type suggestionRow struct {
	ID             string `db:"id"`
	ServiceID      string `db:"service_id"`
	ServiceName    string `db:"service_name"`
	OrganizationID string `db:"organization_id"`
	Kind           string `db:"kind"`
	Problem        string `db:"problem"`
	Note           string `db:"note"`
	Changes        string `db:"changes"`
	ProposedBy     string `db:"proposed_by"`
	ProposerName   string `db:"proposer_name"`
	ProposerRole   string `db:"proposer_role"`
	CreatedAt      string `db:"created_at"`
	Status         string `db:"status"`
	DecidedBy      string `db:"decided_by"`
	DeciderName    string `db:"decider_name"`
	DecidedAt      string `db:"decided_at"`
	Reason         string `db:"reason"`
}

const suggestionCols = `g.id, g.service_id, COALESCE(s.name, '') AS service_name, g.organization_id, g.kind, g.problem,
	g.note, g.changes, g.proposed_by, g.proposer_name, g.proposer_role, g.created_at, g.status, g.decided_by,
	g.decider_name, g.decided_at, g.reason`

const suggestionFrom = `suggestions g LEFT JOIN services s ON s.id = g.service_id`

func (r suggestionRow) suggestion() directory.Suggestion {
	g := directory.Suggestion{ID: r.ID, ServiceID: r.ServiceID, ServiceName: r.ServiceName, OrganizationID: r.OrganizationID,
		Kind: r.Kind, Problem: r.Problem, Note: r.Note, ProposedBy: r.ProposedBy, ProposerName: r.ProposerName,
		ProposerRole: r.ProposerRole, CreatedAt: optTime(r.CreatedAt), Status: r.Status, DecidedBy: r.DecidedBy,
		DeciderName: r.DeciderName, DecidedAt: optTime(r.DecidedAt), Reason: r.Reason}
	_ = json.Unmarshal([]byte(r.Changes), &g.Changes)
	if g.Changes == nil {
		g.Changes = []directory.ProposedChange{}
	}
	return g
}

// AddSuggestion stores a new report or suggested edit, pending. audit, when given, is
// appended in the same transaction.
func (s *Store) AddSuggestion(ctx context.Context, g *directory.Suggestion, audit *AuditEntry) error {
	changes, err := json.Marshal(g.Changes)
	if err != nil {
		return fmt.Errorf("store: add suggestion: %w", err)
	}
	if g.Changes == nil {
		changes = []byte("[]")
	}
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO suggestions (id, service_id, organization_id, kind, problem, note, changes,
			proposed_by, proposer_name, proposer_role, created_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending')`,
			g.ID, g.ServiceID, g.OrganizationID, g.Kind, g.Problem, g.Note, string(changes), g.ProposedBy, g.ProposerName,
			g.ProposerRole, formatTime(g.CreatedAt)); err != nil {
			return fmt.Errorf("store: add suggestion: %w", err)
		}
		if err := queueSuggestion(ctx, tx, g); err != nil {
			return err
		}
		if audit != nil {
			return insertAudit(ctx, tx, *audit)
		}
		return nil
	})
	if err == nil {
		s.wakeOutbox()
	}
	return err
}

// SuggestionFilter narrows the list of suggestions; empty fields do not.
type SuggestionFilter struct {
	Status         string
	OrganizationID string
	ServiceID      string
}

// Suggestions lists suggestions, oldest first (the longest waiting first), a page at a time.
func (s *Store) Suggestions(ctx context.Context, f SuggestionFilter, p Page) ([]directory.Suggestion, int, error) {
	var c conds
	c.eq("g.status", f.Status)
	c.eq("g.organization_id", f.OrganizationID)
	c.eq("g.service_id", f.ServiceID)
	where, args := c.where()
	rows, total, err := selectPage[suggestionRow](ctx, s.db, listQuery{what: "suggestions", from: suggestionFrom,
		cols: suggestionCols, where: where, args: args, order: "g.created_at, g.id"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]directory.Suggestion, len(rows))
	for i, r := range rows {
		out[i] = r.suggestion()
	}
	return out, total, nil
}

// Suggestion loads one suggestion, or ErrNotFound.
func (s *Store) Suggestion(ctx context.Context, id string) (directory.Suggestion, error) {
	var r suggestionRow
	err := s.db.GetContext(ctx, &r, `SELECT `+suggestionCols+` FROM `+suggestionFrom+` WHERE g.id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return directory.Suggestion{}, ErrNotFound
	} else if err != nil {
		return directory.Suggestion{}, fmt.Errorf("store: load suggestion: %w", err)
	}
	return r.suggestion(), nil
}

// Decision is an approval or rejection of a suggestion.
type Decision struct {
	SuggestionID string
	Status       string // directory.SuggestionApproved or SuggestionRejected
	By, ByName   string
	Reason       string
	At           time.Time
}

// decide marks a pending suggestion decided, or fails with ErrConflict when it was
// decided already (by someone else, a moment ago).
func decide(ctx context.Context, tx *sqlx.Tx, d Decision) error {
	res, err := tx.ExecContext(ctx, `UPDATE suggestions SET status = $2, decided_by = $3, decider_name = $4, decided_at = $5,
		reason = $6 WHERE id = $1 AND status = 'pending'`, d.SuggestionID, d.Status, d.By, d.ByName, formatTime(d.At), d.Reason)
	if err != nil {
		return fmt.Errorf("store: decide suggestion: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrConflict
	}
	return nil
}

// DecideSuggestion approves or rejects a suggestion without writing its listing: a
// rejection, or the approval of a report that proposes no change. ErrConflict when it
// is no longer pending. audit is appended in the same transaction.
func (s *Store) DecideSuggestion(ctx context.Context, d Decision, audit AuditEntry) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := decide(ctx, tx, d); err != nil {
			return err
		}
		return insertAudit(ctx, tx, audit)
	})
}

// ApprovesSuggestion makes a listing write the approval of a suggestion: the write marks
// it approved in its own transaction, and fails with ErrConflict, writing nothing, when
// the suggestion is no longer pending.
func ApprovesSuggestion(d Decision) WriteOption {
	return func(o *writeOptions) { o.decision = &d }
}
