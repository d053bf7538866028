-- +goose Up
-- The shift lookups' indexes carry the time beside the shift: the interactions-per-shift
-- measure counts by shift over a range of time, and with bound parameters SQLite's
-- planner (with or without ANALYZE's statistics) chose the one-column shift index to
-- group by, then read every row of the table for its time: on a year of 200,000
-- encounters, most of the measure's 1.8 s (issue 15). Whichever index it now picks,
-- (time, shift) of 00024 or (shift, time) here, the count reads only an index. A lookup
-- by shift uses the new index as it used the old one.
DROP INDEX encounters_shift;
CREATE INDEX encounters_shift_occurred ON encounters(shift_id, occurred_at);
DROP INDEX follow_up_attempts_shift;
CREATE INDEX follow_up_attempts_shift_at ON follow_up_attempts(shift_id, at);
DROP INDEX referrals_shift;
CREATE INDEX referrals_shift_created ON referrals(shift_id, created_at);
-- The follow-up measure reads the ids of the period's encounters to join their
-- follow-ups: with the id beside the time it reads an index, not the whole table.
DROP INDEX encounters_occurred;
CREATE INDEX encounters_occurred_id ON encounters(occurred_at, id);

-- +goose Down
DROP INDEX encounters_occurred_id;
CREATE INDEX encounters_occurred ON encounters(occurred_at);
DROP INDEX referrals_shift_created;
CREATE INDEX referrals_shift ON referrals(shift_id);
DROP INDEX follow_up_attempts_shift_at;
CREATE INDEX follow_up_attempts_shift ON follow_up_attempts(shift_id);
DROP INDEX encounters_shift_occurred;
CREATE INDEX encounters_shift ON encounters(shift_id);
