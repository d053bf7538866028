package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"handoff/directory"
	"handoff/directory/csvimport"
	"handoff/store"
)

// importOptions are the choices of one import; Source and Crosswalk concern CSV packages.
type importOptions struct {
	Strict    bool
	Source    string
	Crosswalk *csvimport.Crosswalk
	Format    string // "icarol" reads the files as iCarol / AIRS CSV exports
	// SuspectKm and DropSuspect are csvimport.Options' choices about coordinates.
	SuspectKm   float64
	DropSuspect bool

	report *importReport // what the import found, for the summary and --report
	st     *store.Store  // to match packages against the sources imported before
}

// prepare checks the options against the arguments and loads the crosswalk file. One
// --source for several packages would mint the same ids for their different "1"s.
func (o *importOptions) prepare(files []string, crosswalk string) error {
	dirs := 0
	for _, f := range files {
		if csvimport.IsPackage(f) {
			dirs++
		}
	}
	if o.Source != "" && dirs != 1 {
		return fmt.Errorf("--source names one CSV package; %d packages were given", dirs)
	}
	if crosswalk == "" {
		return nil
	}
	f, err := os.Open(crosswalk)
	if err != nil {
		return fmt.Errorf("--crosswalk: %w", err)
	}
	defer f.Close()
	if o.Crosswalk, err = csvimport.ParseCrosswalk(f); err != nil {
		return fmt.Errorf("--crosswalk %s: %w", crosswalk, err)
	}
	return nil
}

// readCSVPackage compiles a CSV package and queues its records. The package is read whole
// before anything is queued, so a file that cannot be parsed writes nothing of it; rows
// that are merely bad are reported with their file and line, and with --strict stop the
// import after all of them are listed.
func readCSVPackage(b *batcher, dir string, opts importOptions, errw io.Writer) error {
	copts := csvimport.Options{Source: opts.Source, Crosswalk: opts.Crosswalk, SuspectKm: opts.SuspectKm, DropSuspect: opts.DropSuspect}
	res, err := csvimport.Read(dir, copts)
	var match *note
	if err == nil {
		res, match, err = settleSource(b.ctx, opts.st, dir, res, copts, errw)
	}
	if err != nil {
		var se *csvimport.SyntaxError
		if errors.As(err, &se) && !opts.Strict { // strict says so for the whole import
			return fmt.Errorf("%w; nothing of %s was imported", err, dir)
		}
		return err
	}
	fmt.Fprintf(errw, "%s: HSDS 1.x CSV package, source %q: %d organizations, %d locations, %d services\n",
		dir, res.Source, res.Rows["organization"], res.Rows["location"], res.Rows["service"])
	base := dir
	if strings.EqualFold(filepath.Ext(dir), ".json") {
		base = filepath.Dir(dir) // the descriptor's file names are relative to its folder
	}
	at := func(p string) string { return filepath.Clean(base) + string(filepath.Separator) + p }
	if opts.report != nil {
		opts.report.addSource(sourceOf(dir, res), at)
	}
	if match != nil {
		b.cur.warnings++
		b.cur.notes = append(b.cur.notes, *match)
	}
	bad := b.noteProblems(res.Problems, res.Items, at, func(it csvimport.Item) note {
		n := csvNote(csvimport.Problem{File: it.File, Line: it.Err.Line, ID: strings.TrimPrefix(it.Err.ID, "id "), Err: true,
			Msg: it.Err.Fields.Error(), Kind: it.File + " rejected: " + firstField(it.Err.Fields)}, at)
		n.ex.text = fmt.Sprintf("%s:%v", at(it.File), it.Err)
		return n
	})
	if bad && opts.Strict {
		return errStrict
	}
	var bar *progressbar.ProgressBar
	if f, ok := errw.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar = progressbar.Default(int64(len(res.Items)), "importing "+dir)
		defer bar.Finish()
	}
	for _, it := range res.Items {
		if bar != nil {
			bar.Add(1)
		}
		if it.Err != nil {
			continue
		}
		if err := b.add(it.Record, at(it.File)); err != nil {
			return err
		}
	}
	return nil
}

// noteProblems counts a compiled file's problems, its records' warnings and its rejected
// records in the batch, each with its note (rejected makes a rejected record's own), and
// answers whether any row was bad: the CSV package and the iCarol export report alike.
func (b *batcher) noteProblems(problems []csvimport.Problem, items []csvimport.Item, at func(string) string,
	rejected func(csvimport.Item) note) (bad bool) {
	for _, p := range problems {
		if p.Err {
			b.cur.rejected++
			bad = true
		} else {
			b.cur.warnings++
		}
		b.cur.notes = append(b.cur.notes, csvNote(p, at))
	}
	for _, it := range items {
		for _, w := range it.Warnings {
			b.cur.warnings++
			b.cur.notes = append(b.cur.notes, csvNote(w, at))
		}
		if it.Err != nil {
			b.cur.rejected++
			b.cur.notes = append(b.cur.notes, rejected(it))
			bad = true
		}
	}
	return bad
}

// csvNote is the note of a package's problem: its kind, and its row as an example.
func csvNote(p csvimport.Problem, at func(string) string) note {
	return note{kind: p.KindOf(), err: p.Err, count: p.N(),
		ex: example{File: at(p.File), Line: p.Line, Column: p.Field, ID: p.ID, Message: p.Msg, text: at(p.Error())}}
}

// firstField is the field a record's rejection names first, with list indexes left out.
func firstField(fe directory.FieldErrors) string {
	if len(fe) == 0 {
		return "the record"
	}
	return indexRE.ReplaceAllString(fe[0].Field, "[]") + ": " + fe[0].Message
}

// sourceOf is a package's tables as the report counts them, in the order of the package.
func sourceOf(path string, res *csvimport.Result) *sourceReport {
	s := &sourceReport{Path: path, Source: res.Source}
	for _, name := range csvimport.Tables() {
		file, ok := res.Files[name]
		if !ok {
			continue
		}
		s.Tables = append(s.Tables, &tableReport{Table: name, File: file, Read: res.Rows[name], Repaired: res.Repaired[name]})
	}
	return s
}
