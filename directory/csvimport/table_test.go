package csvimport

import (
	"errors"
	"strings"
	"testing"
)

func TestReadTableHeaders(t *testing.T) {
	sp := specNamed("phone")
	for _, c := range []struct {
		name, data string
		col        string // a column that must be found
		warn       string // a problem that must be reported
	}{
		{"plain", "id,number\n1,555\n", "number", ""},
		{"BOM, case and spaces", "\ufeffID , Number\n1,555\n", "number", ""},
		{"alias", "id,number,number_type\n1,555,voice\n", "type", ""},
		{"extra column", "id,number,colour\n1,555,red\n", "number", `colour: is not a column`},
		{"trailing comma", "id,number,\n1,555,\n", "number", ""},
		{"CRLF", "id,number\r\n1,555\r\n", "number", ""},
	} {
		tb, probs, err := readTable("phones.csv", []byte(c.data), sp)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !tb.has(c.col) || len(tb.rows) != 1 || tb.rows[0].get("number") != "555" {
			t.Errorf("%s: columns %v rows %d", c.name, tb.cols, len(tb.rows))
		}
		got := ""
		for _, p := range probs {
			got += p.Error()
		}
		if (c.warn == "") != (got == "") || !strings.Contains(got, c.warn) {
			t.Errorf("%s: problems %q, want %q", c.name, got, c.warn)
		}
	}
}

func TestReadTableErrors(t *testing.T) {
	sp := specNamed("service")
	_, _, err := readTable("services.csv", []byte("id,title\n1,Food\n"), sp)
	if err == nil || !strings.Contains(err.Error(), `services.csv: missing required column "name"`) {
		t.Errorf("missing column: %v", err)
	}
	_, _, err = readTable("services.csv", []byte("id,name,Name\n1,a,b\n"), sp)
	if err == nil || !strings.Contains(err.Error(), `"name" appears twice`) {
		t.Errorf("repeated column: %v", err)
	}
	_, _, err = readTable("services.csv", nil, sp)
	if err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty file: %v", err)
	}

	data := "id,name,description,status\n1,Food,\"Groceries\",active\n2,Shelter,Beds \"for\" men,active\n"
	_, _, err = readTable("services.csv", []byte(data), sp)
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 3 || se.Field != "description" ||
		!strings.Contains(err.Error(), `services.csv:line 3, byte 16 (column "description"): bare " in non-quoted-field`) {
		t.Errorf("bad quoting: %v", err)
	}

	data = "id,name,description,status\n1,Food,Groceries\n2,Shelter,Beds, for men,active\n3,Clinic,,active\n"
	tb, probs, err := readTable("services.csv", []byte(data), sp)
	if err != nil || len(tb.rows) != 1 || tb.rows[0].get("id") != "3" || len(probs) != 2 {
		t.Fatalf("wrong widths: %v %v", err, probs)
	}
	if p := probs[0]; !p.Err || p.Line != 2 || p.Field != "status" || !strings.Contains(p.Error(), `services.csv:line 2 (id 1): status: the row has 3 fields but the header has 4`) {
		t.Errorf("short row: %v", p)
	}
	if p := probs[1]; !p.Err || p.Line != 3 || !strings.Contains(p.Msg, "5 fields") {
		t.Errorf("long row: %v", p)
	}
}

// FuzzReadTable: any bytes give a table or an error naming the file, never a panic; every
// row kept has the header's width and a line after the header's.
func FuzzReadTable(f *testing.F) {
	for _, s := range []string{
		"id,number\n1,555\n",
		"\ufeffID,Number,Type\n1,\"555\",voice\n2,556\n",
		"id,number\n1,\"55\n5\"\n",
		"id,number\n1,\"555\n",
		"id,number\n1,5\"55\n",
		"id,number,\n1,555,,,\n",
		"number\n555\n",
		"",
		"\n\n",
		"id,id\n1,2\n",
	} {
		f.Add([]byte(s))
	}
	sp := specNamed("phone")
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, probs, err := readTable("phones.csv", data, sp)
		if err != nil {
			if !strings.Contains(err.Error(), "phones.csv") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		last := 1
		for _, r := range tb.rows {
			if r.line <= last {
				t.Fatalf("row at line %d after line %d", r.line, last)
			}
			last = r.line
			if len(r.fields) < len(tb.cols) {
				t.Fatalf("line %d: %d fields for %d columns", r.line, len(r.fields), len(tb.cols))
			}
		}
		for _, p := range probs {
			if p.File != "phones.csv" || p.Line < 1 {
				t.Fatalf("problem without its place: %+v", p)
			}
		}
	})
}
