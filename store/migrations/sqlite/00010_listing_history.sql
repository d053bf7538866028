-- +goose Up
-- The field-level history of listings: every write of a service, location or
-- organization adds, in its own transaction, one row per field it changed (before and
-- after, as text), one "create" row for a new record and one "delete" row for a deleted
-- one. Who is named as the write knew them (a user, an update link, an import), with the
-- name as it was then, so that the history reads the same after an account is renamed or
-- removed. Not a foreign key: the history outlives the listing.
CREATE TABLE listing_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,                 -- a UUID, the HSDS metadata id
    record_type TEXT NOT NULL CHECK (record_type IN ('service', 'location', 'organization')),
    record_id TEXT NOT NULL,
    at TEXT NOT NULL,                        -- the server's time of the write
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    field TEXT NOT NULL DEFAULT '',
    before_value TEXT NOT NULL DEFAULT '',
    after_value TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL,                    -- portal, api, link, import, admin, suggestion, system
    user_id TEXT NOT NULL DEFAULT '',
    user_name TEXT NOT NULL DEFAULT '',
    link_id TEXT NOT NULL DEFAULT '',
    proposed_by TEXT NOT NULL DEFAULT '',
    proposer_name TEXT NOT NULL DEFAULT '',
    suggestion_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX listing_history_record ON listing_history(record_type, record_id, seq);

-- +goose Down
DROP TABLE listing_history;
