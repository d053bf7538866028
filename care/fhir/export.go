package fhir

import (
	"time"

	"handoff/care"
	"handoff/directory"
)

// Export is one referral as one reader may see it, with what the FHIR resources are
// built from. The caller fills it by the JSON API's rules; the mapping adds nothing the
// Export does not hold.
type Export struct {
	// Base is the absolute URL of the FHIR endpoint, such as https://handoff.example.org/fhir:
	// a Bundle entry's fullUrl is Base/Type/id.
	Base string
	// Referral holds the referral with its note and status reason as the reader may see
	// them (empty where withheld). Its PersonID and ConsentID are not used: PatientID and
	// ConsentResourceID are the ids the reader is given.
	Referral care.Referral
	// PatientID is the Patient's id: the person's id for the program, an id of this
	// referral's own for an agency (which is never told the program's person ids).
	// Empty: the referral names no person.
	PatientID string
	// Person holds the person's details the reader may see; nil while no consent shares
	// them (the Patient then carries its id only).
	Person *care.Person
	// Consent is the consent the referral is shared under, when the reader may see it;
	// ConsentResourceID is its id for this reader.
	Consent           *care.Consent
	ConsentResourceID string
	// Service is the compiled service the referral goes to (with its organization and
	// locations); nil when the listing is gone. Organization is the receiving
	// organization, kept by the referral even when the listing changed.
	Service      *directory.Service
	Organization *directory.Organization
	// Requester is who made the referral, as the PractitionerRole the reader sees.
	Requester Requester
	// Now is when the export is made: the Bundle's timestamp, and whether the consent is
	// still active.
	Now time.Time
}

// Requester is the maker of a referral as a PractitionerRole: a pseudonymous id (never
// the user's account id), the program role, and the organization the user works for,
// when the directory has it.
type Requester struct {
	ID           string
	Role         string
	Organization *directory.Organization
}

// RequesterID is the PractitionerRole id of a user: stable, so that one maker's
// referrals share it, and not the account id, which agencies are never told.
func RequesterID(userID string) string {
	if userID == "" {
		return directory.StableID("fhir", "practitioner-role", "unknown")
	}
	return directory.StableID("fhir", "practitioner-role", userID)
}

// AgencyPatientID is the Patient id an agency is given for a referral's person: one of
// the referral's own, so that the agency cannot join referrals by person.
func AgencyPatientID(referralID string) string {
	return directory.StableID("fhir", "patient", referralID)
}

// AgencyConsentID is the Consent id an agency is given for the consent a referral is
// shared under.
func AgencyConsentID(referralID string) string {
	return directory.StableID("fhir", "consent", referralID)
}

// SubstanceUse reports whether the exported referral is about substance use.
func (e *Export) SubstanceUse() bool { return SubstanceUse(e.Referral, e.Service) }

// performingOrgID is the receiving organization's id: the referral's own copy first.
func (e *Export) performingOrgID() string {
	switch {
	case e.Referral.OrganizationID != "":
		return e.Referral.OrganizationID
	case e.Organization != nil:
		return e.Organization.ID
	case e.Service != nil:
		return e.Service.OrganizationID
	}
	return ""
}

// locations are the service's locations, in the service's order, once each.
func (e *Export) locations() []directory.Location {
	if e.Service == nil {
		return nil
	}
	var out []directory.Location
	seen := map[string]bool{}
	for _, sal := range e.Service.ServiceAtLocations {
		if sal.Location == nil || seen[sal.Location.ID] {
			continue
		}
		seen[sal.Location.ID] = true
		out = append(out, *sal.Location)
	}
	return out
}
