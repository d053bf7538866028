package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
	"sync"

	"handoff/directory"
	"handoff/store"
)

// importReport is what `handoff import --report FILE` writes, as JSON:
//
//	{
//	  "totals": {"created": 3600, "updated": 0, "rejected": 38, "warnings": 1290},
//	  "sources": [{                      // one per HSDS 1.x package imported
//	    "path": "dir/or/package.zip", "source": "ma-211",
//	    "tables": [{"table": "service", "file": "services.csv",
//	                "read": 3638, "imported": 3600, "repaired": 212, "rejected": 38}, …]
//	  }],
//	  "problems": [{                     // one per kind, errors first, then by count
//	    "kind": "locations.csv organization_id: taken from the service offered there",
//	    "severity": "warning",           // "error": rows left out; "warning": kept, repaired
//	    "count": 412,                    // rows (or, for text repairs, values) concerned
//	    "examples": [{"file": "locations.csv", "line": 17, "column": "organization_id",
//	                  "id": "L-9", "message": "…"}]   // the first few, not one per row
//	  }],
//	  "completeness": {                  // counted in the database after the import
//	    "services": 3600, "with_location": 1070, "with_address": 1040,
//	    "with_coordinates": 1000, "with_phone": 3400, "with_hours": 2900, "with_need": 3100
//	  }
//	}
//
// A table's "read" counts its data rows; "rejected" the rows left out (for services, also
// those the database refused); "imported" is read minus rejected; "repaired" the rows in
// which text hygiene changed a value. Completeness concerns the services this import
// created or updated, read back from the database: a service has a location, an address,
// coordinates, a phone or hours when it or one of its locations (or, for a phone, its
// organization) has one, and a need when it carries a handoff:need term. With --strict
// and a bad row nothing is written: every table's "imported" is 0 and completeness is
// left out.
type importReport struct {
	Totals       reportTotals    `json:"totals"`
	Sources      []*sourceReport `json:"sources,omitempty"`
	Problems     []*problemKind  `json:"problems"`
	Completeness *completeness   `json:"completeness,omitempty"`

	mu       sync.Mutex
	byKind   map[string]*problemKind
	byPath   map[string]*tableReport // a table's file as messages name it → its counts
	services []string                // ids of the services written
}

type reportTotals struct {
	Created  int `json:"created"`
	Updated  int `json:"updated"`
	Rejected int `json:"rejected"`
	Warnings int `json:"warnings"`
}

type sourceReport struct {
	Path   string         `json:"path"`
	Source string         `json:"source"`
	Tables []*tableReport `json:"tables"`
}

type tableReport struct {
	Table    string `json:"table"`
	File     string `json:"file"`
	Read     int    `json:"read"`
	Imported int    `json:"imported"`
	Repaired int    `json:"repaired"`
	Rejected int    `json:"rejected"`

	rejectedLines map[int]bool
}

type problemKind struct {
	Kind     string    `json:"kind"`
	Severity string    `json:"severity"`
	Count    int       `json:"count"`
	Examples []example `json:"examples"`
}

type example struct {
	File    string `json:"file"`
	Line    int    `json:"line,omitempty"`
	Column  string `json:"column,omitempty"`
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`

	text string // the whole line, as the terminal shows it
}

type completeness struct {
	Services        int `json:"services"`
	WithLocation    int `json:"with_location"`
	WithAddress     int `json:"with_address"`
	WithCoordinates int `json:"with_coordinates"`
	WithPhone       int `json:"with_phone"`
	WithHours       int `json:"with_hours"`
	WithNeed        int `json:"with_need"`
}

// maxExamples is how many rows of one kind of problem are shown and written.
const maxExamples = 3

func newImportReport() *importReport {
	return &importReport{byKind: map[string]*problemKind{}, byPath: map[string]*tableReport{}}
}

// note is one problem found while reading or writing.
type note struct {
	kind  string
	err   bool
	count int
	ex    example
}

// add counts a problem under its kind, keeping the first examples.
func (r *importReport) add(n note) {
	r.mu.Lock()
	defer r.mu.Unlock()
	sev := "warning"
	if n.err {
		sev = "error"
	}
	key := sev + "\x00" + n.kind
	k := r.byKind[key]
	if k == nil {
		k = &problemKind{Kind: n.kind, Severity: sev}
		r.byKind[key] = k
		r.Problems = append(r.Problems, k)
	}
	k.Count += max(n.count, 1)
	if len(k.Examples) < maxExamples {
		k.Examples = append(k.Examples, n.ex)
	}
	if n.err {
		if t := r.byPath[n.ex.File]; t != nil && n.ex.Line > 0 && !t.rejectedLines[n.ex.Line] {
			t.rejectedLines[n.ex.Line] = true
			t.Rejected++
		}
	}
}

// addSource registers a package's tables, so that rejections are counted against them.
func (r *importReport) addSource(s *sourceReport, at func(string) string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.Sources = append(r.Sources, s)
	for _, t := range s.Tables {
		t.rejectedLines = map[int]bool{}
		r.byPath[at(t.File)] = t
	}
}

// written notes the services of records the database took.
func (r *importReport) written(recs []directory.Record) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rec := range recs {
		if rec.Service != nil {
			r.services = append(r.services, rec.Service.ID)
		}
	}
}

// indexRE finds the list indexes in a field path ("locations[0].latitude").
var indexRE = regexp.MustCompile(`\[\d+\]`)

// recordNote is the note of a JSON record's warning or a record the database refused.
func recordNote(file string, line int, id, field, msg string, err bool) note {
	kind := file + " " + indexRE.ReplaceAllString(field, "[]")
	if err {
		kind = "rejected: " + kind
	}
	text := fmt.Sprintf("%s:line %d (%s): ", file, line, id)
	if !err {
		text += "warning: "
	}
	if field != "" {
		text += field + ": "
	}
	return note{kind: strings.TrimSpace(kind), err: err, ex: example{File: file, Line: line, Column: field, ID: id, Message: msg, text: text + msg}}
}

// finish counts what landed, from the database, and settles the tables' figures.
func (r *importReport) finish(ctx context.Context, st *store.Store, sum importSummary, wrote bool) error {
	r.Totals = reportTotals(sum) // the same four counts, with their JSON names
	for _, s := range r.Sources {
		for _, t := range s.Tables {
			if wrote {
				t.Imported = t.Read - t.Rejected
			}
		}
	}
	sort.SliceStable(r.Problems, func(i, j int) bool {
		a, b := r.Problems[i], r.Problems[j]
		if a.Severity != b.Severity {
			return a.Severity == "error"
		}
		return a.Count > b.Count
	})
	if !wrote || st == nil {
		return nil
	}
	c, err := countCompleteness(ctx, st, r.services)
	if err != nil {
		return fmt.Errorf("count what was imported: %w", err)
	}
	r.Completeness = c
	return nil
}

// countCompleteness reads the services back from the database and counts what they have.
func countCompleteness(ctx context.Context, st *store.Store, ids []string) (*completeness, error) {
	seen := map[string]bool{}
	c := &completeness{}
	for start := 0; start < len(ids); start += 500 {
		chunk := ids[start:min(start+500, len(ids))]
		svcs, err := st.Services(ctx, chunk)
		if err != nil {
			return nil, err
		}
		for i := range svcs {
			s := &svcs[i]
			if seen[s.ID] {
				continue
			}
			seen[s.ID] = true
			c.Services++
			var loc, addr, coords, phone, hours bool
			phone = len(s.Phones) > 0 || (s.Organization != nil && len(s.Organization.Phones) > 0)
			hours = len(s.Schedules) > 0
			for _, sal := range s.ServiceAtLocations {
				phone = phone || len(sal.Phones) > 0
				hours = hours || len(sal.Schedules) > 0
				l := sal.Location
				if l == nil {
					continue
				}
				loc = true
				addr = addr || len(l.Addresses) > 0
				coords = coords || l.Latitude != nil
				phone = phone || len(l.Phones) > 0
				hours = hours || len(l.Schedules) > 0
			}
			c.WithLocation += b2i(loc)
			c.WithAddress += b2i(addr)
			c.WithCoordinates += b2i(coords)
			c.WithPhone += b2i(phone)
			c.WithHours += b2i(hours)
			c.WithNeed += b2i(len(directory.TermCodes(s, directory.TaxonomyNeed)) > 0)
		}
	}
	return c, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// printSummary writes what matters first: what the services lack, then each kind of
// problem once, with its count and first rows, instead of one line per row.
func (r *importReport) printSummary(w io.Writer) {
	if c := r.Completeness; c != nil && c.Services > 0 {
		for _, f := range []struct {
			n    int
			what string
		}{{c.WithLocation, "no location"}, {c.WithAddress, "no address"}, {c.WithCoordinates, "no coordinates"},
			{c.WithPhone, "no phone"}, {c.WithHours, "no hours"}, {c.WithNeed, "no need mapped (handoff:need)"}} {
			if miss := c.Services - f.n; miss > 0 {
				fmt.Fprintf(w, "%s of %s services have %s\n", thousands(miss), thousands(c.Services), f.what)
			}
		}
	}
	for _, k := range r.Problems {
		label := "warning"
		if k.Severity == "error" {
			label = "left out"
		}
		fmt.Fprintf(w, "%s × %s: %s\n", thousands(k.Count), label, k.Kind)
		for _, e := range k.Examples {
			fmt.Fprintf(w, "    %s\n", e.text)
		}
		if k.Count > len(k.Examples) && len(k.Examples) == maxExamples {
			fmt.Fprintf(w, "    … and %s more\n", thousands(k.Count-len(k.Examples)))
		}
	}
}

// thousands writes 2568 as "2,568".
func thousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// writeFile writes the report as indented JSON.
func (r *importReport) writeFile(name string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(name, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("--report: %w", err)
	}
	return nil
}
