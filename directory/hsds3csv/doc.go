// Package hsds3csv reads and writes HSDS 3.0 tabular packages: the CSV form of HSDS 3.0
// that its datapackage.json describes (organizations.csv, services.csv,
// service_at_location.csv, schedules.csv, taxonomy_terms.csv, attributes.csv …), so that
// Handoff exchanges its directory with the other HSDS 3 tools both ways.
//
// Read compiles a package into directory.Record values, one per service (with its
// organization and locations) and one per organization no service names, for the store's
// importer. HSDS 3.0 ids are UUIDs and are kept. A row that names several owners (a phone
// with a service_id and a location_id) is kept once, under its most specific owner: the
// directory gives each row one owner. Write turns compiled services back into the tables,
// each with the header of the spec's datapackage.json in its field order.
package hsds3csv
