package measures

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handoff/care/measures/deid"
)

// TestDefinitionsAreHonest: every measure of the dictionary names its route, formula,
// fields and suppression; every framework it cites is among the sources, with what was
// found in it; and every field it says it reads ("table.column") is a column of the
// schema (the SQLite migrations), so the dictionary names no invented field.
func TestDefinitionsAreHonest(t *testing.T) {
	d := Definitions(deid.Rule{Min: deid.DefaultMin})
	if d.Version != DefinitionsVersion || d.Threshold != 11 || len(d.Suppression) == 0 {
		t.Fatalf("dictionary %s threshold %d", d.Version, d.Threshold)
	}
	if off := Definitions(deid.Rule{}); off.Threshold != 0 || !strings.Contains(off.Suppression[0], "off") {
		t.Errorf("suppression off: %+v", off.Suppression)
	}
	sources := map[string]bool{}
	for _, s := range d.Sources {
		if s.Title == "" || s.Publisher == "" || s.Found == "" {
			t.Errorf("source %s lacks a title, publisher or what was found", s.ID)
		}
		sources[s.ID] = true
	}
	var schema strings.Builder
	files, err := filepath.Glob("../../store/migrations/sqlite/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v", err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		schema.Write(b)
	}
	field := regexp.MustCompile(`^([a-z_]+)\.([a-z_]+)`)
	for _, m := range d.Measures {
		if m.Route != "/api/v1/measures/"+m.ID || m.Definition == "" || len(m.Formulas) == 0 || len(m.Fields) == 0 || m.Suppression == "" || len(m.Frameworks) == 0 {
			t.Errorf("%s is incomplete", m.ID)
		}
		for _, b := range m.Frameworks {
			if !sources[b.Source] || b.Note == "" {
				t.Errorf("%s cites %q", m.ID, b.Source)
			}
			if b.Relation != "follows" && b.Relation != "modelled on" && b.Relation != "program's own" {
				t.Errorf("%s: relation %q", m.ID, b.Relation)
			}
		}
		for _, f := range m.Fields {
			g := field.FindStringSubmatch(f)
			if g == nil {
				t.Errorf("%s: field %q is not table.column", m.ID, f)
				continue
			}
			table := regexp.MustCompile(`(?s)CREATE TABLE (IF NOT EXISTS )?` + g[1] + ` \((.*?)\n\);`).FindStringSubmatch(schema.String())
			alter := regexp.MustCompile(`ALTER TABLE ` + g[1] + ` ADD COLUMN ` + g[2] + `\b`).MatchString(schema.String())
			if !alter && (table == nil || !regexp.MustCompile(`(?m)^\s*`+g[2]+`\b`).MatchString(table[2])) {
				t.Errorf("%s reads %s, which the schema has not", m.ID, f)
			}
		}
	}
}
