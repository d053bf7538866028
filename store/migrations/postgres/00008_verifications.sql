-- +goose Up
-- Verification events: a person confirmed a listing, or tried to. Kept apart from edits:
-- a service's assured_date is the date of its latest "confirmed" event, never the date
-- of a write. The service is not a foreign key, so that the history outlives a listing
-- deleted and re-imported under the same id.
CREATE TABLE verifications (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',      -- the service's owner when checked
    method TEXT NOT NULL CHECK (method IN ('self-confirm', 'phone', 'email', 'site-visit')),
    result TEXT NOT NULL CHECK (result IN ('confirmed', 'changes-needed', 'could-not-reach')),
    note TEXT NOT NULL DEFAULT '',
    by_user_id TEXT NOT NULL DEFAULT '',
    by_name TEXT NOT NULL DEFAULT '',
    by_role TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL                               -- the server's time
);
CREATE INDEX verifications_service ON verifications(service_id, at);
-- The freshness queue reads the referrals that flag a listing (ended "no room" or
-- "couldn't reach them", or still unanswered) by service.
CREATE INDEX referrals_service ON referrals(service_id, status);

-- +goose Down
DROP INDEX referrals_service;
DROP TABLE verifications;
