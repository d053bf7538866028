package csvimport

import (
	"fmt"
	"strings"

	"handoff/directory"
)

// builder joins the tables of a package into compiled services. Parents are built before
// their children; a child whose parent is missing is a problem of the child's row, and a
// child whose parent was rejected is left out quietly (the parent's row says why).
type builder struct {
	p     *pkg
	src   string
	opts  Options
	cw    *Crosswalk
	probs problems
	items []Item

	orgs     map[string]*orgNode
	programs map[string]*programNode
	locs     map[string]*locNode
	svcs     map[string]*svcNode
	svcOrder []*svcNode
	sals     map[string]*salNode
	contacts map[string]*contactNode
	tax      *taxonomy
	holder   *orgNode // the placeholder organization, once a service needs it
}

func newBuilder(p *pkg, src string, cw *Crosswalk) *builder {
	return &builder{p: p, src: src, cw: cw, orgs: map[string]*orgNode{}, programs: map[string]*programNode{},
		locs: map[string]*locNode{}, svcs: map[string]*svcNode{}, sals: map[string]*salNode{},
		contacts: map[string]*contactNode{}}
}

func (b *builder) build() {
	b.tax = b.readTaxonomy()
	b.buildOrganizations()
	b.buildPrograms()
	b.buildLocations()
	b.buildAddresses("physical_address", "physical")
	b.buildAddresses("postal_address", "postal")
	b.checkCoordinates()
	b.buildAccessibility()
	b.buildServices()
	b.buildServiceAtLocations()
	b.adoptOrganizations()
	b.buildLanguages()
	b.buildServiceLists()
	b.buildFunding()
	b.buildContacts()
	b.buildPhones()
	b.buildSchedules()
	b.attachExtras()
	b.finishServices()
	b.finishOrganizations()
}

// id is the HSDS id of a source row: the source id itself when it is a UUID, else a
// version-5 UUID of the source's name, the table and the source id.
func (b *builder) id(table, src string) string {
	if directory.IsUUID(src) {
		return src
	}
	return directory.StableID("csv", b.src, table, src)
}

// childID is the id of a value that has no row of its own (a language in a comma list):
// derived from its parent and the value, so that it is stable as long as the value is.
func (b *builder) childID(parentTable, parentSrc, kind, value string) string {
	return directory.StableID("csv", b.src, parentTable, parentSrc, kind, strings.ToLower(value))
}

// rowID is the id of a row of a table whose id column is optional: its own id when it has
// one, else one derived from its content, which is stable while the row is unchanged.
func (b *builder) rowID(table string, r row) string {
	if id := r.get("id"); id != "" {
		return b.id(table, id)
	}
	return directory.StableID("csv", b.src, table, "row", strings.Join(r.fields, "\x1f"))
}

// rows returns a table's rows, none when the package lacks it.
func (b *builder) rows(name string) []row {
	if t := b.p.tables[name]; t != nil {
		return t.rows
	}
	return nil
}

// unique walks the rows of a table that have a usable id, reporting empty and repeated ids.
func (b *builder) unique(name string, fn func(r row, src string)) {
	first := map[string]int{}
	for _, r := range b.rows(name) {
		src := r.get("id")
		switch {
		case src == "":
			b.probs.fail(r, "id", "is required")
			continue
		case first[src] != 0:
			b.probs.fail(r, "id", "%q repeats the row at line %d; this row was left out", clip(src), first[src])
			continue
		}
		first[src] = r.line
		fn(r, src)
	}
}

// missing is the message for a reference to a row that is not in its file.
func missing(what, src, file string) string {
	return fmt.Sprintf("no %s %q in %s", what, clip(src), file)
}

func fileOf(b *builder, table, fallback string) string {
	if t := b.p.tables[table]; t != nil {
		return t.file
	}
	return fallback
}
