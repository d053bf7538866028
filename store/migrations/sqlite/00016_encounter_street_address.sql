-- +goose Up
-- An encounter's street address (issue 15): street_address is sealed like the notes;
-- address_key is a keyed hash of the building it names (care.Sealer.AddressKey: the
-- normalised address without its unit, and the town), by which the repeat-location
-- measure groups calls without opening any address.
ALTER TABLE encounters ADD COLUMN street_address TEXT NOT NULL DEFAULT '';
ALTER TABLE encounters ADD COLUMN address_key TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE encounters DROP COLUMN address_key;
ALTER TABLE encounters DROP COLUMN street_address;
