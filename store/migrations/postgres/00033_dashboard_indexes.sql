-- +goose Up
-- Indexes for the dashboard's first view (issue 15), each measured on a year of 200,000
-- encounters (PostgreSQL, 90 days, alone on the machine; the view runs ten such reads at
-- once on the same cores).
--
-- The follow-ups still to do, soonest due first: the overdue list read them among a
-- year's done ones. With only (status, due_at), PostgreSQL read the whole table for
-- "status <> 'done'" in parallel workers (121 ms → 5 ms).
CREATE INDEX follow_ups_todo_due ON follow_ups(due_at, id) WHERE status <> 'done';
-- Diversions count a period's encounters by month, town and source from the index alone
-- (a table scan before: 84 → 31 ms). It replaces (occurred_at, id), which it holds, so
-- that follow-up reach still reads the period's encounters from an index alone (with
-- both, SQLite took this one without id and looked every row up); with shift_id last,
-- the interactions per shift, which SQLite then also read through it, do not look rows
-- up either.
DROP INDEX encounters_occurred_id;
CREATE INDEX encounters_occurred_counts ON encounters(occurred_at, id, town, source, ed_diverted, arrest_diverted, shift_id);
-- Follow-up reach reads the period's follow-ups and their reaching attempts from the
-- indexes alone (67 → 27 ms and 59 → 34 ms).
CREATE INDEX follow_ups_created_reach ON follow_ups(created_at, encounter_id, status, due_at, id);
CREATE INDEX follow_up_attempts_at_outcome ON follow_up_attempts(at, outcome, follow_up_id);
-- The planner's statistics for the new indexes: without them SQLite read the shifts'
-- counts through the diversions' index and looked every row up.
ANALYZE encounters;
ANALYZE follow_ups;
ANALYZE follow_up_attempts;

-- +goose Down
DROP INDEX follow_up_attempts_at_outcome;
DROP INDEX follow_ups_created_reach;
DROP INDEX encounters_occurred_counts;
CREATE INDEX encounters_occurred_id ON encounters(occurred_at, id);
DROP INDEX follow_ups_todo_due;
