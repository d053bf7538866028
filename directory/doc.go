// Package directory holds the HSDS 3.0 model of the services directory (with the
// 3.1 draft's service_capacity), its validation, Handoff's own vocabularies and
// the rules that read it. It knows nothing of SQL or HTTP.
package directory
