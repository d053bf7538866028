-- +goose Up
-- What peers heard when they called a service ("two beds left"): kept apart from the
-- agency's own figures (service_capacity), which an observation never overwrites. The
-- server stamps the time and the observer; observer is the first name shown on result
-- cards. Times are UTC RFC 3339 text of fixed width, as elsewhere, so that the newest
-- observation of a service is the greatest observed_at on both dialects.
CREATE TABLE capacity_observations (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    available DOUBLE PRECISION NOT NULL,
    maximum DOUBLE PRECISION,
    unit TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    observer_id TEXT NOT NULL REFERENCES users(id),
    observer TEXT NOT NULL DEFAULT '',
    observed_at TEXT NOT NULL
);
CREATE INDEX capacity_observations_service ON capacity_observations(service_id, observed_at);

-- +goose Down
DROP TABLE capacity_observations;
