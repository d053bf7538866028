-- +goose Up
-- Problem reports (public, no sign-in) and suggested edits (peers and clinicians) of a
-- service. Nothing here changes the listing: its organization's staff or an admin
-- approves (the changes are then written through the normal write path, and the history
-- names both people) or rejects. changes is a JSON array of {field, value, before}:
-- before is the field's value when it was proposed, so that approving refuses a field
-- changed since. A report stores no client address and asks for no personal data.
CREATE TABLE suggestions (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',    -- the service's owner when proposed
    kind TEXT NOT NULL CHECK (kind IN ('report', 'edit')),
    problem TEXT NOT NULL DEFAULT '',            -- a report's kind: wrong-phone, closed, wrong-hours, other
    note TEXT NOT NULL DEFAULT '',
    changes TEXT NOT NULL DEFAULT '[]',
    proposed_by TEXT NOT NULL DEFAULT '',        -- '' for a public report
    proposer_name TEXT NOT NULL DEFAULT '',
    proposer_role TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_by TEXT NOT NULL DEFAULT '',
    decider_name TEXT NOT NULL DEFAULT '',
    decided_at TEXT NOT NULL DEFAULT '',
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX suggestions_status ON suggestions(status, organization_id, created_at);
CREATE INDEX suggestions_service ON suggestions(service_id, status);

-- +goose Down
DROP TABLE suggestions;
