-- +goose Up
-- Service gaps (issue 15): searches that found nothing, or nothing open, kept without
-- personal data — the day in the program's zone (never the time), why, the needs and
-- filters asked (comma-separated codes), the town searched near, and only the query's
-- words that are in the directory's vocabulary (never the text as typed).
CREATE TABLE service_gaps (
    id TEXT PRIMARY KEY,
    day TEXT NOT NULL,                             -- YYYY-MM-DD
    reason TEXT NOT NULL CHECK (reason IN ('nothing-found', 'nothing-open')),
    needs TEXT NOT NULL DEFAULT '',
    filters TEXT NOT NULL DEFAULT '',
    town TEXT NOT NULL DEFAULT '',
    words TEXT NOT NULL DEFAULT ''
);
CREATE INDEX service_gaps_day ON service_gaps(day);

-- +goose Down
DROP INDEX service_gaps_day;
DROP TABLE service_gaps;
