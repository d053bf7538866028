package hsds3csv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"handoff/directory"
	"handoff/directory/csvimport"
)

// row is one row of a table with the line it starts on; its values are as written, and its
// ids (the id column and every *_id column) are UUIDs.
type row struct {
	file string
	line int
	m    map[string]string
}

func (r row) get(col string) string { return r.m[col] }

// obj is the row as a JSON object of its non-empty columns, for the tables the directory
// keeps as JSON beside a record (funding, contacts, programs…).
func (r row) obj() map[string]any {
	o := make(map[string]any, len(r.m))
	for k, v := range r.m {
		if v != "" {
			o[k] = v
		}
	}
	return o
}

// isIDColumn reports whether a column holds an id of a row: HSDS 3.0's are UUIDs. (An
// organization's tax_id is a number of the tax authority's.)
func isIDColumn(col string) bool {
	return col == "id" || (strings.HasSuffix(col, "_id") && col != "tax_id")
}

// uuidOf keeps a UUID and derives one from any other id, the same one wherever the id is
// used, so that the package's references still meet.
func uuidOf(v string) string {
	if v == "" || directory.IsUUID(v) {
		return v
	}
	if directory.IsUUID(strings.ToLower(v)) {
		return strings.ToLower(v)
	}
	return directory.StableID("hsds3csv", v)
}

// readTables reads every table of the spec that the package has. A file that is not CSV
// fails the package; a column the spec does not have is a problem (its values are not
// imported), and so is a row of the wrong width.
func readTables(fsys fs.FS) (map[string][]row, map[string]string, []csvimport.Problem, error) {
	out := map[string][]row{}
	files := map[string]string{}
	var probs []csvimport.Problem
	for _, t := range tables {
		data, err := fs.ReadFile(fsys, t.File)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, nil, nil, fmt.Errorf("%s: %w", t.File, err)
		}
		rows, p, err := readTable(t, data)
		if err != nil {
			return nil, nil, nil, err
		}
		out[t.Name], files[t.Name] = rows, t.File
		probs = append(probs, p...)
	}
	if files["service"] == "" {
		return nil, nil, nil, errors.New("no services.csv: not an HSDS 3.0 package")
	}
	return out, files, probs, nil
}

func readTable(t Table, data []byte) ([]row, []csvimport.Problem, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		if len(data) == 0 {
			return nil, nil, nil
		}
		return nil, nil, fmt.Errorf("%s: the header: %w", t.File, err)
	}
	known := map[string]bool{}
	for _, f := range t.Fields {
		known[f] = true
	}
	var probs []csvimport.Problem
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		header[i] = h
		if !known[h] {
			probs = append(probs, csvimport.Problem{File: t.File, Line: 1, Field: h,
				Msg: "is not a column of the HSDS 3.0 table: its values were not imported"})
		}
	}
	var rows []row
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", t.File, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a blank line
		}
		if len(rec) != len(header) {
			probs = append(probs, csvimport.Problem{File: t.File, Line: line,
				Msg: fmt.Sprintf("has %d values for %d columns: the values beyond the header were not imported", len(rec), len(header))})
		}
		r := row{file: t.File, line: line, m: make(map[string]string, len(header))}
		for i, h := range header {
			if i >= len(rec) || !known[h] {
				continue
			}
			// Values are kept as they are, spaces and all, so that a package read and
			// written again is the same; only a value of nothing but spaces is empty.
			v := rec[i]
			if strings.TrimSpace(v) == "" {
				v = ""
			}
			if isIDColumn(h) {
				v = uuidOf(strings.TrimSpace(v))
			}
			r.m[h] = v
		}
		rows = append(rows, r)
	}
	return rows, probs, nil
}

// num reads a number column; a value that is not a number is a problem and left out.
func (b *builder) num(r row, col string) *float64 {
	v := r.get(col)
	if v == "" {
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		b.warn(r, col, "%q is not a number: left out", v)
		return nil
	}
	return &f
}
