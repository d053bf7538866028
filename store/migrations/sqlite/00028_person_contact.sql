-- +goose Up
-- How a person may be contacted (issue 16): '' (not asked), 'text' (agreed to text
-- messages: the delivery worker may text them that their referral was sent), 'none'
-- (asked not to be contacted: never texted, whatever else says so).
ALTER TABLE people ADD COLUMN contact TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE people DROP COLUMN contact;
