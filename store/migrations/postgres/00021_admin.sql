-- +goose Up
-- Password reset links (/p/{token}): an admin makes one for an account, and the person
-- sets a new password through it without signing in. Only the SHA-256 of the token is
-- stored; the URL is shown once. A link dies on use (used_at), on expiry (expires_at),
-- and when a newer reset is made for the same account (revoked_at).
CREATE TABLE password_resets (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT NOT NULL DEFAULT '',
    revoked_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX password_resets_user ON password_resets(user_id);

-- The imports run (`handoff import`): what was read, when, and what came of it, for the
-- admin page's import history. import_sources keeps only a package's last source name.
CREATE TABLE import_runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    files TEXT NOT NULL DEFAULT '',
    sources TEXT NOT NULL DEFAULT '',
    strict BOOLEAN NOT NULL DEFAULT FALSE,
    created INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    warnings INTEGER NOT NULL DEFAULT 0,
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX import_runs_started ON import_runs(started_at);

-- +goose Down
DROP TABLE import_runs;
DROP TABLE password_resets;
