package icarol

import (
	"fmt"
	"strings"

	"handoff/directory"
	"handoff/directory/csvimport"
)

// builder compiles the rows of one export.
type builder struct {
	src  string
	file string
	cw   *csvimport.Crosswalk
	res  *Result

	agencies map[string]*agency
}

// agency is an agency row with the organization made of it.
type agency struct {
	row    row
	org    *directory.Organization
	active bool // its own status
	needed bool // an imported program belongs to it
	locs   map[string]*directory.Location
}

func (b *builder) id(parts ...string) string {
	return directory.StableID(append([]string{"icarol", b.src}, parts...)...)
}

func (b *builder) warn(r row, field, format string, args ...any) {
	b.res.Problems = append(b.res.Problems, csvimport.Problem{File: b.file, Line: r.line, ID: r.get("ResourceAgencyNum"),
		Field: field, Msg: fmt.Sprintf(format, args...)})
}

func (b *builder) fail(r row, field, format string, args ...any) {
	b.res.Problems = append(b.res.Problems, csvimport.Problem{File: b.file, Line: r.line, ID: r.get("ResourceAgencyNum"),
		Field: field, Msg: fmt.Sprintf(format, args...), Err: true})
}

// status reads AgencyStatus: "Active", "Inactive", "Active, but do not refer". An empty
// status is read as active, with a warning.
func (b *builder) status(r row) (active, doNotRefer bool) {
	v := strings.ToLower(r.get("AgencyStatus"))
	switch {
	case v == "":
		b.warn(r, "AgencyStatus", "is empty; read as active")
		return true, false
	case strings.HasPrefix(v, "inactive"):
		return false, false
	case strings.Contains(v, "do not refer"):
		return true, true
	case strings.HasPrefix(v, "active"):
		return true, false
	}
	b.warn(r, "AgencyStatus", "%q is not Active or Inactive; read as active", clip(r.get("AgencyStatus")))
	return true, false
}

func (b *builder) build(rows []row) {
	b.agencies = map[string]*agency{}
	var programs, sites []row
	seen := map[string]int{}
	for _, r := range rows {
		num := r.get("ResourceAgencyNum")
		if num == "" {
			b.fail(r, "ResourceAgencyNum", "is required; the row was left out")
			continue
		}
		if at := seen[num]; at != 0 {
			b.fail(r, "ResourceAgencyNum", "%q repeats the row at line %d; this row was left out", clip(num), at)
			continue
		}
		seen[num] = r.line
		switch lvl := strings.ToLower(r.get("TaxonomyLevelName")); lvl {
		case "agency":
			b.res.Counts.Agencies++
			b.agencies[num] = b.agency(r)
		case "program":
			b.res.Counts.Programs++
			programs = append(programs, r)
		case "site":
			b.res.Counts.Sites++
			sites = append(sites, r)
		default:
			b.fail(r, "TaxonomyLevelName", "%q is not Agency, Program or Site; the row was left out", clip(r.get("TaxonomyLevelName")))
		}
	}
	for _, r := range sites {
		b.site(r)
	}
	var services []csvimport.Item
	for _, r := range programs {
		if it, ok := b.program(r); ok {
			services = append(services, it)
		}
	}
	// Organizations first: each with its own sites, so that an agency whose programs are
	// all inactive but which is itself active is still listed.
	for _, r := range rows {
		a := b.agencies[r.get("ResourceAgencyNum")]
		if a == nil || a.row.line != r.line {
			continue
		}
		if !a.active && !a.needed {
			b.res.Counts.InactiveAgencies++
			continue
		}
		o := *a.org
		for _, l := range a.locs {
			o.Locations = append(o.Locations, *l)
		}
		sortLocations(o.Locations)
		directory.NormalizeOrganization(&o)
		chk := directory.ValidateOrganization(&o)
		it := csvimport.Item{Record: directory.Record{Line: r.line, Organization: &o}, File: b.file}
		b.checked(&it, r, chk)
		b.res.Items = append(b.res.Items, it)
	}
	b.res.Items = append(b.res.Items, services...)
}

// checked turns a record's check into its rejection and warnings.
func (b *builder) checked(it *csvimport.Item, r row, chk directory.Checked) {
	num := r.get("ResourceAgencyNum")
	if len(chk.Errors) > 0 {
		it.Err = &directory.RecordError{Line: r.line, ID: "ResourceAgencyNum " + num, Fields: chk.Errors}
	}
	for _, w := range chk.Warnings {
		it.Warnings = append(it.Warnings, csvimport.Problem{File: b.file, Line: r.line, ID: num, Field: w.Field, Msg: w.Message})
	}
}

// agency makes the organization of an agency row.
func (b *builder) agency(r row) *agency {
	num := r.get("ResourceAgencyNum")
	active, _ := b.status(r)
	o := &directory.Organization{ID: b.id("agency", num), Name: name(r), Description: r.get("AgencyDescription"),
		Email: b.email(r), Website: b.website(r), TaxID: r.get("FEIN"),
		TaxStatus: known(r.get("IRSStatus")), LegalStatus: known(r.get("LegalStatus"))}
	if alt := r.get("AlternateName"); alt != o.Name {
		o.AlternateName = alt
	}
	if o.Name == "" {
		o.Name = "Agency " + num
		b.warn(r, "PublicName", "is empty; named %q", o.Name)
	}
	if o.Description == "" {
		o.Description = o.Name // HSDS 3.0 requires a description
	}
	o.Phones = b.phones(r, "agency")
	a := &agency{row: r, org: o, active: active, locs: map[string]*directory.Location{}}
	if l := b.location(r, a); l != nil {
		a.locs[l.ID] = l
	}
	return a
}

// site adds a site row to its agency as a location.
func (b *builder) site(r row) {
	a := b.agencies[r.get("ParentAgencyNum")]
	if a == nil {
		b.fail(r, "ParentAgencyNum", "no agency %q in the file; the site was left out", clip(r.get("ParentAgencyNum")))
		return
	}
	if active, _ := b.status(r); !active {
		return
	}
	l := b.location(r, a)
	if l == nil {
		b.warn(r, "PhysicalAddress1", "the site has no address or coordinates; left out")
		return
	}
	l.Name = name(r)
	l.ExternalIdentifier, l.ExternalIdentifierType = r.get("ResourceAgencyNum"), "icarol:ResourceAgencyNum"
	l.Phones = b.phones(r, "site")
	a.locs[l.ID] = l
}

// name is a row's public name, else its official or alternate name.
func name(r row) string {
	for _, c := range []string{"PublicName", "OfficialName", "AlternateName"} {
		if v := r.get(c); v != "" {
			return v
		}
	}
	return ""
}

// known drops iCarol's "None or unknown".
func known(v string) string {
	if strings.EqualFold(v, "none or unknown") || v == "-1" {
		return ""
	}
	return v
}

// clip keeps quoted source values short in messages.
func clip(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
