package measures

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"handoff/care/measures/deid"
)

// TestDefinitionsAreHonest: every measure of the dictionary names its route, formula,
// fields and suppression; every framework it cites is among the sources, with what was
// found in it; and every field it says it reads ("table.column") is a column of the
// schema (the SQLite migrations), so the dictionary names no invented field.
func TestDefinitionsAreHonest(t *testing.T) {
	d := Definitions(deid.Rule{Min: deid.DefaultMin}, "en").Plain()
	if d.Version != DefinitionsVersion || d.Threshold != 11 || len(d.Suppression) == 0 {
		t.Fatalf("dictionary %s threshold %d", d.Version, d.Threshold)
	}
	if off := Definitions(deid.Rule{}, "en"); off.Threshold != 0 || !strings.Contains(off.Suppression[0], "off") {
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
			if b.Relation != Follows && b.Relation != ModelledOn && b.Relation != ProgramsOwn {
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

// TestDefinitionsInEveryLanguage: the dictionary says every text in each language the
// catalog has it in (no key shows as itself), keeps the same edition, ids, routes,
// fields and relations, and the same code in each text: what a translation marks as code
// (`ed_rate`, `[from, to)`) is the English's, letter for letter, so no field name or
// parameter is translated by mistake.
func TestDefinitionsInEveryLanguage(t *testing.T) {
	code := regexp.MustCompile("`[^`]*`")
	marks := func(s string) string {
		if strings.Count(s, "`")%2 != 0 {
			t.Errorf("unbalanced code marks: %q", s)
		}
		c := code.FindAllString(s, -1)
		slices.Sort(c)
		return strings.Join(c, " ")
	}
	texts := func(d Dictionary) []string {
		out := append([]string(nil), d.Suppression...)
		for _, s := range d.Sources {
			out = append(out, s.Found)
		}
		for _, m := range d.Measures {
			out = append(out, m.Name, m.Definition, m.Suppression)
			out = append(append(append(append(out, m.Includes...), m.Excludes...), m.Formulas...), m.Fields...)
			for _, b := range m.Frameworks {
				out = append(out, b.Note, b.Relation)
			}
		}
		return out
	}
	for _, rule := range []deid.Rule{{Min: deid.DefaultMin}, {}} {
		en := Definitions(rule, "en")
		want := texts(en)
		for _, s := range want {
			if strings.HasPrefix(s, "definitions.") {
				t.Errorf("English lacks %s", s)
			}
		}
		for _, lang := range []string{"es"} {
			d := Definitions(rule, lang)
			got := texts(d)
			if d.Version != en.Version || d.Threshold != en.Threshold || len(got) != len(want) {
				t.Fatalf("%s: edition %s, threshold %d, %d texts; English %s, %d, %d", lang, d.Version, d.Threshold, len(got), en.Version, en.Threshold, len(want))
			}
			for i := range got {
				if strings.HasPrefix(got[i], "definitions.") {
					t.Errorf("%s: the catalog lacks %s", lang, got[i])
				}
				if marks(got[i]) != marks(want[i]) {
					t.Errorf("%s: %q marks %q as code, the English %q", lang, got[i], marks(got[i]), marks(want[i]))
				}
			}
			for i, m := range d.Measures {
				if m.ID != en.Measures[i].ID || m.Route != en.Measures[i].Route || m.Name == en.Measures[i].Name {
					t.Errorf("%s: measure %d is %s at %s, named %q", lang, i, m.ID, m.Route, m.Name)
				}
			}
		}
	}
}
