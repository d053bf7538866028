-- +goose Up
-- The HSDS 3.0 directory (with the 3.1 draft's service_capacity). Columns follow HSDS
-- field names; "extra" keeps, as a JSON object, the members Handoff stores but does not
-- interpret (funding, contacts, metadata…), so an import followed by an export loses nothing.
-- Children keep their order in the record (pos), since order carries meaning: the
-- first phone is the main line.
-- Internal times (updated_at, changed_at) are UTC RFC 3339 text with fixed width, so that
-- the same SQL compares them on SQLite and PostgreSQL.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    alternate_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    tax_status TEXT NOT NULL DEFAULT '',
    tax_id TEXT NOT NULL DEFAULT '',
    year_incorporated DOUBLE PRECISION,
    legal_status TEXT NOT NULL DEFAULT '',
    logo TEXT NOT NULL DEFAULT '',
    uri TEXT NOT NULL DEFAULT '',
    parent_organization_id TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    organization_id TEXT REFERENCES organizations(id),
    program_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    alternate_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    interpretation_services TEXT NOT NULL DEFAULT '',
    application_process TEXT NOT NULL DEFAULT '',
    fees_description TEXT NOT NULL DEFAULT '',
    wait_time TEXT NOT NULL DEFAULT '',
    fees TEXT NOT NULL DEFAULT '',
    accreditations TEXT NOT NULL DEFAULT '',
    eligibility_description TEXT NOT NULL DEFAULT '',
    minimum_age DOUBLE PRECISION,
    maximum_age DOUBLE PRECISION,
    assured_date TEXT NOT NULL DEFAULT '',
    assurer_email TEXT NOT NULL DEFAULT '',
    licenses TEXT NOT NULL DEFAULT '',
    alert TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX services_organization ON services(organization_id);
CREATE INDEX services_updated ON services(updated_at);

CREATE TABLE locations (
    id TEXT PRIMARY KEY,
    location_type TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    organization_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    alternate_name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    transportation TEXT NOT NULL DEFAULT '',
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    external_identifier TEXT NOT NULL DEFAULT '',
    external_identifier_type TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
);
CREATE INDEX locations_organization ON locations(organization_id);

CREATE TABLE service_at_location (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
    description TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sal_service ON service_at_location(service_id);
CREATE INDEX sal_location ON service_at_location(location_id);

CREATE TABLE addresses (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL REFERENCES locations(id) ON DELETE CASCADE,
    attention TEXT NOT NULL DEFAULT '',
    address_1 TEXT NOT NULL,
    address_2 TEXT NOT NULL DEFAULT '',
    city TEXT NOT NULL,
    region TEXT NOT NULL DEFAULT '',
    state_province TEXT NOT NULL DEFAULT '',
    postal_code TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    address_type TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX addresses_location ON addresses(location_id);
CREATE INDEX addresses_postal ON addresses(postal_code);

-- A phone, schedule or language has one owner; the owner columns that do not apply are ''.
CREATE TABLE phones (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL DEFAULT '',
    service_id TEXT NOT NULL DEFAULT '',
    organization_id TEXT NOT NULL DEFAULT '',
    contact_id TEXT NOT NULL DEFAULT '',
    service_at_location_id TEXT NOT NULL DEFAULT '',
    number TEXT NOT NULL,
    extension DOUBLE PRECISION,
    type TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX phones_service ON phones(service_id);
CREATE INDEX phones_location ON phones(location_id);
CREATE INDEX phones_organization ON phones(organization_id);
CREATE INDEX phones_sal ON phones(service_at_location_id);

CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL DEFAULT '',
    location_id TEXT NOT NULL DEFAULT '',
    service_at_location_id TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to TEXT NOT NULL DEFAULT '',
    dtstart TEXT NOT NULL DEFAULT '',
    timezone DOUBLE PRECISION,
    until TEXT NOT NULL DEFAULT '',
    count DOUBLE PRECISION,
    wkst TEXT NOT NULL DEFAULT '',
    freq TEXT NOT NULL DEFAULT '',
    "interval" DOUBLE PRECISION,
    byday TEXT NOT NULL DEFAULT '',
    byweekno TEXT NOT NULL DEFAULT '',
    bymonthday TEXT NOT NULL DEFAULT '',
    byyearday TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    opens_at TEXT NOT NULL DEFAULT '',
    closes_at TEXT NOT NULL DEFAULT '',
    schedule_link TEXT NOT NULL DEFAULT '',
    attending_type TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX schedules_service ON schedules(service_id);
CREATE INDEX schedules_location ON schedules(location_id);
CREATE INDEX schedules_sal ON schedules(service_at_location_id);

CREATE TABLE service_areas (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    extent TEXT NOT NULL DEFAULT '',
    extent_type TEXT NOT NULL DEFAULT '',
    uri TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_areas_service ON service_areas(service_id);

CREATE TABLE languages (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL DEFAULT '',
    location_id TEXT NOT NULL DEFAULT '',
    phone_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    code TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX languages_service ON languages(service_id);
CREATE INDEX languages_location ON languages(location_id);

CREATE TABLE cost_options (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    valid_from TEXT NOT NULL DEFAULT '',
    valid_to TEXT NOT NULL DEFAULT '',
    option TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL DEFAULT '',
    amount DOUBLE PRECISION,
    amount_description TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cost_options_service ON cost_options(service_id);

CREATE TABLE taxonomies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    uri TEXT NOT NULL DEFAULT '',
    version TEXT NOT NULL DEFAULT ''
);

CREATE TABLE taxonomy_terms (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    parent_id TEXT NOT NULL DEFAULT '',
    taxonomy TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    taxonomy_id TEXT NOT NULL DEFAULT '',
    term_uri TEXT NOT NULL DEFAULT ''
);
CREATE INDEX taxonomy_terms_taxonomy ON taxonomy_terms(taxonomy_id);
CREATE INDEX taxonomy_terms_code ON taxonomy_terms(taxonomy, code);

CREATE TABLE attributes (
    id TEXT PRIMARY KEY,
    link_id TEXT NOT NULL,
    taxonomy_term_id TEXT NOT NULL REFERENCES taxonomy_terms(id),
    link_type TEXT NOT NULL DEFAULT '',
    link_entity TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attributes_link ON attributes(link_id);
CREATE INDEX attributes_term ON attributes(taxonomy_term_id);

CREATE TABLE service_capacity (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    unit_id TEXT NOT NULL DEFAULT '',
    available DOUBLE PRECISION,
    maximum DOUBLE PRECISION,
    description TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL DEFAULT '',
    extra TEXT NOT NULL DEFAULT '',
    pos INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX service_capacity_service ON service_capacity(service_id);

-- The change feed: every directory write adds a row in the same transaction. The search
-- index (and later webhooks) follow it by sequence number.
CREATE TABLE changes (
    seq BIGSERIAL PRIMARY KEY,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    op TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE changes;
DROP TABLE service_capacity;
DROP TABLE attributes;
DROP TABLE taxonomy_terms;
DROP TABLE taxonomies;
DROP TABLE cost_options;
DROP TABLE languages;
DROP TABLE service_areas;
DROP TABLE schedules;
DROP TABLE phones;
DROP TABLE addresses;
DROP TABLE service_at_location;
DROP TABLE locations;
DROP TABLE services;
DROP TABLE organizations;
