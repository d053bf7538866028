-- +goose Up
-- An encounter's street address (issue 15): street_address is sealed like the notes;
-- address_key is a keyed hash of the building it names (care.Sealer.AddressKey: the
-- normalised address without its unit, and the town), by which the repeat-location
-- measure groups calls without opening any address.
ALTER TABLE encounters ADD COLUMN street_address TEXT NOT NULL DEFAULT '';
ALTER TABLE encounters ADD COLUMN address_key TEXT NOT NULL DEFAULT '';
-- The measure's covering index now carries the key too (the sealed address is read
-- from the table, for the few places shown).
DROP INDEX encounters_source_occurred;
CREATE INDEX encounters_source_occurred ON encounters(source, occurred_at)
    INCLUDE (location_precision, latitude, longitude, person_id, town, followed_up_at, id, address_key);

-- +goose Down
DROP INDEX encounters_source_occurred;
CREATE INDEX encounters_source_occurred ON encounters(source, occurred_at)
    INCLUDE (location_precision, latitude, longitude, person_id, town, followed_up_at, id);
ALTER TABLE encounters DROP COLUMN address_key;
ALTER TABLE encounters DROP COLUMN street_address;
