-- +goose Up
-- The no-login update links of services (/u/{token}): night staff without an account
-- update a service's beds through one. Only the SHA-256 of a link's token is stored;
-- the token is shown once, when the link is made or rotated. organization_id is the
-- service's organization when the link was made: a service moved to another
-- organization since is not reachable through its old links.
CREATE TABLE update_links (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    organization_id TEXT NOT NULL DEFAULT '',
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    rotated_at TEXT NOT NULL DEFAULT '',
    revoked_at TEXT NOT NULL DEFAULT '',
    last_used_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX update_links_service ON update_links(service_id);

-- The tokens a rotation replaced: opening one answers that the link was replaced (410),
-- not that it never existed (404).
CREATE TABLE update_links_retired (
    hash TEXT PRIMARY KEY,
    link_id TEXT NOT NULL REFERENCES update_links(id) ON DELETE CASCADE,
    retired_at TEXT NOT NULL
);
CREATE INDEX update_links_retired_link ON update_links_retired(link_id);

-- +goose Down
DROP TABLE update_links_retired;
DROP TABLE update_links;
