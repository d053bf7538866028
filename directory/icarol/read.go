package icarol

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"handoff/directory/csvimport"
)

// Options are the choices of one import.
type Options struct {
	// Source names the directory the export comes from; ids are minted from it and the
	// record numbers, so importing the export again updates. Default: the file's name
	// without its extension.
	Source string
	// Crosswalk maps AIRS terms onto Handoff's vocabularies; nil means the built-in one.
	Crosswalk *csvimport.Crosswalk
}

// Counts say what the export held and what became of it.
type Counts struct {
	Agencies, Programs, Sites int
	// Inactive programs are not imported; inactive agencies only when an active program
	// needs them.
	InactivePrograms, InactiveAgencies int
	DoNotRefer, ExcludedFromWebsite    int
	HoursParsed, HoursAsText           int
}

// Result is an export compiled into records: organizations first, then services.
type Result struct {
	Source   string
	File     string
	Items    []csvimport.Item
	Problems []csvimport.Problem
	Counts   Counts
}

// row is one line of the export, read through the allowed columns only.
type row struct {
	line   int
	fields []string
	idx    map[string]int
}

// get returns a column's value, trimmed; "" when the column is absent or not allowed.
func (r row) get(col string) string {
	i, ok := r.idx[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// Read reads the export file at path.
func Read(path string, opts Options) (*Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if opts.Source == "" {
		opts.Source = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	}
	res, err := ReadFrom(f, filepath.Base(path), opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}

// ReadFrom reads an export from r; file names it in problems.
func ReadFrom(r io.Reader, file string, opts Options) (*Result, error) {
	src := strings.TrimSpace(opts.Source)
	if src == "" {
		return nil, errors.New("the source has no name: give one (--source)")
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	idx := map[string]int{}
	allowed := map[string]bool{}
	for _, c := range columns {
		allowed[c] = true
	}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if allowed[h] && !isStaff(h) {
			idx[h] = i
		}
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			return nil, fmt.Errorf("no %s column: this is not an iCarol / AIRS export", c)
		}
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w; nothing was read", err)
		}
		line, _ := cr.FieldPos(0)
		rows = append(rows, row{line: line, fields: rec, idx: idx})
	}
	cw := opts.Crosswalk
	if cw == nil {
		cw = csvimport.DefaultCrosswalk()
	}
	b := &builder{src: src, file: file, cw: cw, res: &Result{Source: src, File: file}}
	b.build(rows)
	return b.res, nil
}
