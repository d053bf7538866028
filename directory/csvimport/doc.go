// Package csvimport reads an HSDS 1.x CSV package (the Open Referral Tabular Data Package:
// organizations.csv, services.csv, locations.csv, phones.csv …) or the close Ohana API
// variant, and compiles it into HSDS 3.0 services that the JSON importer's pipeline writes.
//
// Source ids that are UUIDs are kept; others become version-5 UUIDs derived from the
// source's name, the table and the id, so that importing the same package again updates
// the same services instead of adding copies. Source taxonomy terms and keywords stay on
// each service as attributes of their own taxonomies; a crosswalk (crosswalk.csv) adds
// the handoff:need and handoff:level_of_care terms that search filters on.
package csvimport
