package store

import (
	"context"

	"handoff/directory"
)

type historyRow struct {
	ID           string `db:"id"`
	RecordType   string `db:"record_type"`
	RecordID     string `db:"record_id"`
	At           string `db:"at"`
	Action       string `db:"action"`
	Field        string `db:"field"`
	Before       string `db:"before_value"`
	After        string `db:"after_value"`
	Source       string `db:"source"`
	UserID       string `db:"user_id"`
	UserName     string `db:"user_name"`
	LinkID       string `db:"link_id"`
	ProposedBy   string `db:"proposed_by"`
	ProposerName string `db:"proposer_name"`
	SuggestionID string `db:"suggestion_id"`
}

const historyCols = `id, record_type, record_id, at, action, field, before_value, after_value, source, user_id,
	user_name, link_id, proposed_by, proposer_name, suggestion_id`

func (r historyRow) entry() directory.HistoryEntry {
	at, _ := parseTime(r.At)
	return directory.HistoryEntry{ID: r.ID, RecordType: r.RecordType, RecordID: r.RecordID, At: at, Action: r.Action,
		FieldChange: directory.FieldChange{Field: r.Field, Before: r.Before, After: r.After},
		ChangeActor: directory.ChangeActor{Source: r.Source, UserID: r.UserID, UserName: r.UserName, LinkID: r.LinkID,
			ProposedBy: r.ProposedBy, ProposerName: r.ProposerName, SuggestionID: r.SuggestionID}}
}

// ListingHistory lists the history of one record (entity "service", "location" or
// "organization"), newest first, in the order of its fields within one write.
func (s *Store) ListingHistory(ctx context.Context, entity, id string, p Page) ([]directory.HistoryEntry, int, error) {
	rows, total, err := selectPage[historyRow](ctx, s.db, listQuery{what: "history", from: "listing_history",
		cols: historyCols, where: " WHERE record_type = $1 AND record_id = $2", args: []any{entity, id},
		order: "at DESC, seq"}, p)
	if err != nil {
		return nil, 0, err
	}
	out := make([]directory.HistoryEntry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out, total, nil
}
