package csvimport

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// table is one CSV file of the package, read whole: packages are small (a county's
// directory is a few thousand rows) and the joins between files need every row anyway.
type table struct {
	file string         // the file name, for messages
	cols map[string]int // canonical column name → position
	rows []row
	// repaired counts the rows in which text hygiene changed some value.
	repaired int
}

// row is one record of a table with the line it starts on.
type row struct {
	t      *table
	line   int
	fields []string
}

// get returns the trimmed value of a column, "" when the table lacks it.
func (r row) get(col string) string {
	i, ok := r.t.cols[col]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// has reports whether the table has the column at all.
func (t *table) has(col string) bool {
	_, ok := t.cols[col]
	return ok
}

// SyntaxError is CSV that cannot be read on: a quote left open swallows the rest of the
// file, so no row after it can be trusted. It names the file, line, column and field.
type SyntaxError struct {
	File   string
	Line   int
	Column int    // 1-based byte position in the line
	Field  string // the header name of the field, when known
	Err    error
}

// Error says where the CSV broke.
func (e *SyntaxError) Error() string {
	field := ""
	if e.Field != "" {
		field = fmt.Sprintf(" (column %q)", e.Field)
	}
	return fmt.Sprintf("%s:line %d, byte %d%s: %v", e.File, e.Line, e.Column, field, e.Err)
}

// Unwrap gives the encoding/csv error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// readTable reads one file against its spec. Header names are matched without regard to
// case, surrounding space, a byte-order mark or spaces for underscores, and through the
// spec's aliases. A missing required column or a syntax error is an error; an unknown
// column and a row of the wrong width are problems, so that one bad row does not cost the
// rest of the file.
func readTable(name string, data []byte, sp *spec) (*table, []Problem, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	t := &table{file: name, cols: map[string]int{}}
	var probs []Problem
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("%s: the file is empty; it needs at least a header row", name)
	}
	if err != nil {
		return nil, nil, syntaxError(name, data, nil, err)
	}
	var fx fixes
	names := make([]string, len(header))
	for i, h := range header {
		c := sp.canonical(h)
		names[i] = c
		switch {
		case c == "":
			if i == len(header)-1 && i > 0 {
				continue // a trailing comma on the header line
			}
			probs = append(probs, Problem{File: name, Line: 1, Field: fmt.Sprintf("#%d", i+1), Msg: "column has no name; ignored"})
		case t.has(c):
			return nil, nil, fmt.Errorf("%s:line 1: column %q appears twice", name, c)
		default:
			t.cols[c] = i
			if !sp.knows(c) {
				probs = append(probs, Problem{File: name, Line: 1, Field: strings.TrimSpace(h),
					Msg: fmt.Sprintf("is not a column of HSDS 1.x's %s table; ignored", sp.name)})
			}
		}
	}
	for _, req := range sp.required {
		if !t.has(req) {
			return nil, nil, fmt.Errorf("%s: missing required column %q (the header has %s)", name, req, strings.Join(slices.DeleteFunc(slices.Clone(names), func(s string) bool { return s == "" }), ", "))
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, syntaxError(name, data, header, err)
		}
		line, _ := cr.FieldPos(0)
		if p, ok := widthProblem(name, line, header, rec, t); !ok {
			probs = append(probs, p)
			continue
		}
		if allEmpty(rec) {
			continue
		}
		if fx.cleanRow(names, line, rec) {
			t.repaired++
		}
		t.rows = append(t.rows, row{t: t, line: line, fields: rec})
	}
	return t, append(probs, fx.problems(name)...), nil
}

// fixes counts text hygiene's repairs of one file by column and kind, with the first line.
type fixes struct {
	order []fixKey
	seen  map[fixKey]*fixCount
}

type fixKey struct{ col, kind string }

type fixCount struct{ n, line int }

// cleanRow repairs the row's values in place and reports whether any changed.
func (fx *fixes) cleanRow(names []string, line int, rec []string) bool {
	changed := false
	for i, v := range rec {
		col := ""
		if i < len(names) {
			col = names[i]
		}
		rec[i] = clean(v, func(kind string) {
			changed = true
			k := fixKey{col, kind}
			if fx.seen == nil {
				fx.seen = map[fixKey]*fixCount{}
			}
			c := fx.seen[k]
			if c == nil {
				c = &fixCount{line: line}
				fx.seen[k] = c
				fx.order = append(fx.order, k)
			}
			c.n++
		})
	}
	return changed
}

// problems reports each kind of repair of each column once, with how many values it fixed.
func (fx *fixes) problems(file string) []Problem {
	var out []Problem
	for _, k := range fx.order {
		c := fx.seen[k]
		out = append(out, Problem{File: file, Line: c.line, Field: k.col, Kind: "repaired: " + k.kind, Count: c.n,
			Msg: fmt.Sprintf("%s (%s)", k.kind, valuesCount(c.n))})
	}
	return out
}

func valuesCount(n int) string {
	if n == 1 {
		return "1 value"
	}
	return fmt.Sprintf("%d values", n)
}

// widthProblem checks that a row has as many fields as the header. Extra empty fields
// (a trailing comma) are harmless; any other difference shifts every later value into the
// wrong column, so the row cannot be read.
func widthProblem(name string, line int, header, rec []string, t *table) (Problem, bool) {
	if len(rec) == len(header) || (len(rec) > len(header) && allEmpty(rec[len(header):])) {
		return Problem{}, true
	}
	p := Problem{File: name, Line: line, Err: true}
	if i, ok := t.cols["id"]; ok && i < len(rec) {
		p.ID = strings.TrimSpace(rec[i])
	}
	if len(rec) < len(header) {
		p.Field = strings.TrimSpace(header[len(rec)])
		p.Msg = fmt.Sprintf("the row has %d fields but the header has %d: %q and the columns after it are missing", len(rec), len(header), p.Field)
	} else {
		p.Msg = fmt.Sprintf("the row has %d fields but the header has %d (an unquoted comma in a value?)", len(rec), len(header))
	}
	return p, false
}

func allEmpty(fs []string) bool {
	for _, f := range fs {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// syntaxError turns an encoding/csv error into one that names the header column where
// the parse broke, found by counting the separators before the byte it points at.
func syntaxError(name string, data []byte, header []string, err error) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", name, err)
	}
	se := &SyntaxError{File: name, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	if pe.StartLine == pe.Line && header != nil {
		if i := fieldAt(lineText(data, pe.Line), pe.Column); i >= 0 && i < len(header) {
			se.Field = strings.TrimSpace(header[i])
		}
	}
	return se
}

func lineText(data []byte, line int) []byte {
	for n := 1; n < line; n++ {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			return nil
		}
		data = data[i+1:]
	}
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[:i]
	}
	return data
}

// fieldAt is the index of the field holding byte col (1-based) of a CSV line.
func fieldAt(line []byte, col int) int {
	field, quoted := 0, false
	for i := 0; i < len(line) && i < col-1; i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ',':
			if !quoted {
				field++
			}
		}
	}
	return field
}
