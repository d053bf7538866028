-- +goose Up
-- The outbox (issue 16): every event someone must hear about is written here in the
-- same transaction as the change, and the delivery worker of `serve` sends it. An
-- event names what happened (kind), whom it concerns (organization_id) and the record
-- (subject_id); its payload carries no one's name, phone, note or diagnosis. link_sealed
-- is a referral's agency link token sealed with the data key (the token is never kept
-- in clear), wiped once every delivery of the event has gone.
CREATE TABLE outbox_events (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    subject_id TEXT NOT NULL DEFAULT '',
    payload TEXT NOT NULL DEFAULT '{}',
    link_sealed TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_events_created ON outbox_events(created_at);

-- One row per (event, channel, receiver): the unique key is what makes a delivery that
-- succeeded never go again. status: pending (due at next_at), sending (claimed by
-- lease_owner until lease_until; an expired lease is claimed again), sent, dead (gave
-- up after the attempts allowed: the dead-letter list, replayable by an admin), skipped
-- (a text to a person who no longer takes texts, or asked not to be contacted).
CREATE TABLE outbox_deliveries (
    id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES outbox_events(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'webhook')),
    receiver TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead', 'skipped')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at TEXT NOT NULL,
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until TEXT NOT NULL DEFAULT '',
    last_error TEXT NOT NULL DEFAULT '',
    sent_at TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (event_id, channel, receiver)
);
CREATE INDEX outbox_deliveries_due ON outbox_deliveries(status, next_at);
CREATE INDEX outbox_deliveries_receiver ON outbox_deliveries(channel, receiver);

-- Every attempt of a delivery, kept: when, how long, and what went wrong (the remote's
-- answer, never the message).
CREATE TABLE outbox_attempts (
    id TEXT PRIMARY KEY,
    delivery_id TEXT NOT NULL REFERENCES outbox_deliveries(id) ON DELETE CASCADE,
    worker TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL DEFAULT 0,
    ok BOOLEAN NOT NULL,
    error TEXT NOT NULL DEFAULT ''
);
CREATE INDEX outbox_attempts_delivery ON outbox_attempts(delivery_id, at);

-- An organization's notice addresses (email) and numbers (sms), each with the events it
-- wants (space-separated kinds).
CREATE TABLE notice_addresses (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    address TEXT NOT NULL,
    events TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    UNIQUE (organization_id, channel, address)
);

-- Webhook receivers, registered by admins. secret signs the deliveries (Standard
-- Webhooks); a receiver whose delivery gives up is paused, and its admin told.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    events TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused')),
    paused_at TEXT NOT NULL DEFAULT '',
    paused_reason TEXT NOT NULL DEFAULT '',
    admin_email TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

-- How far the relay of directory changes to webhooks has read the change feed.
CREATE TABLE outbox_cursors (
    name TEXT PRIMARY KEY,
    seq BIGINT NOT NULL DEFAULT 0
);
INSERT INTO outbox_cursors (name, seq) VALUES ('changes', 0);

-- In-app notices: the agency's answer to a referral, in its maker's follow-up list.
CREATE TABLE user_notices (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    referral_id TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    read_at TEXT NOT NULL DEFAULT '',
    UNIQUE (user_id, event_id)
);
CREATE INDEX user_notices_user ON user_notices(user_id, created_at);

-- +goose Down
DROP TABLE user_notices;
DROP TABLE outbox_cursors;
DROP TABLE webhooks;
DROP TABLE notice_addresses;
DROP TABLE outbox_attempts;
DROP TABLE outbox_deliveries;
DROP TABLE outbox_events;
