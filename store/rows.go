package store

import (
	"fmt"
	"reflect"
	"strings"
)

// table maps one directory struct onto its table: the db-tagged fields in order, then any
// columns the struct does not carry (extra, updated_at), whose values the caller appends.
type table struct {
	name     string
	cols     []string
	fields   [][]int
	nullable map[string]bool // foreign keys stored as NULL when empty
	upsert   string
	selects  string
	order    string // ORDER BY of loads: children by their position in the record
}

func newTable(name string, sample any, nullable []string, extraCols ...string) *table {
	t := &table{name: name, nullable: map[string]bool{}}
	for _, c := range nullable {
		t.nullable[c] = true
	}
	rt := reflect.TypeOf(sample)
	for i := 0; i < rt.NumField(); i++ {
		tag := rt.Field(i).Tag.Get("db")
		if tag == "" || tag == "-" {
			continue
		}
		t.cols = append(t.cols, tag)
		t.fields = append(t.fields, rt.Field(i).Index)
	}
	all := append(append([]string{}, t.cols...), extraCols...)
	quoted := make([]string, len(all))
	marks := make([]string, len(all))
	var sets []string
	for i, c := range all {
		quoted[i] = `"` + c + `"`
		marks[i] = fmt.Sprintf("$%d", i+1)
		if c != "id" {
			sets = append(sets, fmt.Sprintf(`"%s" = excluded."%s"`, c, c))
		}
	}
	t.upsert = fmt.Sprintf(`INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s`,
		name, strings.Join(quoted, ", "), strings.Join(marks, ", "), strings.Join(sets, ", "))
	sel := make([]string, 0, len(all))
	for _, c := range all {
		if c == "pos" {
			continue // only for ordering
		}
		if t.nullable[c] {
			sel = append(sel, fmt.Sprintf(`COALESCE("%s", '') AS "%s"`, c, c))
		} else {
			sel = append(sel, `"`+c+`"`)
		}
	}
	t.selects = strings.Join(sel, ", ")
	t.order = "id"
	for _, c := range extraCols {
		if c == "pos" {
			t.order = "pos, id"
		}
	}
	return t
}

// args returns the column values of v (a struct or a pointer to one) followed by extra.
func (t *table) args(v any, extra ...any) []any {
	rv := reflect.Indirect(reflect.ValueOf(v))
	out := make([]any, 0, len(t.fields)+len(extra))
	for i, idx := range t.fields {
		f := rv.FieldByIndex(idx).Interface()
		if t.nullable[t.cols[i]] {
			if s, _ := f.(string); s == "" {
				f = nil
			}
		}
		out = append(out, f)
	}
	return append(out, extra...)
}

// Tables of the directory. Only services.organization_id is a nullable foreign key: a
// service need not name its organization.
var (
	tOrganizations = newTable("organizations", directoryOrganization, nil, "extra", "updated_at")
	tServices      = newTable("services", directoryService, []string{"organization_id"}, "extra", "updated_at")
	tLocations     = newTable("locations", directoryLocation, nil, "extra", "updated_at")
	tSAL           = newTable("service_at_location", directorySAL, nil, "extra", "pos")
	tAddresses     = newTable("addresses", directoryAddress, nil, "pos")
	tPhones        = newTable("phones", directoryPhone, nil, "extra", "pos")
	tSchedules     = newTable("schedules", directorySchedule, nil, "pos")
	tServiceAreas  = newTable("service_areas", directoryServiceArea, nil, "pos")
	tLanguages     = newTable("languages", directoryLanguage, nil, "pos")
	tCostOptions   = newTable("cost_options", directoryCostOption, nil, "pos")
	tTaxonomies    = newTable("taxonomies", directoryTaxonomy, nil)
	tTerms         = newTable("taxonomy_terms", directoryTerm, nil)
	tAttributes    = newTable("attributes", directoryAttribute, nil, "pos")
	tCapacities    = newTable("service_capacity", directoryCapacity, nil, "extra", "pos")
)
