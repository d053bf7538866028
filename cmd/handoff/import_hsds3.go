package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"handoff/directory/hsds3csv"
)

// readHSDS3 compiles an HSDS 3.0 tabular package and queues its records, as
// readCSVPackage does an HSDS 1.x package: the package is read whole first, problems name
// the file, line and column, a rejected record leaves the others, and --strict writes
// nothing when any row is bad. Its ids are UUIDs and are kept, so no source name is needed.
func readHSDS3(b *batcher, name string, opts importOptions, errw io.Writer) error {
	res, err := hsds3csv.Read(name)
	if err != nil {
		return fmt.Errorf("%w; nothing of it was imported", err)
	}
	fmt.Fprintf(errw, "%s: HSDS 3.0 tabular package: %d organizations, %d locations, %d services\n",
		name, res.Rows["organization"], res.Rows["location"], res.Rows["service"])
	base := name
	if strings.EqualFold(filepath.Ext(name), ".json") {
		base = filepath.Dir(name)
	}
	at := func(p string) string { return filepath.Clean(base) + string(filepath.Separator) + p }
	if opts.report != nil {
		s := &sourceReport{Path: name, Source: "hsds3"}
		for _, t := range hsds3csv.Tables() {
			if file, ok := res.Files[t.Name]; ok {
				s.Tables = append(s.Tables, &tableReport{Table: t.Name, File: file, Read: res.Rows[t.Name]})
			}
		}
		opts.report.addSource(s, at)
	}
	bad := false
	for _, p := range res.Problems {
		if p.Err {
			b.cur.rejected++
			bad = true
		} else {
			b.cur.warnings++
		}
		b.cur.notes = append(b.cur.notes, csvNote(p, at))
	}
	for _, it := range res.Items {
		for _, w := range it.Warnings {
			b.cur.warnings++
			b.cur.notes = append(b.cur.notes, csvNote(w, at))
		}
		if it.Err != nil {
			b.cur.rejected++
			n := note{kind: it.File + " rejected: " + firstField(it.Err.Fields), err: true, ex: example{File: at(it.File), Line: it.Err.Line,
				ID: it.Err.ID, Message: it.Err.Fields.Error(), text: fmt.Sprintf("%s:%v", at(it.File), it.Err)}}
			b.cur.notes = append(b.cur.notes, n)
			bad = true
		}
	}
	if bad && opts.Strict {
		return errStrict
	}
	for _, it := range res.Items {
		if it.Err != nil {
			continue
		}
		if err := b.add(it.Record, at(it.File)); err != nil {
			return err
		}
	}
	return nil
}
