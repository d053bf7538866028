package fhir

import (
	"time"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Software names the server in the CapabilityStatement.
const Software = "Handoff"

// Capability is the server's CapabilityStatement: FHIR R4 (4.0.1) in JSON, read-only, the
// Task and ServiceRequest of each referral and the referral's Bundle, each readable by
// id, with the profiles they claim; the others appear inside the Bundle only.
// Authorization is the JSON API's: a bearer API token (or the session).
func Capability(base, version string, date time.Time) r4.CapabilityStatement {
	read := []r4.CapabilityStatementRestResourceInteraction{{Code: r4.TypeRestfulInteractionRead}}
	resource := func(t r4.ResourceType, profile, doc string) r4.CapabilityStatementRestResource {
		r := r4.CapabilityStatementRestResource{Type: t, Interaction: read, Documentation: ptr(doc)}
		if profile != "" {
			r.SupportedProfile = []string{profile}
		}
		return r
	}
	return r4.CapabilityStatement{
		Url:          ptr(base + "/metadata"),
		Name:         ptr("HandoffReferralExport"),
		Title:        ptr("Handoff: referrals as FHIR R4"),
		Status:       r4.PublicationStatusActive,
		Experimental: ptr(false),
		Date:         date.UTC().Format(time.RFC3339),
		Publisher:    ptr("Handoff"),
		Description: ptr("Closed-loop referrals made in Handoff, as HL7 Gravity SDOH Clinical Care (SDOHCC) Task and ServiceRequest " +
			"resources, with the performing service as in the HL7 Human Services Directory guide. Read-only."),
		Kind:           r4.CapabilityStatementKindInstance,
		Software:       &r4.CapabilityStatementSoftware{Name: Software, Version: nonEmpty(version)},
		Implementation: &r4.CapabilityStatementImplementation{Description: "Handoff referral export", Url: ptr(base)},
		FhirVersion:    r4.FHIRVersion4_0_1,
		Format:         []string{"application/fhir+json", "json"},
		ImplementationGuide: []string{
			"http://hl7.org/fhir/us/sdoh-clinicalcare/ImplementationGuide/hl7.fhir.us.sdoh-clinicalcare",
			"http://hl7.org/fhir/us/hsds/ImplementationGuide/hl7.fhir.us.hsds",
		},
		Rest: []r4.CapabilityStatementRest{{
			Mode: r4.RestfulCapabilityModeServer,
			Documentation: ptr("Every read is audited. Agency staff read only the referrals sent to their organization, and the " +
				"person's details only while a consent covers it. Records about substance use carry the 42 CFR Part 2 labels " +
				"(ActCode 42CFRPart2, NORDSCLCD) in meta.security."),
			Security: &r4.CapabilityStatementRestSecurity{
				Description: ptr("Send Authorization: Bearer TOKEN with a Handoff API token (POST /api/v1/me/tokens)."),
			},
			Resource: []r4.CapabilityStatementRestResource{
				resource(r4.ResourceTypeTask, ProfileTask, "A referral: its status follows the referral's."),
				resource(r4.ResourceTypeServiceRequest, ProfileServiceRequest, "What a referral asks for; the Task of the same id fulfils it."),
				resource(r4.ResourceTypeBundle, "", "GET Bundle/{referral id}: a collection Bundle of the referral with every resource it references."),
			},
		}},
	}
}
