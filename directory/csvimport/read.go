package csvimport

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"handoff/directory"
)

// Options are the choices of one import.
type Options struct {
	// Source names the directory the package comes from; ids that are not UUIDs are
	// minted from it. Default: the datapackage.json name, else the folder's name. Two
	// packages of different sources must not share a name, or their "1"s collide.
	Source string
	// Crosswalk maps source terms onto Handoff's vocabularies; nil means DefaultCrosswalk.
	Crosswalk *Crosswalk

	folder string // the folder's name, the last resort for Source
}

// Item is one record of the package, ready for the importer: a compiled service (or an
// organization whose locations no service uses), already normalized and validated.
type Item struct {
	Record   directory.Record
	File     string    // the file the record's row is in, such as "services.csv"
	Warnings []Problem // values that were repaired or dropped
	// Err rejects the record: its row or a row it needs is broken. It names the file and
	// line of the row, the column and the reason.
	Err *directory.RecordError
}

// Result is a package compiled into records.
type Result struct {
	Source string
	Items  []Item
	// Problems are about rows that are not records themselves (a phone, a schedule, a
	// taxonomy term) and about whole files: skipped rows (Err) and warnings.
	Problems []Problem
	// Rows counts the rows read, by table ("service", "phone" …).
	Rows map[string]int
}

// templateName is the name in HSDS 1.x's template datapackage.json, which publishers
// often leave as it is: it does not tell one source from another.
const templateName = "human_services_data"

// Read reads the CSV package in the folder dir.
func Read(dir string, opts Options) (*Result, error) {
	opts.folder = filepath.Base(filepath.Clean(dir))
	if abs, err := filepath.Abs(dir); err == nil {
		opts.folder = filepath.Base(abs)
	}
	res, err := ReadFS(os.DirFS(dir), opts)
	var se *SyntaxError
	if errors.As(err, &se) {
		se.File = filepath.Join(dir, se.File) // already names the file: make it a path
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return res, nil
}

// ReadFS reads the CSV package at the root of fsys. A syntax error in a file or a missing
// required column fails the whole package; anything narrower is a Problem or an Item.Err.
func ReadFS(fsys fs.FS, opts Options) (*Result, error) {
	p, probs, err := openPackage(fsys)
	if err != nil {
		return nil, err
	}
	src := strings.TrimSpace(opts.Source)
	if src == "" && p.name != "" && p.name != templateName {
		src = p.name
	}
	if src == "" {
		src = opts.folder
	}
	if src == "" {
		return nil, fmt.Errorf("the source has no name: give one (--source)")
	}
	cw := opts.Crosswalk
	if cw == nil {
		cw = DefaultCrosswalk()
	}
	b := newBuilder(p, src, cw)
	b.probs = probs
	b.build()
	res := &Result{Source: src, Items: b.items, Problems: b.probs, Rows: map[string]int{}}
	for name, t := range p.tables {
		res.Rows[name] = len(t.rows)
	}
	return res, nil
}
