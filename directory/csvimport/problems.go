package csvimport

import (
	"fmt"
	"strings"
)

// Problem is something wrong with one row or one column of the package. With Err the row
// was left out (a phone with no number, a schedule of a service that does not exist);
// without, the row was imported and the bad value repaired or dropped, as the message says.
type Problem struct {
	File  string // the file name, such as "phones.csv"
	Line  int    // the line the row starts on; 0 for the whole file
	ID    string // the row's id in the source, when it has one
	Field string // the column, or for a compiled service the HSDS field path
	Msg   string
	Err   bool
}

// Error reads "phones.csv:line 12 (id 57): number: is required".
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		fmt.Fprintf(&b, ":line %d", p.Line)
	}
	if p.ID != "" {
		fmt.Fprintf(&b, " (id %s)", p.ID)
	}
	b.WriteString(": ")
	if !p.Err {
		b.WriteString("warning: ")
	}
	if p.Field != "" {
		b.WriteString(p.Field + ": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// problems collects the problems of one import.
type problems []Problem

func (ps *problems) warn(r row, field, format string, args ...any) {
	*ps = append(*ps, Problem{File: r.t.file, Line: r.line, ID: r.get("id"), Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (ps *problems) fail(r row, field, format string, args ...any) {
	*ps = append(*ps, Problem{File: r.t.file, Line: r.line, ID: r.get("id"), Field: field, Msg: fmt.Sprintf(format, args...), Err: true})
}
