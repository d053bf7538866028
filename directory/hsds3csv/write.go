package hsds3csv

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"handoff/directory"
)

// Writer gathers compiled services and organizations into the tables of an HSDS 3.0
// package. A row is written once, where it is first met: services in the order they are
// added, each with its children in their order, so that the same directory gives the
// same files byte for byte and an import of them keeps each record's children in order.
type Writer struct {
	tables map[string]*rows
	taxa   []string // the taxonomy ids the terms name, in the order met
}

type rows struct {
	t    Table
	seen map[string]bool
	data [][]string
}

// NewWriter returns an empty package.
func NewWriter() *Writer {
	w := &Writer{tables: map[string]*rows{}}
	for _, t := range tables {
		w.tables[t.Name] = &rows{t: t, seen: map[string]bool{}}
	}
	return w
}

// Has reports whether a row of the table with this id was written.
func (w *Writer) Has(table, id string) bool {
	return w.tables[table].seen[id]
}

// add writes v (a struct of the directory or a JSON object) as a row of the table, its
// members in the columns of the same name; nested lists are not columns and are left out.
func (w *Writer) add(table string, v any) {
	var m map[string]any
	switch x := v.(type) {
	case map[string]any:
		m = x
	default:
		b, err := json.Marshal(v)
		if err != nil {
			panic("hsds3csv: " + err.Error()) // the directory's structs always encode
		}
		if err := json.Unmarshal(b, &m); err != nil {
			panic("hsds3csv: " + err.Error())
		}
	}
	id, _ := m["id"].(string)
	t := w.tables[table]
	if id == "" || t.seen[id] {
		return
	}
	t.seen[id] = true
	rec := make([]string, len(t.t.Fields))
	for i, f := range t.t.Fields {
		rec[i] = cell(m[f])
	}
	t.data = append(t.data, rec)
}

// cell is a member's value as CSV text: numbers in their shortest form, so that 12 stays 12.
func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return "" // a list or object: not a column
}

// objects decodes a JSON member kept beside a record (funding, contacts…) into its objects.
func objects(raw json.RawMessage) []map[string]any {
	var out []map[string]any
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &out) // a member that is not a list of objects has no rows
	}
	if len(raw) > 0 && out == nil {
		var one map[string]any
		if json.Unmarshal(raw, &one) == nil && one != nil {
			out = append(out, one)
		}
	}
	return out
}

func (w *Writer) addAll(table string, raw json.RawMessage) {
	for _, o := range objects(raw) {
		w.add(table, o)
	}
}

// contacts writes contacts and the phones they carry.
func (w *Writer) contacts(raw json.RawMessage) {
	for _, c := range objects(raw) {
		w.add("contact", c)
		ps, _ := c["phones"].([]any)
		for _, p := range ps {
			if pm, ok := p.(map[string]any); ok {
				if pm["contact_id"] == nil {
					pm["contact_id"] = c["id"]
				}
				w.add("phone", pm)
				w.phoneLanguages(pm["languages"])
			}
		}
	}
}

func (w *Writer) phoneLanguages(v any) {
	list, _ := v.([]any)
	for _, l := range list {
		if lm, ok := l.(map[string]any); ok {
			w.add("language", lm)
		}
	}
}

func (w *Writer) phones(ps []directory.Phone) {
	for i := range ps {
		w.add("phone", &ps[i])
		for _, l := range objects(ps[i].Languages) {
			if l["phone_id"] == nil {
				l["phone_id"] = ps[i].ID
			}
			w.add("language", l)
		}
	}
}

func (w *Writer) attributes(as []directory.Attribute) {
	for i := range as {
		a := as[i]
		if t := a.TaxonomyTerm; t != nil {
			if t.TaxonomyID != "" && !w.Has("taxonomy", t.TaxonomyID) && !contains(w.taxa, t.TaxonomyID) {
				w.taxa = append(w.taxa, t.TaxonomyID)
			}
			if d := t.TaxonomyDetail; d != nil {
				w.add("taxonomy", d)
			}
			w.add("taxonomy_term", t)
		}
		a.TaxonomyTerm = nil
		w.add("attribute", &a)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// AddService writes a compiled service: its organization, its row and children, and its
// locations with theirs.
func (w *Writer) AddService(s *directory.Service) {
	if s.Organization != nil {
		w.addOrganization(s.Organization)
	}
	flat := *s
	w.add("service", &flat)
	w.addAll("program", s.Program)
	w.phones(s.Phones)
	for i := range s.Schedules {
		w.add("schedule", &s.Schedules[i])
	}
	for i := range s.ServiceAreas {
		w.add("service_area", &s.ServiceAreas[i])
	}
	for i := range s.Languages {
		w.add("language", &s.Languages[i])
	}
	for i := range s.CostOptions {
		w.add("cost_option", &s.CostOptions[i])
	}
	w.attributes(s.Attributes)
	w.addAll("funding", s.Funding)
	w.addAll("required_document", s.RequiredDocuments)
	w.contacts(s.Contacts)
	w.addAll("metadata", s.Metadata)
	for i := range s.ServiceAtLocations {
		sal := s.ServiceAtLocations[i]
		if sal.Location != nil {
			w.addLocation(sal.Location)
		}
		if sal.ServiceID == "" {
			sal.ServiceID = s.ID
		}
		w.add("service_at_location", &sal)
		w.phones(sal.Phones)
		for j := range sal.Schedules {
			w.add("schedule", &sal.Schedules[j])
		}
		w.contacts(sal.Contacts)
		w.addAll("metadata", sal.Metadata)
	}
}

// AddOrganization writes an organization and its locations; its services, when it
// carries them, are written as AddService writes them.
func (w *Writer) AddOrganization(o *directory.Organization) {
	w.addOrganization(o)
	for i := range o.Locations {
		w.addLocation(&o.Locations[i])
	}
	for i := range o.Services {
		s := o.Services[i]
		if s.Organization == nil {
			s.Organization = o
		}
		w.AddService(&s)
	}
}

func (w *Writer) addOrganization(o *directory.Organization) {
	if w.Has("organization", o.ID) {
		return
	}
	w.add("organization", o)
	w.phones(o.Phones)
	w.attributes(o.Attributes)
	w.addAll("program", o.Programs)
	w.addAll("organization_identifier", o.OrganizationIdentifiers)
	w.addAll("funding", o.Funding)
	w.contacts(o.Contacts)
	w.addAll("metadata", o.Metadata)
}

func (w *Writer) addLocation(l *directory.Location) {
	if w.Has("location", l.ID) {
		return
	}
	w.add("location", l)
	for i := range l.Addresses {
		w.add("address", &l.Addresses[i])
	}
	w.phones(l.Phones)
	for i := range l.Schedules {
		w.add("schedule", &l.Schedules[i])
	}
	for i := range l.Languages {
		w.add("language", &l.Languages[i])
	}
	w.attributes(l.Attributes)
	w.addAll("accessibility", l.Accessibility)
	w.contacts(l.Contacts)
	w.addAll("metadata", l.Metadata)
}

// TaxonomiesWanted are the taxonomies that the written terms name but that came without
// their details: the caller looks them up and adds them with AddTaxonomy.
func (w *Writer) TaxonomiesWanted() []string {
	var out []string
	for _, id := range w.taxa {
		if !w.Has("taxonomy", id) {
			out = append(out, id)
		}
	}
	return out
}

// AddTaxonomy writes a taxonomy.
func (w *Writer) AddTaxonomy(t directory.Taxonomy) {
	w.add("taxonomy", &t)
}

// Rows is how many rows each table has, by table name.
func (w *Writer) Rows() map[string]int {
	out := map[string]int{}
	for name, t := range w.tables {
		out[name] = len(t.data)
	}
	return out
}

// each calls fn with each file of the package: every table, in the order of the spec,
// with its header (a table with no rows has only the header), then datapackage.json.
func (w *Writer) each(fn func(name string, data []byte) error) error {
	for _, t := range tables {
		var buf bytes.Buffer
		cw := csv.NewWriter(&buf)
		cw.UseCRLF = true // RFC 4180, as the spec's examples are written
		if err := cw.Write(t.Fields); err != nil {
			return err
		}
		if err := cw.WriteAll(w.tables[t.Name].data); err != nil {
			return fmt.Errorf("%s: %w", t.File, err)
		}
		if err := fn(t.File, buf.Bytes()); err != nil {
			return err
		}
	}
	return fn("datapackage.json", descriptor)
}

// WriteDir writes the package into the folder dir, creating it.
func (w *Writer) WriteDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return w.each(func(name string, data []byte) error {
		return os.WriteFile(filepath.Join(dir, name), data, 0o644)
	})
}

// WriteZip writes the package as a zip archive, its files at the top. The entries carry no
// time, so that the same directory gives the same archive.
func (w *Writer) WriteZip(out io.Writer) error {
	zw := zip.NewWriter(out)
	err := w.each(func(name string, data []byte) error {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate})
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	})
	if err != nil {
		return err
	}
	return zw.Close()
}
