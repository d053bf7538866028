package csvimport

import (
	"handoff/directory"
)

// finishServices compiles each service with its organization, sites and attributes, and
// checks it as the JSON importer checks a compiled service.
func (b *builder) finishServices() {
	for _, n := range b.svcOrder {
		s := n.svc
		if n.org != nil {
			s.Organization = n.org.org
		}
		for _, sn := range n.sals {
			sal := *sn.sal
			sal.Location = sn.loc.loc
			s.ServiceAtLocations = append(s.ServiceAtLocations, sal)
		}
		s.Attributes = b.crosswalked(n)
		directory.NormalizeService(s)
		chk := directory.ValidateService(s)
		chk.Errors = append(append(directory.FieldErrors{}, n.errs...), chk.Errors...)
		it := Item{Record: directory.Record{Line: n.row.line, Service: s}, File: n.row.t.file}
		b.addChecked(&it, n.row, chk)
		b.items = append(b.items, it)
	}
}

// addChecked turns a record's check into its rejection and warnings, under its source id.
func (b *builder) addChecked(it *Item, r row, chk directory.Checked) {
	src := r.get("id")
	if len(chk.Errors) > 0 {
		it.Err = &directory.RecordError{Line: r.line, ID: "id " + src, Fields: chk.Errors}
	}
	for _, w := range chk.Warnings {
		it.Warnings = append(it.Warnings, Problem{File: r.t.file, Line: r.line, ID: src, Field: w.Field, Msg: w.Message})
	}
}
