-- +goose Up
-- An in-app notice keeps the service's name beside its kind, so that it is said in its
-- reader's language when it is read (issue 17); text stays its English, as written. The
-- notices written before are given the name of their referral's service.
ALTER TABLE user_notices ADD COLUMN service_name TEXT NOT NULL DEFAULT '';
UPDATE user_notices SET service_name = COALESCE((SELECT s.name FROM referrals r JOIN services s ON s.id = r.service_id
    WHERE r.id = user_notices.referral_id), '');

-- +goose Down
ALTER TABLE user_notices DROP COLUMN service_name;
