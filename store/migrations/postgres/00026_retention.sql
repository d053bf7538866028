-- +goose Up
-- Retention and erasure (issue 18). A purge deletes people's records past their
-- retention, or one person's on request, and keeps what the coordinators' measures read
-- of them in the purged_* tables, so that a measure of a purged period comes out the
-- same. These hold no person id, no name, phone or note, no street address and no id of
-- a deleted record: a purged encounter or referral gets a new random id, and a person
-- is named only by people.measure_key, a random key given to the person's surviving
-- record when part of their history is first purged (the live rows of that person are
-- then counted under the same key), gone when the person is. Times, places (the point
-- as recorded, or the building's keyed address hash), towns, needs, statuses and shift
-- ids are kept: the measures group by them.
ALTER TABLE people ADD COLUMN measure_key TEXT NOT NULL DEFAULT '';
CREATE INDEX people_measure_key ON people(measure_key) WHERE measure_key <> '';

-- A purged encounter as the repeat-location, diversion and shift measures read it.
CREATE TABLE purged_encounters (
    id TEXT PRIMARY KEY,                         -- new and random, not the encounter's
    person_key TEXT NOT NULL DEFAULT '',         -- people.measure_key; '' anonymous
    occurred_at TEXT NOT NULL,
    source TEXT NOT NULL,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    location_precision TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    address_key TEXT NOT NULL DEFAULT '',
    ed_diverted BOOLEAN NOT NULL DEFAULT FALSE,
    arrest_diverted BOOLEAN NOT NULL DEFAULT FALSE,
    followed_up BOOLEAN NOT NULL DEFAULT FALSE,
    shift_id TEXT,
    purged_at TEXT NOT NULL
);
CREATE INDEX purged_encounters_source_occurred ON purged_encounters(source, occurred_at);
CREATE INDEX purged_encounters_occurred_shift ON purged_encounters(occurred_at, shift_id);

-- The follow-up of a purged encounter, as the follow-up reach measure reads it.
CREATE TABLE purged_follow_ups (
    encounter_id TEXT NOT NULL,                  -- purged_encounters.id
    encounter_at TEXT NOT NULL,
    status TEXT NOT NULL,
    due_at TEXT NOT NULL,
    reached_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purged_follow_ups_encounter_at ON purged_follow_ups(encounter_at);
CREATE INDEX purged_follow_ups_encounter ON purged_follow_ups(encounter_id);

-- Work counted in a shift that is not an encounter's or referral's own shift: a purged
-- follow-up attempt, or a responder on a purged call.
CREATE TABLE purged_shift_work (
    at TEXT NOT NULL,
    shift_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('attempt', 'responder'))
);
CREATE INDEX purged_shift_work_kind_at ON purged_shift_work(kind, at, shift_id);

-- A purged referral as the referral and funnel measures read it. status_reason is the
-- agency's reason (what the measure counts rejections and failures by), sealed.
CREATE TABLE purged_referrals (
    id TEXT PRIMARY KEY,                         -- new and random, not the referral's
    need TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    level_of_care TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    status_reason TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    requested_at TEXT NOT NULL DEFAULT '',
    accepted_at TEXT NOT NULL DEFAULT '',
    closed_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    shift_id TEXT,
    purged_at TEXT NOT NULL
);
CREATE INDEX purged_referrals_created_shift ON purged_referrals(created_at, shift_id);

-- The building a repeat place shows (geo.NormalizeAddress, no unit), by its keyed hash,
-- sealed; kept once its calls are purged, never with a call.
CREATE TABLE purged_addresses (
    address_key TEXT PRIMARY KEY,
    address TEXT NOT NULL
);

-- Each run of a purge or an erasure: when the daily job last ran, across restarts and
-- instances. Counts only.
CREATE TABLE purge_runs (
    id TEXT PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT '',
    by_whom TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT ''
);
CREATE INDEX purge_runs_finished ON purge_runs(finished_at);

-- The audit log's anchors: a purge of old audit rows first records the seq and hash of
-- the last row it removes; the chain is then verified from the newest anchor. Rows at
-- or before an anchor are the only ones the database lets anyone delete.
CREATE TABLE audit_anchors (
    seq BIGSERIAL PRIMARY KEY,
    upto_seq BIGINT NOT NULL,
    hash TEXT NOT NULL,
    upto_at TEXT NOT NULL,
    rows_removed INTEGER NOT NULL,
    at TEXT NOT NULL
);

-- +goose StatementBegin
CREATE FUNCTION audit_anchors_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_anchors is append-only';
END
$$;
-- +goose StatementEnd

CREATE TRIGGER audit_anchors_no_change BEFORE UPDATE OR DELETE ON audit_anchors
    FOR EACH ROW EXECUTE FUNCTION audit_anchors_append_only();
CREATE TRIGGER audit_anchors_no_truncate BEFORE TRUNCATE ON audit_anchors
    FOR EACH STATEMENT EXECUTE FUNCTION audit_anchors_append_only();

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.seq <= COALESCE((SELECT max(upto_seq) FROM audit_anchors), 0) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: rows cannot be changed or deleted';
END
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: rows cannot be changed or deleted';
END
$$;
-- +goose StatementEnd

DROP TABLE audit_anchors;
DROP FUNCTION audit_anchors_append_only();
DROP TABLE purge_runs;
DROP TABLE purged_addresses;
DROP TABLE purged_referrals;
DROP TABLE purged_shift_work;
DROP TABLE purged_follow_ups;
DROP TABLE purged_encounters;
DROP INDEX people_measure_key;
ALTER TABLE people DROP COLUMN measure_key;
