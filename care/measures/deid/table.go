// Package deid is the measures' one de-identification rule and their one table model.
// A measure builds a Report (tables of cells, and the linear relations its figures obey:
// a total is the sum of its parts); Rule.Apply suppresses small counts and, by
// complementary suppression, whatever would give a suppressed count back; JSON and CSV
// are then two encoders of the same suppressed report, so they agree cell by cell.
//
// Like the measures, it never imports the store, an HTTP framework or a SQL driver.
package deid

import (
	"time"
)

// Kind is what a cell holds, which decides how it is suppressed and encoded.
type Kind int

// The kinds of cells.
const (
	// Text is a label (a town, a need, a month); never suppressed.
	Text Kind = iota
	// Count is a number of people's events (calls, encounters, referrals): suppressed
	// when small, and complementarily when a relation would give a suppressed one back.
	Count
	// Workload is a count about staff, not about the people served (interactions per
	// shift per peer): never suppressed.
	Workload
	// Known is a count the report shows anyway by its shape, such as the number of
	// places when every place is a row: never suppressed (withholding it would hide
	// nothing), and a known term of the relations it is in.
	Known
	// Number is a figure that is not a count (a radius, a mean of staff figures).
	Number
	// Ratio is Num ÷ Den, shown only when both clear the threshold.
	Ratio
	// Difference is A − B, shown only when both are shown.
	Difference
	// Statistic is a median or mean over N people's events, shown only when N clears
	// the threshold (a median of one is that person's figure).
	Statistic
	// When is an instant, shown at the cell's precision; in a row with a suppressed
	// cell it is coarsened to the month.
	When
	// Bool is true or false; never suppressed.
	Bool
	// Hidden is an unknown that is never shown: a part of a total the report does not
	// list (places cut by a limit). It only takes part in relations.
	Hidden
)

// Precision is how much of an instant a When cell shows.
type Precision int

// Precisions of a When cell.
const (
	Exact Precision = iota // RFC 3339, to the second, in UTC
	Day                    // 2006-01-02 in the report's zone
	Month                  // 2006-01 in the report's zone
)

// Cell is one figure of a table. Make it with the constructors (TextCell, CountCell, …).
type Cell struct {
	Kind Kind
	S    string    // Text
	N    int       // Count, Workload; Statistic: how many events it is over
	X    *float64  // Number, Statistic; nil when there is nothing to measure
	T    time.Time // When
	P    Precision // When
	B    bool      // Bool
	// Num and Den are a Ratio's counts; Minuend and Subtrahend a Difference's.
	Num, Den, Minuend, Subtrahend *Cell
	// Tied cells are withheld with the cell they are tied to (a place's point with its
	// number of calls: a point with two calls may be someone's home).
	Tied *Cell
	// Suppressed says the cell is withheld; Primary says it was small itself, not
	// withheld to protect another.
	Suppressed, Primary bool
}

// TextCell is a label.
func TextCell(s string) *Cell { return &Cell{Kind: Text, S: s} }

// CountCell is a count of people's events, subject to suppression.
func CountCell(n int) *Cell { return &Cell{Kind: Count, N: n} }

// WorkloadCell is a count about staff, never suppressed.
func WorkloadCell(n int) *Cell { return &Cell{Kind: Workload, N: n} }

// TallyCell is a count of something other than people or their events (searches of
// the directory that found nothing): never suppressed, like workload.
func TallyCell(n int) *Cell { return &Cell{Kind: Workload, N: n} }

// KnownCell is a count the report's shape shows anyway, never suppressed.
func KnownCell(n int) *Cell { return &Cell{Kind: Known, N: n} }

// NumberCell is a figure that is not a count; nil is empty.
func NumberCell(x *float64) *Cell { return &Cell{Kind: Number, X: x} }

// FloatCell is a NumberCell of x.
func FloatCell(x float64) *Cell { return NumberCell(&x) }

// RatioCell is num ÷ den (the caller's rounded value r; nil when den is 0).
func RatioCell(r *float64, num, den *Cell) *Cell {
	return &Cell{Kind: Ratio, X: r, Num: num, Den: den}
}

// DifferenceCell is a − b.
func DifferenceCell(a, b *Cell) *Cell {
	return &Cell{Kind: Difference, N: a.N - b.N, Minuend: a, Subtrahend: b}
}

// StatisticCell is a median or mean x over n events; nil x when n is 0.
func StatisticCell(x *float64, n int) *Cell { return &Cell{Kind: Statistic, X: x, N: n} }

// WhenCell is an instant shown at precision p.
func WhenCell(t time.Time, p Precision) *Cell { return &Cell{Kind: When, T: t, P: p} }

// BoolCell is true or false.
func BoolCell(b bool) *Cell { return &Cell{Kind: Bool, B: b} }

// HiddenCell is an unknown part of a relation that no table shows.
func HiddenCell() *Cell { return &Cell{Kind: Hidden, Suppressed: true} }

// TiedTo makes c withheld whenever to is, and returns c.
func (c *Cell) TiedTo(to *Cell) *Cell { c.Tied = to; return c }

// Shape is how a table appears in JSON: its rows as a list, its one row as an object,
// or its one row's cells as fields of the report itself (the summary).
type Shape int

// The shapes of a table.
const (
	List Shape = iota
	Object
	Inline
)

// Table is one table of a measure: a name, column names and rows of cells.
type Table struct {
	Name    string
	Shape   Shape
	Columns []string
	Rows    [][]*Cell
}

// Add appends a row and returns it, so that relations can name its cells.
func (t *Table) Add(cells ...*Cell) []*Cell {
	t.Rows = append(t.Rows, cells)
	return cells
}

// Col returns the index of a column, or -1.
func (t *Table) Col(name string) int {
	for i, c := range t.Columns {
		if c == name {
			return i
		}
	}
	return -1
}

// Term is one cell of a relation with its coefficient.
type Term struct {
	Coef int
	Cell *Cell
}

// Relation is a linear equation the figures obey: Σ Coef × value = 0. A table that
// lists the parts of a total gives one; so does a row whose two cells are equal.
type Relation []Term

// Sum is the relation total = Σ parts.
func Sum(total *Cell, parts ...*Cell) Relation {
	r := Relation{{1, total}}
	for _, p := range parts {
		r = append(r, Term{-1, p})
	}
	return r
}

// Report is a measure as tables, with the relations between their cells.
type Report struct {
	Measure   string
	Zone      *time.Location
	Tables    []*Table
	Relations []Relation
	// Threshold is the rule the report was suppressed under (0: not suppressed).
	Threshold int
}

// Table adds a table and returns it.
func (r *Report) Table(name string, shape Shape, columns ...string) *Table {
	t := &Table{Name: name, Shape: shape, Columns: columns}
	r.Tables = append(r.Tables, t)
	return t
}

// Relate adds relations.
func (r *Report) Relate(rel ...Relation) { r.Relations = append(r.Relations, rel...) }

// Column returns the cells of one column of rows, for relations over a table.
func Column(rows [][]*Cell, col int) []*Cell {
	out := make([]*Cell, len(rows))
	for i, row := range rows {
		out[i] = row[col]
	}
	return out
}
