-- +goose Up
-- Idempotency keys of the care writes a phone queued while offline (issue 17): a repeat
-- of a POST with the same Idempotency-Key answers the first result instead of recording
-- it twice. One row per user and key, written in the write's own transaction; it names
-- the record made (and the follow-up or attempt made with it), never a body, which may
-- hold notes that are sealed elsewhere. fingerprint is the SHA-256 of the method, path
-- and body, so that the same key with another request is refused.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    record_type TEXT NOT NULL,
    record_id TEXT NOT NULL,
    related_id TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- +goose Down
DROP TABLE idempotency_keys;
