-- +goose Up
-- The sources that CSV packages were imported under. A package's ids are minted from its
-- source's name, so a later import of the same package under another name (another folder,
-- a forgotten --source) would double the directory: the import checks the package against
-- the sources remembered here, and takes a --source given once for the next imports.
CREATE TABLE import_sources (
    name TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE import_sources;
