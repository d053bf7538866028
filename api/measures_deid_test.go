package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"handoff/care/measures/deid"
)

// measureBoth fetches a measure as JSON and as CSV (coordinator, same query), checks
// that the two agree cell by cell (a withheld cell is null in JSON with its column in
// the row's "suppressed" list, and reads deid.Marker in CSV), and returns the tables as
// rows of column → text.
func measureBoth(t *testing.T, f *accFixture, measure, query string) map[string][]map[string]string {
	t.Helper()
	if !strings.Contains(query, "to=") {
		// The default period ends now: the same now for both answers, so that a second
		// ticking between them does not move it.
		query += "&to=" + time.Now().UTC().Format(time.RFC3339)
	}
	path := "/api/v1/measures/" + measure + "?" + query
	js := f.must(200, accReq{method: "GET", path: path, who: "coordinator"}).body
	cs := f.must(200, accReq{method: "GET", path: path + "&format=csv", who: "coordinator"}).body
	dec := json.NewDecoder(bytes.NewReader(js))
	dec.UseNumber()
	var doc map[string]any
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("%s json: %v\n%s", measure, err, js)
	}
	out := map[string][]map[string]string{}
	for name, rows := range csvTables(t, cs) {
		header := rows[0]
		var objs []map[string]any
		switch v := doc[name].(type) {
		case []any:
			for _, o := range v {
				objs = append(objs, o.(map[string]any))
			}
		case map[string]any:
			objs = []map[string]any{v}
		default:
			if name != "summary" {
				t.Fatalf("%s: table %s is not in the JSON", measure, name)
			}
			objs = []map[string]any{doc}
		}
		if len(objs) != len(rows)-1 {
			t.Fatalf("%s/%s: %d JSON rows, %d CSV rows", measure, name, len(objs), len(rows)-1)
		}
		for i, o := range objs {
			row := map[string]string{}
			var withheld []string
			if s, ok := o["suppressed"].([]any); ok {
				for _, c := range s {
					withheld = append(withheld, c.(string))
				}
			}
			for j, col := range header {
				got := rows[i+1][j]
				row[col] = got
				want := jsonText(o[col], slices.Contains(withheld, col))
				if _, ok := o[col]; !ok {
					want = "(missing)"
				}
				// as_of is the time of each answer: the CSV and the JSON are two requests, and
				// may fall on either side of a second.
				if got != want && !(col == "as_of" && sameSecondish(got, want)) {
					t.Errorf("%s/%s row %d %s: CSV %q, JSON %q", measure, name, i, col, got, want)
				}
			}
			for _, col := range withheld {
				if !slices.Contains(header, col) {
					t.Errorf("%s/%s row %d: JSON withholds %s, which CSV has not", measure, name, i, col)
				}
			}
			out[name] = append(out[name], row)
		}
	}
	return out
}

// jsonText is a JSON value as CSV writes it.
func jsonText(v any, withheld bool) string {
	switch v := v.(type) {
	case nil:
		if withheld {
			return deid.Marker
		}
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("(unexpected %T)", v)
}

// cellOf is a count of the answer as the solver sees it: known with its value, or
// withheld. wantSmall is set when a shown count is small (a primary cell left shown).
func cellOf(s string) *deid.Cell {
	if s == deid.Marker {
		c := deid.CountCell(0)
		c.Suppressed = true
		return c
	}
	var n int
	fmt.Sscan(s, &n)
	return deid.CountCell(n)
}

// equations turns sums over the answer's tables into relations: each is "total =
// Σ parts", the cells named table/row/column.
type equations struct {
	t      *testing.T
	tables map[string][]map[string]string
	cells  map[string]*deid.Cell
	rels   []deid.Relation
	names  map[*deid.Cell]string
}

func newEquations(t *testing.T, tables map[string][]map[string]string) *equations {
	return &equations{t: t, tables: tables, cells: map[string]*deid.Cell{}, names: map[*deid.Cell]string{}}
}

// cell returns the cell at table, row i, column col (one solver cell per answer cell).
func (e *equations) cell(table string, i int, col string) *deid.Cell {
	key := fmt.Sprintf("%s[%d].%s", table, i, col)
	if c, ok := e.cells[key]; ok {
		return c
	}
	rows := e.tables[table]
	if i >= len(rows) {
		e.t.Fatalf("no %s", key)
	}
	v, ok := rows[i][col]
	if !ok {
		e.t.Fatalf("no column %s", key)
	}
	c := cellOf(v)
	e.cells[key], e.names[c] = c, key
	return c
}

// column returns a column of every row of a table.
func (e *equations) column(table, col string) []*deid.Cell {
	var out []*deid.Cell
	for i := range e.tables[table] {
		out = append(out, e.cell(table, i, col))
	}
	return out
}

// sum adds total = Σ parts.
func (e *equations) sum(total *deid.Cell, parts ...*deid.Cell) {
	e.rels = append(e.rels, deid.Sum(total, parts...))
}

// check fails when an equation leaves a single unknown or the equations together
// determine a withheld cell.
func (e *equations) check(measure string) {
	e.t.Helper()
	for _, rel := range e.rels {
		var unknown []string
		for _, term := range rel {
			if term.Cell.Suppressed && !slices.Contains(unknown, e.names[term.Cell]) {
				unknown = append(unknown, e.names[term.Cell])
			}
		}
		if len(unknown) == 1 {
			e.t.Errorf("%s: %s is given back by an equation with no other unknown", measure, unknown[0])
		}
	}
	for _, c := range deid.Determined(e.rels) {
		e.t.Errorf("%s: %s is given back by the equations together", measure, e.names[c])
	}
	withheld := 0
	for _, c := range e.cells {
		if c.Suppressed {
			withheld++
		}
	}
	e.t.Logf("%s: %d equations over %d cells, %d withheld", measure, len(e.rels), len(e.cells), withheld)
}

// noSmallShown fails when a shown count of the tables' count columns is from 1 to min-1.
func noSmallShown(t *testing.T, measure string, tables map[string][]map[string]string, min int, countCols ...string) {
	t.Helper()
	for name, rows := range tables {
		for i, row := range rows {
			for col, v := range row {
				if !slices.Contains(countCols, col) || v == deid.Marker || v == "" {
					continue
				}
				var n int
				if _, err := fmt.Sscan(v, &n); err == nil && n > 0 && n < min {
					t.Errorf("%s/%s row %d: %s = %d shown", measure, name, i, col, n)
				}
			}
		}
	}
}

// rateShown fails when a rate is shown over a withheld or small count.
func rateShown(t *testing.T, measure, table string, rows []map[string]string, min int, rate, num, den string) {
	t.Helper()
	for i, row := range rows {
		if row[rate] == deid.Marker || row[rate] == "" {
			continue
		}
		for _, c := range []string{num, den} {
			var n int
			fmt.Sscan(row[c], &n)
			if row[c] == deid.Marker || (n > 0 && n < min) || (c == den && n == 0) {
				t.Errorf("%s/%s row %d: %s %s shown over %s %s", measure, table, i, rate, row[rate], c, row[c])
			}
		}
	}
}

// sameSecondish reports whether two RFC 3339 times are at most two seconds apart.
func sameSecondish(a, b string) bool {
	ta, errA := time.Parse(time.RFC3339, a)
	tb, errB := time.Parse(time.RFC3339, b)
	d := ta.Sub(tb)
	return errA == nil && errB == nil && d <= 2*time.Second && d >= -2*time.Second
}
