package csvimport

import (
	"errors"
	"fmt"
	"io/fs"
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
	// SuspectKm is how far (km) a location's coordinates may lie from the centre of its
	// address's ZIP code before they are flagged as suspect; 0 means DefaultSuspectKm.
	// Only ZIP codes the gazetteer knows are checked.
	SuspectKm float64
	// DropSuspect leaves suspect coordinates out instead of only flagging them.
	DropSuspect bool

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
	// Files names each table's file in the package ("service": "data/services.csv").
	Files map[string]string
	// Repaired counts, by table, the rows in which text hygiene repaired some value.
	Repaired map[string]int
	// SourceFrom says where Source came from: "option" (Options.Source), "package" (the
	// datapackage.json name) or "folder" (the folder's or archive's name, the last resort).
	SourceFrom string

	serviceSrc []string // the source ids of the services, to mint their ids under other names
}

// IDsUnder are the ids the package's services would have under another source's name, to
// find whether it was imported before under that name. Source ids that are UUIDs are kept
// under every name.
func (r *Result) IDsUnder(source string) []string {
	out := make([]string, 0, len(r.serviceSrc))
	for _, src := range r.serviceSrc {
		if directory.IsUUID(src) {
			out = append(out, src)
		} else {
			out = append(out, directory.StableID("csv", source, "service", src))
		}
	}
	return out
}

// templateName is the name in HSDS 1.x's template datapackage.json, which publishers
// often leave as it is: it does not tell one source from another.
const templateName = "human_services_data"

// Read reads the CSV package at dir: its folder, its datapackage.json or a .zip of it.
func Read(dir string, opts Options) (*Result, error) {
	fsys, folder, closeFn, err := openPath(dir)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	defer closeFn()
	opts.folder = folder
	res, err := ReadFS(fsys, opts)
	var se *SyntaxError
	if errors.As(err, &se) {
		se.File = filepath.Join(packageDir(dir), se.File) // already names the file: make it a path
		return nil, err
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	return res, nil
}

// packageDir is the path that the package's file names are relative to, for messages: the
// folder, the descriptor's folder, or the zip archive.
func packageDir(p string) string {
	if strings.EqualFold(filepath.Ext(p), ".json") {
		return filepath.Dir(p)
	}
	return p
}

// ReadFS reads the CSV package at the root of fsys. A syntax error in a file or a missing
// required column fails the whole package; anything narrower is a Problem or an Item.Err.
func ReadFS(fsys fs.FS, opts Options) (*Result, error) {
	p, probs, err := openPackage(fsys)
	if err != nil {
		return nil, err
	}
	src, from := strings.TrimSpace(opts.Source), "option"
	if src == "" && p.name != "" && p.name != templateName {
		src, from = p.name, "package"
	}
	if src == "" {
		src, from = opts.folder, "folder"
	}
	if src == "" {
		return nil, fmt.Errorf("the source has no name: give one (--source)")
	}
	cw := opts.Crosswalk
	if cw == nil {
		cw = DefaultCrosswalk()
	}
	b := newBuilder(p, src, cw)
	b.opts = opts
	b.probs = probs
	b.build()
	res := &Result{Source: src, Items: b.items, Problems: b.probs, Rows: map[string]int{}, Files: map[string]string{},
		Repaired: map[string]int{}, SourceFrom: from}
	for _, n := range b.svcOrder {
		res.serviceSrc = append(res.serviceSrc, n.src)
	}
	for name, t := range p.tables {
		res.Rows[name], res.Files[name], res.Repaired[name] = len(t.rows), t.file, t.repaired
	}
	return res, nil
}
