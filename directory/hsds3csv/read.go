package hsds3csv

import (
	"fmt"
	"io/fs"

	"handoff/directory"
	"handoff/directory/csvimport"
)

// Item is one record of the package, ready for the importer: a compiled service, or an
// organization that no service names (with its locations), normalized and validated.
type Item struct {
	Record   directory.Record
	File     string                 // the file of the record's row: "services.csv"
	Warnings []csvimport.Problem    // values repaired or left out
	Err      *directory.RecordError // the record cannot be imported, and why
}

// Result is a package compiled into records.
type Result struct {
	Items []Item
	// Problems are about rows that are not records themselves (a phone, an attribute) and
	// whole files: rows left out (Err) and warnings.
	Problems []csvimport.Problem
	// Rows counts the rows read by table ("service", "phone" …); Files names their files.
	Rows  map[string]int
	Files map[string]string
}

// Read reads the HSDS 3.0 package at p: its folder, its datapackage.json or a .zip.
func Read(p string) (*Result, error) {
	fsys, _, closeFn, err := csvimport.OpenPackage(p, isDescriptor)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	defer closeFn()
	res, err := ReadFS(fsys)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return res, nil
}

// ReadFS reads the package at the root of fsys. A file that is not CSV fails the whole
// package; anything narrower is a Problem or an Item.Err.
func ReadFS(fsys fs.FS) (*Result, error) {
	rows, files, probs, err := readTables(fsys)
	if err != nil {
		return nil, err
	}
	b := newBuilder(rows)
	b.probs = probs
	b.build()
	res := &Result{Items: b.items, Problems: b.probs, Rows: map[string]int{}, Files: files}
	for name, rs := range rows {
		res.Rows[name] = len(rs)
	}
	return res, nil
}
