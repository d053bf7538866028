package csvimport

import (
	"slices"
	"strings"
)

// spec describes one table of the package: the names its file goes by (HSDS 1.x's first,
// then the Ohana API's), its columns, and the column names other exports use for them.
type spec struct {
	name     string // the resource name in HSDS 1.x's datapackage.json
	files    []string
	required []string // columns without which the table cannot be read
	optional []string
	aliases  map[string]string // other exports' column name → ours
	// dropped are known columns that are deliberately not imported, with the reason,
	// reported once when the file has values in them.
	dropped map[string]string
}

var specs = []*spec{
	{name: "organization", files: []string{"organizations.csv"},
		required: []string{"id", "name"},
		optional: []string{"alternate_name", "description", "email", "url", "tax_status", "tax_id", "year_incorporated",
			"date_incorporated", "legal_status", "logo", "uri", "parent_organization_id", "funding_sources"},
		aliases: map[string]string{"website": "url"},
		dropped: map[string]string{
			"accreditations": "HSDS 3.0 has accreditations on services, not organizations",
			"licenses":       "HSDS 3.0 has licenses on services, not organizations",
		}},
	{name: "program", files: []string{"programs.csv"},
		required: []string{"id", "name"},
		optional: []string{"organization_id", "alternate_name", "description"}},
	{name: "service", files: []string{"services.csv"},
		required: []string{"id", "name"},
		optional: []string{"organization_id", "location_id", "program_id", "alternate_name", "description", "url", "email",
			"status", "interpretation_services", "application_process", "wait_time", "fees", "fees_description",
			"accreditations", "licenses", "taxonomy_ids", "keywords", "languages", "service_areas", "required_documents",
			"funding_sources", "accepted_payments", "audience", "eligibility", "eligibility_description", "minimum_age",
			"maximum_age", "assured_date", "assurer_email", "alert"},
		aliases: map[string]string{"website": "url", "payments_accepted": "accepted_payments"}},
	{name: "service_taxonomy", files: []string{"services_taxonomy.csv", "service_taxonomy.csv", "services_taxonomies.csv"},
		required: []string{"service_id", "taxonomy_id"},
		optional: []string{"id", "taxonomy_detail"}},
	{name: "service_at_location", files: []string{"services_at_location.csv", "service_at_location.csv", "services_at_locations.csv"},
		required: []string{"service_id", "location_id"},
		optional: []string{"id", "description"}},
	{name: "location", files: []string{"locations.csv"},
		required: []string{"id"},
		optional: []string{"organization_id", "name", "alternate_name", "description", "short_desc", "transportation",
			"latitude", "longitude", "email", "url", "languages", "accessibility", "virtual", "location_type",
			"external_identifier", "external_identifier_type"},
		aliases: map[string]string{"website": "url", "lat": "latitude", "lon": "longitude", "lng": "longitude", "long": "longitude"},
		dropped: map[string]string{"admin_emails": "the Ohana editors' logins are not directory data"}},
	{name: "phone", files: []string{"phones.csv"},
		required: []string{"id", "number"},
		optional: []string{"location_id", "service_id", "organization_id", "contact_id", "service_at_location_id",
			"extension", "type", "language", "description", "department", "country_prefix", "vanity_number"},
		aliases: map[string]string{"number_type": "type", "languages": "language"}},
	{name: "contact", files: []string{"contacts.csv"},
		required: []string{"id"},
		optional: []string{"organization_id", "service_id", "service_at_location_id", "location_id", "name", "title",
			"department", "email"}},
	{name: "physical_address", files: []string{"physical_addresses.csv", "addresses.csv"},
		required: []string{"location_id", "address_1"},
		optional: addressColumns, aliases: addressAliases},
	{name: "postal_address", files: []string{"postal_addresses.csv", "mail_addresses.csv"},
		required: []string{"location_id", "address_1"},
		optional: addressColumns, aliases: addressAliases},
	{name: "regular_schedule", files: []string{"regular_schedules.csv"},
		required: []string{"weekday"},
		optional: []string{"id", "service_id", "location_id", "service_at_location_id", "opens_at", "closes_at", "description",
			"original_text"},
		aliases: map[string]string{"day": "weekday", "opens": "opens_at", "closes": "closes_at"}},
	{name: "holiday_schedule", files: []string{"holiday_schedules.csv"},
		required: []string{"start_date"},
		optional: []string{"id", "service_id", "location_id", "service_at_location_id", "closed", "opens_at", "closes_at", "end_date"},
		aliases:  map[string]string{"opens": "opens_at", "closes": "closes_at"}},
	{name: "service_area", files: []string{"service_areas.csv"},
		required: []string{"service_id"},
		optional: []string{"id", "service_area", "description"},
		aliases:  map[string]string{"name": "service_area"}},
	{name: "language", files: []string{"languages.csv"},
		required: []string{"language"},
		optional: []string{"id", "service_id", "location_id"}},
	{name: "eligibility", files: []string{"eligibility.csv", "eligibilities.csv"},
		required: []string{"service_id", "eligibility"},
		optional: []string{"id"}},
	{name: "accessibility_for_disabilities", files: []string{"accessibility_for_disabilities.csv"},
		required: []string{"location_id", "accessibility"},
		optional: []string{"id", "details"}},
	{name: "taxonomy", files: []string{"taxonomy.csv", "taxonomies.csv", "taxonomy_terms.csv"},
		required: []string{"id", "name"},
		optional: []string{"parent_id", "parent_name", "vocabulary"},
		aliases:  map[string]string{"taxonomy_id": "id"}},
	{name: "funding", files: []string{"funding.csv", "fundings.csv"},
		required: []string{"source"},
		optional: []string{"id", "organization_id", "service_id"}},
	{name: "required_document", files: []string{"required_documents.csv"},
		required: []string{"service_id", "document"},
		optional: []string{"id"}},
	{name: "payment_accepted", files: []string{"payments_accepted.csv", "accepted_payments.csv"},
		required: []string{"service_id", "payment"},
		optional: []string{"id"}},
}

var (
	addressColumns = []string{"id", "attention", "address_2", "address_3", "address_4", "city", "region",
		"state_province", "postal_code", "country"}
	addressAliases = map[string]string{"address1": "address_1", "address2": "address_2", "state": "state_province",
		"zip": "postal_code", "zip_code": "postal_code", "postcode": "postal_code"}
)

// notImported are tables of HSDS 1.x that are known and deliberately left out, with why.
var notImported = map[string]string{
	"metadata.csv":                "the source's edit history; Handoff keeps its own change feed",
	"meta_table_descriptions.csv": "describes the source's tables, not services",
}

// canonical is our name of a header cell: case, surrounding space, a byte-order mark and
// spaces or hyphens for underscores do not matter.
func (sp *spec) canonical(h string) string {
	h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
	h = strings.NewReplacer(" ", "_", "-", "_").Replace(h)
	if a, ok := sp.aliases[h]; ok {
		return a
	}
	return h
}

// knows reports whether c is a column of the table.
func (sp *spec) knows(c string) bool {
	_, dropped := sp.dropped[c]
	return dropped || slices.Contains(sp.required, c) || slices.Contains(sp.optional, c)
}

func specNamed(name string) *spec {
	for _, sp := range specs {
		if sp.name == name {
			return sp
		}
	}
	panic("csvimport: no table " + name)
}

// Tables are the names of the tables a package may hold, in the order they are read.
func Tables() []string {
	out := make([]string, len(specs))
	for i, sp := range specs {
		out[i] = sp.name
	}
	return out
}
