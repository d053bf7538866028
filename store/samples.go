package store

import "handoff/directory"

// Zero values that name each directory type for the table mappings.
var (
	directoryOrganization directory.Organization
	directoryService      directory.Service
	directoryLocation     directory.Location
	directorySAL          directory.ServiceAtLocation
	directoryAddress      directory.Address
	directoryPhone        directory.Phone
	directorySchedule     directory.Schedule
	directoryServiceArea  directory.ServiceArea
	directoryLanguage     directory.Language
	directoryCostOption   directory.CostOption
	directoryTaxonomy     directory.Taxonomy
	directoryTerm         directory.TaxonomyTerm
	directoryAttribute    directory.Attribute
	directoryCapacity     directory.Capacity
)
