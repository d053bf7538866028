package store

import (
	"fmt"
	"slices"
)

// childTable is one kind of child row of a directory record: a service's phones, a
// location's addresses… A child belongs to exactly one parent, named by one column; a
// write of the parent creates, changes and deletes only its own children, so that no
// client id can reach into another record (issue 11).
type childTable struct {
	parent string // the parent entity: "service", "service_at_location", "location", "organization"
	list   string // the child's list in the parent's JSON: "phones"
	kind   string // the child, in words: "phone"
	t      *table
	col    string // the column naming the parent: "service_id"; link_id for attributes
	// entity is the column naming the parent's kind, for tables shared by several kinds
	// of parent through one id column (attributes.link_entity).
	entity string

	// Computed by init from the above.
	match    string // the condition selecting the parent's children, with $1 the parent's id
	upsert   string // insert, or update a row that already has this parent; nothing else
	colAt    int    // index of col in the table's arguments
	entityAt int    // index of entity, or -1
	idAt     int    // index of id
	others   []int  // indexes of the table's other owner columns, cleared on write
}

// ownerColumns are, per table shared by several kinds of parent, the columns that can name
// an owner. A row has one owner (see the migration): a write sets its parent's column and
// clears the others, so that a phone of service A naming location B does not show up in B.
var ownerColumns = map[string][]string{
	"phones":    {"service_id", "location_id", "organization_id", "service_at_location_id"},
	"schedules": {"service_id", "location_id", "service_at_location_id"},
	"languages": {"service_id", "location_id"},
}

// childTables is the one list of the directory's child tables, in the order a parent's
// children are deleted: a service_at_location's own children before it.
var childTables = []*childTable{
	{parent: "service_at_location", list: "phones", kind: "phone", t: tPhones, col: "service_at_location_id"},
	{parent: "service_at_location", list: "schedules", kind: "schedule", t: tSchedules, col: "service_at_location_id"},
	{parent: "service", list: "service_at_locations", kind: "service_at_location", t: tSAL, col: "service_id"},
	{parent: "service", list: "phones", kind: "phone", t: tPhones, col: "service_id"},
	{parent: "service", list: "schedules", kind: "schedule", t: tSchedules, col: "service_id"},
	{parent: "service", list: "service_areas", kind: "service area", t: tServiceAreas, col: "service_id"},
	{parent: "service", list: "languages", kind: "language", t: tLanguages, col: "service_id"},
	{parent: "service", list: "cost_options", kind: "cost option", t: tCostOptions, col: "service_id"},
	{parent: "service", list: "capacities", kind: "capacity", t: tCapacities, col: "service_id"},
	{parent: "service", list: "attributes", kind: "attribute", t: tAttributes, col: "link_id", entity: "link_entity"},
	{parent: "location", list: "addresses", kind: "address", t: tAddresses, col: "location_id"},
	{parent: "location", list: "phones", kind: "phone", t: tPhones, col: "location_id"},
	{parent: "location", list: "schedules", kind: "schedule", t: tSchedules, col: "location_id"},
	{parent: "location", list: "languages", kind: "language", t: tLanguages, col: "location_id"},
	{parent: "location", list: "attributes", kind: "attribute", t: tAttributes, col: "link_id", entity: "link_entity"},
	{parent: "organization", list: "phones", kind: "phone", t: tPhones, col: "organization_id"},
	{parent: "organization", list: "attributes", kind: "attribute", t: tAttributes, col: "link_id", entity: "link_entity"},
}

// childDeletes are, per parent entity, the statements that delete all its children
// (grandchildren first), each with $1 the parent's id.
var childDeletes = map[string][]string{}

func init() {
	for _, c := range childTables {
		c.match = fmt.Sprintf(`"%s" = $1`, c.col)
		guard := fmt.Sprintf(`%s."%s" = excluded."%s"`, c.t.name, c.col, c.col)
		c.entityAt = -1
		if c.entity != "" {
			c.match = fmt.Sprintf(`"%s" = '%s' AND %s`, c.entity, c.parent, c.match)
			guard = fmt.Sprintf(`%s."%s" = excluded."%s" AND %s`, c.t.name, c.entity, c.entity, guard)
			c.entityAt = columnAt(c.t, c.entity)
		}
		// ON CONFLICT … DO UPDATE … WHERE: a row of another parent is left alone and the
		// statement reports no row written, in the same statement as the write, so that
		// no concurrent change can come between a check and the write.
		c.upsert = c.t.upsert + " WHERE " + guard
		c.colAt = columnAt(c.t, c.col)
		c.idAt = columnAt(c.t, "id")
		for _, o := range ownerColumns[c.t.name] {
			if o != c.col {
				c.others = append(c.others, columnAt(c.t, o))
			}
		}
	}
	for _, c := range childTables {
		// The children of c's rows, when c is itself a parent, go first.
		for _, g := range childTables {
			if g.parent == c.kind {
				childDeletes[c.parent] = append(childDeletes[c.parent], fmt.Sprintf(
					`DELETE FROM %s WHERE "%s" IN (SELECT id FROM %s WHERE %s)`, g.t.name, g.col, c.t.name, c.match))
			}
		}
		childDeletes[c.parent] = append(childDeletes[c.parent], fmt.Sprintf(`DELETE FROM %s WHERE %s`, c.t.name, c.match))
	}
}

// columnAt is the index of a column among a table's arguments; the list is fixed at
// build time, so a missing column is a programming error.
func columnAt(t *table, col string) int {
	i := slices.Index(t.cols, col)
	if i < 0 {
		panic("store: no column " + col + " in " + t.name)
	}
	return i
}

// childOf returns the child table of a parent's list ("service", "phones").
func childOf(parent, list string) *childTable {
	for _, c := range childTables {
		if c.parent == parent && c.list == list {
			return c
		}
	}
	panic("store: no child list " + parent + "." + list)
}

// ForeignChildError refuses a write that names, as a child of the record written, a row
// that belongs to another record (another service's phone, another location's address…),
// even one of the same organization. Nothing of the write is kept. A child with an id
// that exists nowhere is created; one of the record itself is changed.
type ForeignChildError struct {
	Field string // the JSON path of the child's id in the record: "phones[0].id"
	Kind  string // "phone"
	ID    string
}

// Error names the field without saying whose the row is.
func (e *ForeignChildError) Error() string {
	return fmt.Sprintf("%s: the %s %s belongs to another record", e.Field, e.Kind, e.ID)
}

// Message is the sentence for the field, for clients.
func (e *ForeignChildError) Message() string {
	return "is the id of a " + e.Kind + " of another record; a record's children are its own: leave the id out to add a new " + e.Kind
}
