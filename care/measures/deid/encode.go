package deid

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Marker is what a withheld cell reads in CSV; in JSON it is null, and the row names it
// in its "suppressed" list.
const Marker = "suppressed"

// Text is the cell as CSV shows it (and as JSON shows it when it is a string).
func (c *Cell) Text(zone *time.Location) string {
	if c.Suppressed {
		return Marker
	}
	switch c.Kind {
	case Text:
		return c.S
	case Count, Workload, Known, Difference:
		return strconv.Itoa(c.N)
	case Number, Ratio, Statistic:
		if c.X == nil {
			return ""
		}
		return strconv.FormatFloat(*c.X, 'f', -1, 64)
	case When:
		return formatWhen(c.T, c.P, zone)
	case Bool:
		return strconv.FormatBool(c.B)
	}
	return ""
}

func formatWhen(t time.Time, p Precision, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if zone == nil {
		zone = time.UTC
	}
	switch p {
	case Day:
		return t.In(zone).Format("2006-01-02")
	case Month:
		return t.In(zone).Format("2006-01")
	}
	return t.UTC().Format(time.RFC3339)
}

// value is the cell as JSON shows it.
func (c *Cell) value(zone *time.Location) any {
	if c.Suppressed {
		return nil
	}
	switch c.Kind {
	case Count, Workload, Known, Difference:
		return c.N
	case Number, Ratio, Statistic:
		if c.X == nil {
			return nil
		}
		return *c.X
	case Bool:
		return c.B
	case When:
		if c.T.IsZero() {
			return nil
		}
	}
	return c.Text(zone)
}

// WriteCSV writes the report's tables one after another, each preceded by a row holding
// its name ("# places") and followed by an empty row, so that one file holds a whole
// measure and a spreadsheet shows each table under its title. Withheld cells read
// Marker.
func (r *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	for i, t := range r.Tables {
		if i > 0 {
			if err := cw.Write([]string{""}); err != nil {
				return fmt.Errorf("deid: write csv: %w", err)
			}
		}
		if err := cw.Write([]string{"# " + t.Name}); err != nil {
			return fmt.Errorf("deid: write csv: %w", err)
		}
		if err := cw.Write(t.Columns); err != nil {
			return fmt.Errorf("deid: write csv: %w", err)
		}
		for _, row := range t.Rows {
			rec := make([]string, len(row))
			for j, c := range row {
				rec[j] = c.Text(r.Zone)
			}
			if err := cw.Write(rec); err != nil {
				return fmt.Errorf("deid: write csv: %w", err)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("deid: write csv: %w", err)
	}
	return nil
}

// MarshalJSON writes the report as one object: "measure" and "suppression" (the
// threshold and the marker), the fields of the Inline table, each Object table as an
// object and each List table as a list of objects, keys in column order. A withheld cell
// is null and its row lists its column under "suppressed".
func (r *Report) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{"measure":`)
	writeJSON(&b, r.Measure)
	b.WriteString(`,"suppression":`)
	writeJSON(&b, map[string]any{"threshold": r.Threshold, "marker": Marker})
	for _, t := range r.Tables {
		switch t.Shape {
		case Inline:
			if len(t.Rows) > 0 {
				r.fields(&b, t, t.Rows[0])
			}
		case Object:
			b.WriteString(",")
			writeJSON(&b, t.Name)
			b.WriteString(":")
			if len(t.Rows) == 0 {
				b.WriteString("null")
			} else {
				r.object(&b, t, t.Rows[0])
			}
		default:
			b.WriteString(",")
			writeJSON(&b, t.Name)
			b.WriteString(":[")
			for i, row := range t.Rows {
				if i > 0 {
					b.WriteString(",")
				}
				r.object(&b, t, row)
			}
			b.WriteString("]")
		}
	}
	b.WriteString("}")
	return b.Bytes(), nil
}

func (r *Report) object(b *bytes.Buffer, t *Table, row []*Cell) {
	b.WriteString("{")
	r.fields(b, t, row)
	b.WriteString("}")
}

// fields writes ,"col":value for each cell (the first comma dropped inside an object)
// and the row's "suppressed" list when any cell is withheld.
func (r *Report) fields(b *bytes.Buffer, t *Table, row []*Cell) {
	first := b.Len() > 0 && b.Bytes()[b.Len()-1] == '{'
	sep := func() {
		if first {
			first = false
			return
		}
		b.WriteString(",")
	}
	var withheld []string
	for j, c := range row {
		sep()
		writeJSON(b, t.Columns[j])
		b.WriteString(":")
		writeJSON(b, c.value(r.Zone))
		if c.Suppressed {
			withheld = append(withheld, t.Columns[j])
		}
	}
	if len(withheld) > 0 {
		sep()
		b.WriteString(`"suppressed":`)
		writeJSON(b, withheld)
	}
}

// writeJSON writes v; counts, booleans and plain numbers directly (a year's places are
// tens of thousands of cells), anything else through encoding/json.
func writeJSON(b *bytes.Buffer, v any) {
	switch x := v.(type) {
	case nil:
		b.WriteString("null")
		return
	case int:
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(x), 10))
		return
	case bool:
		b.Write(strconv.AppendBool(b.AvailableBuffer(), x))
		return
	case float64:
		if a := math.Abs(x); a == 0 || (a >= 1e-6 && a < 1e21) { // encoding/json's plain range
			b.Write(strconv.AppendFloat(b.AvailableBuffer(), x, 'f', -1, 64))
			return
		}
	}
	enc, err := json.Marshal(v)
	if err != nil { // strings, numbers, bools and lists of them always marshal
		enc = []byte("null")
	}
	b.Write(enc)
}
