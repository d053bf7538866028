package csvimport

import (
	"fmt"
	"regexp"
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
	// Kind groups problems of the same sort for a summary: the file, the column and the
	// message with its values left out ("locations.csv organization_id: no organization …").
	Kind string
	// Count is how many rows or values the problem stands for, when it sums up several
	// (text repairs are counted per column); 0 means one.
	Count int
}

// N is how many rows or values the problem stands for.
func (p Problem) N() int {
	return max(p.Count, 1)
}

// KindOf is the problem's kind; for one without a kind of its own, its file, column and
// message with the quoted values left out.
func (p Problem) KindOf() string {
	if p.Kind != "" {
		return p.Kind
	}
	k := p.File
	if p.Field != "" {
		k += " " + p.Field
	}
	return k + ": " + quotedRE.ReplaceAllString(p.Msg, "…")
}

// quotedRE finds the quoted values in a message, which a kind leaves out.
var quotedRE = regexp.MustCompile(`"[^"]*"`)

// verbRE finds the formatting verbs of a message, which the values fill in.
var verbRE = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)

// kindOf makes the kind of a problem from its file, column and message format.
func kindOf(file, field, format string) string {
	k := file
	if field != "" {
		k += " " + field
	}
	return k + ": " + verbRE.ReplaceAllString(format, "…")
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
	*ps = append(*ps, Problem{File: r.t.file, Line: r.line, ID: r.get("id"), Field: field, Msg: fmt.Sprintf(format, args...),
		Kind: kindOf(r.t.file, field, format)})
}

func (ps *problems) fail(r row, field, format string, args ...any) {
	*ps = append(*ps, Problem{File: r.t.file, Line: r.line, ID: r.get("id"), Field: field, Msg: fmt.Sprintf(format, args...), Err: true,
		Kind: kindOf(r.t.file, field, format)})
}
