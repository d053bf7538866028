package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"handoff/directory/csvimport"
)

// importOptions are the choices of one import; Source and Crosswalk concern CSV packages.
type importOptions struct {
	Strict    bool
	Source    string
	Crosswalk *csvimport.Crosswalk
	Format    string // "icarol" reads the files as iCarol / AIRS CSV exports
}

// prepare checks the options against the arguments and loads the crosswalk file. One
// --source for several packages would mint the same ids for their different "1"s.
func (o *importOptions) prepare(files []string, crosswalk string) error {
	dirs := 0
	for _, f := range files {
		if isDir(f) {
			dirs++
		}
	}
	if o.Source != "" && dirs != 1 {
		return fmt.Errorf("--source names one CSV package; %d folders were given", dirs)
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

func isDir(name string) bool {
	if name == "-" {
		return false
	}
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// readCSVPackage compiles a CSV package and queues its records. The package is read whole
// before anything is queued, so a file that cannot be parsed writes nothing of it; rows
// that are merely bad are reported with their file and line, and with --strict stop the
// import after all of them are listed.
func readCSVPackage(b *batcher, dir string, opts importOptions, errw io.Writer) error {
	res, err := csvimport.Read(dir, csvimport.Options{Source: opts.Source, Crosswalk: opts.Crosswalk})
	if err != nil {
		var se *csvimport.SyntaxError
		if errors.As(err, &se) && !opts.Strict { // strict says so for the whole import
			return fmt.Errorf("%w; nothing of %s was imported", err, dir)
		}
		return err
	}
	fmt.Fprintf(errw, "%s: HSDS 1.x CSV package, source %q: %d organizations, %d locations, %d services\n",
		dir, res.Source, res.Rows["organization"], res.Rows["location"], res.Rows["service"])
	at := func(p string) string { return filepath.Clean(dir) + string(filepath.Separator) + p }
	bad := false
	for _, p := range res.Problems {
		if p.Err {
			b.cur.rejected++
			bad = true
		} else {
			b.cur.warnings++
		}
		b.cur.notes = append(b.cur.notes, at(p.Error()))
	}
	for _, it := range res.Items {
		for _, w := range it.Warnings {
			b.cur.warnings++
			b.cur.notes = append(b.cur.notes, at(w.Error()))
		}
		if it.Err != nil {
			b.cur.rejected++
			b.cur.notes = append(b.cur.notes, fmt.Sprintf("%s:%v", at(it.File), it.Err))
			bad = true
		}
	}
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
