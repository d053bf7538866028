package icarol

import "strings"

// columns are the only columns read. Anything not listed here, the staff and internal
// columns above all, is never indexed, so it cannot be read by mistake.
var columns = []string{
	"ResourceAgencyNum", "PublicName", "AlternateName", "OfficialName", "TaxonomyLevelName", "ParentAgencyNum",
	"PhysicalAddress1", "PhysicalAddress2", "PhysicalCity", "PhysicalCounty", "PhysicalStateProvince",
	"PhysicalPostalCode", "PhysicalCountry", "Latitude", "Longitude", "HoursOfOperation",
	"Phone1Number", "Phone1Name", "Phone2Number", "Phone2Name", "Phone3Number", "Phone3Name",
	"Phone4Number", "Phone4Name", "Phone5Number", "Phone5Description", "PhoneFax", "PhoneTTY",
	"PhoneTollFree", "PhoneNumberHotline", "PhoneNumberBusinessLine", "PhoneNumberOutOfArea",
	"PhoneNumberAfterHours", "EmailAddressMain", "WebsiteAddress", "AgencyStatus", "AgencyDescription",
	"CoverageArea", "CoverageAreaText", "Eligibility", "IRSStatus", "FEIN", "LegalStatus",
	"ExcludeFromWebsite", "DisabilitiesAccess", "BusServiceAccess", "PublicAccessTransportation",
	"FeeStructureSource", "ApplicationProcess", "DocumentsRequired", "LanguagesOffered",
	"UpdatedOn", "LastVerifiedOn", "TaxonomyTerms", "TaxonomyCodes",
}

// required are the columns without which the file is not an iCarol export.
var required = []string{"ResourceAgencyNum", "TaxonomyLevelName", "ParentAgencyNum"}

// staffPrefixes name the columns that hold staff names, contacts and internal notes.
var staffPrefixes = []string{"SeniorWorker", "MainContact", "LastVerifiedBy", "LastVerificationApprovedBy", "InternalNotes"}

// isStaff says whether a column is a staff or internal one.
func isStaff(col string) bool {
	for _, p := range staffPrefixes {
		if strings.HasPrefix(col, p) {
			return true
		}
	}
	return false
}
