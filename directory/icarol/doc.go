// Package icarol reads a 211 resource export in the iCarol / AIRS layout (one CSV file,
// one row per agency, program or site, programs pointing to their agency through
// ParentAgencyNum) into compiled HSDS 3.0 records for the directory importer.
//
// Staff and internal columns (SeniorWorker*, MainContact*, LastVerifiedBy*,
// LastVerificationApprovedBy, InternalNotes*) are never read: the reader indexes only the
// columns listed in columns.go, so no value of theirs can reach a record.
package icarol
