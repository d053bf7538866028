package csvimport

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// pkg is a package's tables, read; a table the package lacks is nil.
type pkg struct {
	name   string // the datapackage.json name, if any
	tables map[string]*table
}

// dataPackage is the part of a Tabular Data Package descriptor the import reads: where
// each table's file is, since a publisher may name files its own way.
type dataPackage struct {
	Name      string `json:"name"`
	Resources []struct {
		Name string          `json:"name"`
		Path json.RawMessage `json:"path"` // a string, or a list of parts of one table
	} `json:"resources"`
}

// openPackage finds and reads the tables of the package in fsys.
func openPackage(fsys fs.FS) (*pkg, problems, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, nil, fmt.Errorf("read the package folder: %w", err)
	}
	byLower := map[string]string{}
	for _, e := range ents {
		if !e.IsDir() {
			byLower[strings.ToLower(e.Name())] = e.Name()
		}
	}
	p := &pkg{tables: map[string]*table{}}
	var probs problems
	paths := map[string]string{}
	if real, ok := byLower["datapackage.json"]; ok {
		dp, err := readDataPackage(fsys, real)
		if err != nil {
			return nil, nil, err
		}
		p.name = dp.Name
		for _, r := range dp.Resources {
			var one string
			var many []string
			switch {
			case json.Unmarshal(r.Path, &one) == nil:
			case json.Unmarshal(r.Path, &many) == nil && len(many) > 0:
				one = many[0]
				if len(many) > 1 {
					probs = append(probs, Problem{File: real, Field: r.Name, Msg: "only the first file of a table split in parts is read"})
				}
			}
			if one != "" && fs.ValidPath(path.Clean(one)) {
				paths[r.Name] = path.Clean(one)
			}
		}
	}
	used := map[string]bool{"datapackage.json": true}
	for _, sp := range specs {
		file := paths[sp.name]
		if file != "" {
			if _, err := fs.Stat(fsys, file); err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					probs = append(probs, Problem{File: "datapackage.json", Field: sp.name, Msg: fmt.Sprintf("names %q, which is not in the folder", file)})
					continue
				}
				return nil, nil, fmt.Errorf("%s: %w", file, err)
			}
		} else {
			for _, f := range sp.files {
				if real, ok := byLower[f]; ok {
					file = real
					break
				}
			}
		}
		if file == "" {
			continue
		}
		used[strings.ToLower(file)] = true
		data, err := fs.ReadFile(fsys, file)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", file, err)
		}
		t, tp, err := readTable(file, data, sp)
		if err != nil {
			return nil, nil, err
		}
		probs = append(probs, tp...)
		probs = append(probs, droppedColumns(t, sp)...)
		p.tables[sp.name] = t
	}
	if p.tables["service"] == nil {
		if _, ok := byLower["datapackage.json"]; ok {
			want := paths["service"]
			if want == "" {
				want = "services.csv"
			}
			return nil, nil, fmt.Errorf("this is the datapackage.json of an HSDS 1.x package, but its services table (%s) is not beside it: "+
				"import the folder that holds the package's CSV files, or a .zip of it", want)
		}
		return nil, nil, errors.New("no services.csv: not an HSDS 1.x CSV package (organizations.csv, services.csv, locations.csv …)")
	}
	probs = append(probs, unusedFiles(byLower, used)...)
	return p, probs, nil
}

func readDataPackage(fsys fs.FS, name string) (*dataPackage, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	var dp dataPackage
	if err := json.Unmarshal(b, &dp); err != nil {
		return nil, fmt.Errorf("%s: not a data package descriptor: %w", name, err)
	}
	return &dp, nil
}

// droppedColumns reports the known columns that are not imported, once per file, when
// some row has a value there.
func droppedColumns(t *table, sp *spec) []Problem {
	var out []Problem
	cols := make([]string, 0, len(sp.dropped))
	for c := range sp.dropped {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	for _, c := range cols {
		if !t.has(c) {
			continue
		}
		n := 0
		for _, r := range t.rows {
			if r.get(c) != "" {
				n++
			}
		}
		if n > 0 {
			out = append(out, Problem{File: t.file, Field: c, Msg: fmt.Sprintf("%s a value, not imported: %s", rowsHave(n), sp.dropped[c])})
		}
	}
	return out
}

// unusedFiles reports the CSV files that no table reads, so that a misnamed file is noticed.
func unusedFiles(byLower map[string]string, used map[string]bool) []Problem {
	var names []string
	for lower, real := range byLower {
		if strings.HasSuffix(lower, ".csv") && !used[lower] {
			names = append(names, real)
		}
	}
	sort.Strings(names)
	var out []Problem
	for _, n := range names {
		msg := "is not a table of HSDS 1.x; ignored"
		if why, ok := notImported[strings.ToLower(n)]; ok {
			msg = "not imported: " + why
		}
		out = append(out, Problem{File: n, Msg: msg})
	}
	return out
}

func rowsHave(n int) string {
	if n == 1 {
		return "1 row has"
	}
	return fmt.Sprintf("%d rows have", n)
}
