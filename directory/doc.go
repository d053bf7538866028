// Package directory holds the HSDS 3.0 model of the services directory (with the
// 3.1 draft's service_capacity), its validation, Handoff's own vocabularies and
// the rules that read it: open now (opennow.go), capacity, level-of-care matching
// (match.go), and what a write may do to the locations and terms other listings share
// (shared.go). It knows nothing of SQL or HTTP.
package directory
