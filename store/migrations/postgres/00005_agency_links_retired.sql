-- +goose Up
-- The agency links a reissue replaced. A referral keeps only its current link's hash;
-- the hashes it had before stay here, so that an agency opening an old link is told it
-- was replaced by the program (410) rather than that it never existed (404).
CREATE TABLE agency_links_retired (
    hash TEXT PRIMARY KEY,
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    retired_at TEXT NOT NULL
);
CREATE INDEX agency_links_retired_referral ON agency_links_retired(referral_id);

-- +goose Down
DROP TABLE agency_links_retired;
