-- +goose Up
-- People and their care: pseudonymous people, encounters, consents and the disclosures
-- made under them, referrals and every move of their state machine, follow-ups and their
-- attempts, shifts, and shareable resource lists.
-- Times are UTC RFC 3339 text of fixed width, as elsewhere; '' means none. Notes
-- (encounters.notes, referrals.note, follow_up_attempts.note) hold only sealed text
-- (AES-256-GCM, "hs1:..."): a copy of the database alone does not reveal them.
-- User ids that record who did something are not foreign keys, so that the record
-- outlives the account; ids that decide what a user sees or owns (shifts, assignees) are.

CREATE TABLE people (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    search_name TEXT NOT NULL,            -- display_name lower-cased, for search
    phone TEXT NOT NULL DEFAULT '',
    preferred_language TEXT NOT NULL DEFAULT '',
    merged_into TEXT NOT NULL DEFAULT '', -- the surviving record, when merged; never a chain
    merged_at TEXT NOT NULL DEFAULT '',
    merged_by TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_search_name ON people(search_name);
CREATE INDEX people_merged_into ON people(merged_into) WHERE merged_into <> '';

CREATE TABLE shifts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    started_at TEXT NOT NULL,
    ended_at TEXT NOT NULL DEFAULT ''
);
-- A user has at most one open shift.
CREATE UNIQUE INDEX shifts_one_open ON shifts(user_id) WHERE ended_at = '';
CREATE INDEX shifts_user_started ON shifts(user_id, started_at);
CREATE INDEX shifts_started ON shifts(started_at);

CREATE TABLE encounters (
    id TEXT PRIMARY KEY,
    person_id TEXT REFERENCES people(id),
    occurred_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('911_coresponse', 'direct_to_peer', 'walk_in', 'follow_up')),
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    location_precision TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    police_department TEXT NOT NULL DEFAULT '',
    presenting_needs TEXT NOT NULL DEFAULT '',   -- handoff:need codes, space separated
    assessed_level_of_care TEXT NOT NULL DEFAULT '',
    disposition TEXT NOT NULL CHECK (disposition IN ('resolved_on_scene', 'referred', 'ed_transport', 'arrest', 'other')),
    ed_diverted BOOLEAN NOT NULL DEFAULT FALSE,
    arrest_diverted BOOLEAN NOT NULL DEFAULT FALSE,
    notes TEXT NOT NULL DEFAULT '',              -- sealed
    no_follow_up_reason TEXT NOT NULL DEFAULT '',
    -- The earliest follow-up attempt, referral or follow-up visit within 7 days after
    -- the encounter (of the same person, or a referral made from it), kept up to date by
    -- every write that can change it, so that the repeat-location measure reads it
    -- instead of every contact of the year.
    followed_up_at TEXT NOT NULL DEFAULT '',
    shift_id TEXT REFERENCES shifts(id),         -- the recorder's shift
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX encounters_occurred ON encounters(occurred_at);
-- Covering the repeat-location measure's read, so that a year of calls comes from the
-- index alone (the table's rows are wide: notes).
CREATE INDEX encounters_source_occurred ON encounters(source, occurred_at)
    INCLUDE (location_precision, latitude, longitude, person_id, town, followed_up_at, id);
CREATE INDEX encounters_person ON encounters(person_id, occurred_at);
CREATE INDEX encounters_town ON encounters(town, occurred_at);
CREATE INDEX encounters_shift ON encounters(shift_id);

-- Everyone who answered a call, so that a call counts in the shift of every peer on it.
-- shift_id is the responder's shift when it is not the encounter's own (encounters.
-- shift_id, the recorder's), else NULL: each encounter then counts once per shift by
-- adding the two tables' counts, without a join.
CREATE TABLE encounter_responders (
    encounter_id TEXT NOT NULL REFERENCES encounters(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    shift_id TEXT REFERENCES shifts(id),
    PRIMARY KEY (encounter_id, user_id)
);
CREATE INDEX encounter_responders_user ON encounter_responders(user_id);
CREATE INDEX encounter_responders_shift ON encounter_responders(shift_id);

CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    discloser TEXT NOT NULL,
    organization_ids TEXT NOT NULL DEFAULT '',   -- space separated
    any_treating_provider BOOLEAN NOT NULL DEFAULT FALSE,
    information TEXT NOT NULL,
    purpose TEXT NOT NULL,
    given_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('verbal', 'written', 'electronic')),
    witnessed_by TEXT NOT NULL DEFAULT '',
    revoked_at TEXT NOT NULL DEFAULT '',
    revoked_by TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX consents_person ON consents(person_id);

CREATE TABLE referrals (
    id TEXT PRIMARY KEY,
    person_id TEXT REFERENCES people(id),
    encounter_id TEXT REFERENCES encounters(id),
    -- The service and its organization as they were when referred; not foreign keys, so
    -- that the referral and its history outlive a listing.
    service_id TEXT NOT NULL,
    organization_id TEXT NOT NULL DEFAULT '',
    need TEXT NOT NULL,
    level_of_care TEXT NOT NULL DEFAULT '',
    mode TEXT NOT NULL CHECK (mode IN ('live', 'logged')),
    status TEXT NOT NULL,
    outcome TEXT NOT NULL DEFAULT '',
    status_reason TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',               -- sealed
    consent_id TEXT NOT NULL DEFAULT '',
    agency_link_hash TEXT NOT NULL DEFAULT '',
    agency_link_expires_at TEXT NOT NULL DEFAULT '',
    agency_link_revoked_at TEXT NOT NULL DEFAULT '',
    shift_id TEXT REFERENCES shifts(id),
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    requested_at TEXT NOT NULL DEFAULT '',
    accepted_at TEXT NOT NULL DEFAULT '',
    closed_at TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,                    -- the latest move
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX referrals_person ON referrals(person_id, created_at);
CREATE INDEX referrals_encounter ON referrals(encounter_id);
CREATE INDEX referrals_organization ON referrals(organization_id, status, updated_at);
CREATE INDEX referrals_created ON referrals(created_at);
CREATE INDEX referrals_shift ON referrals(shift_id);
CREATE UNIQUE INDEX referrals_agency_link ON referrals(agency_link_hash) WHERE agency_link_hash <> '';

-- Every move of a referral, including its creation (from_status ''). The unique version
-- is a second guard, beside the referral's own version check, that two moves from the
-- same state cannot both be kept.
CREATE TABLE referral_transitions (
    seq BIGSERIAL PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    version INTEGER NOT NULL,
    from_status TEXT NOT NULL,
    to_status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    by_user TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    UNIQUE (referral_id, version)
);

CREATE TABLE disclosures (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    consent_id TEXT NOT NULL REFERENCES consents(id),
    organization_id TEXT NOT NULL,
    referral_id TEXT NOT NULL DEFAULT '',
    information TEXT NOT NULL,
    purpose TEXT NOT NULL,
    disclosed_at TEXT NOT NULL,
    disclosed_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX disclosures_person ON disclosures(person_id, disclosed_at);

CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES people(id),
    encounter_id TEXT REFERENCES encounters(id),
    assignee_id TEXT NOT NULL REFERENCES users(id),
    due_at TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done', 'flagged')),
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    closed_at TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX follow_ups_assignee ON follow_ups(assignee_id, status, due_at);
CREATE INDEX follow_ups_status_due ON follow_ups(status, due_at);
CREATE INDEX follow_ups_person ON follow_ups(person_id);
CREATE INDEX follow_ups_encounter ON follow_ups(encounter_id);

-- person_id repeats the follow-up's (which never changes), so that the repeat-location
-- measure reads contacts without a join.
CREATE TABLE follow_up_attempts (
    id TEXT PRIMARY KEY,
    follow_up_id TEXT NOT NULL REFERENCES follow_ups(id),
    person_id TEXT NOT NULL,
    at TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('phone', 'text', 'in_person', 'video')),
    outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'no_answer', 'left_message', 'wrong_number', 'declined')),
    note TEXT NOT NULL DEFAULT '',               -- sealed
    by_user TEXT NOT NULL DEFAULT '',
    shift_id TEXT REFERENCES shifts(id)
);
CREATE INDEX follow_up_attempts_follow_up ON follow_up_attempts(follow_up_id, at);
CREATE INDEX follow_up_attempts_at ON follow_up_attempts(at);
CREATE INDEX follow_up_attempts_person ON follow_up_attempts(person_id, at);
CREATE INDEX follow_up_attempts_shift ON follow_up_attempts(shift_id);

-- No personal data: which services, in which language, until when. Only the hash of
-- the link's token is kept.
CREATE TABLE resource_lists (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    service_ids TEXT NOT NULL,                   -- space separated, in the order given
    language TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX resource_lists_expires ON resource_lists(expires_at);

-- +goose Down
DROP TABLE resource_lists;
DROP TABLE follow_up_attempts;
DROP TABLE follow_ups;
DROP TABLE disclosures;
DROP TABLE referral_transitions;
DROP TABLE referrals;
DROP TABLE consents;
DROP TABLE encounter_responders;
DROP TABLE encounters;
DROP TABLE shifts;
DROP TABLE people;
