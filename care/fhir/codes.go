package fhir

import (
	"strings"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"handoff/care"
	"handoff/directory"
)

// Profiles the resources claim in meta.profile.
const (
	ProfileTask              = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-TaskForReferralManagement"
	ProfileServiceRequest    = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-ServiceRequest"
	ProfileConsent           = "http://hl7.org/fhir/us/sdoh-clinicalcare/StructureDefinition/SDOHCC-Consent"
	ProfileHealthcareService = "http://hl7.org/fhir/us/hsds/StructureDefinition/hsds-HealthcareService"
	ProfileOrganization      = "http://hl7.org/fhir/us/hsds/StructureDefinition/hsds-Organization"
	ProfileLocation          = "http://hl7.org/fhir/us/hsds/StructureDefinition/hsds-Location"
)

// Code systems.
const (
	SystemTaskCode          = "http://hl7.org/fhir/CodeSystem/task-code"
	SystemSDOHCC            = "http://hl7.org/fhir/us/sdoh-clinicalcare/CodeSystem/SDOHCC-CodeSystemTemporaryCodes"
	SystemActCode           = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	SystemConfidentiality   = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality"
	SystemConsentScope      = "http://terminology.hl7.org/CodeSystem/consentscope"
	SystemParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	SystemLanguage          = "urn:ietf:bcp:47"
	// Handoff's own vocabularies (DESIGN.md), under the project's example domain.
	SystemNeed        = "https://handoff.example/fhir/CodeSystem/need"
	SystemLevelOfCare = "https://handoff.example/fhir/CodeSystem/level-of-care"
	SystemOutcome     = "https://handoff.example/fhir/CodeSystem/referral-outcome"
	SystemRole        = "https://handoff.example/fhir/CodeSystem/program-role"
)

// taskStatuses maps a referral's status onto Task.status. Handoff's statuses are the
// SDOHCC ReferralTaskStatus value set exactly (Task status without ready and received),
// so the map is one to one; the test walks it against care.Statuses.
var taskStatuses = map[care.Status]r4.TaskStatus{
	care.StatusDraft:          r4.TaskStatusDraft,
	care.StatusRequested:      r4.TaskStatusRequested,
	care.StatusAccepted:       r4.TaskStatusAccepted,
	care.StatusRejected:       r4.TaskStatusRejected,
	care.StatusCancelled:      r4.TaskStatusCancelled,
	care.StatusInProgress:     r4.TaskStatusInProgress,
	care.StatusOnHold:         r4.TaskStatusOnHold,
	care.StatusCompleted:      r4.TaskStatusCompleted,
	care.StatusFailed:         r4.TaskStatusFailed,
	care.StatusEnteredInError: r4.TaskStatusEnteredInError,
}

// TaskStatus is the Task.status of a referral in status s; false for an unknown status.
func TaskStatus(s care.Status) (r4.TaskStatus, bool) {
	t, ok := taskStatuses[s]
	return t, ok
}

// RequestStatus is the ServiceRequest.status that goes with a referral in status s. The
// request is the program's: active while the agency may still act on it, on hold while
// the program holds it, completed when the agency completed it, revoked when it ended
// otherwise (declined, failed or withdrawn: a new referral is a new request).
func RequestStatus(s care.Status) r4.RequestStatus {
	switch s {
	case care.StatusDraft:
		return r4.RequestStatusDraft
	case care.StatusRequested, care.StatusAccepted, care.StatusInProgress:
		return r4.RequestStatusActive
	case care.StatusOnHold:
		return r4.RequestStatusOnHold
	case care.StatusCompleted:
		return r4.RequestStatusCompleted
	case care.StatusRejected, care.StatusFailed, care.StatusCancelled:
		return r4.RequestStatusRevoked
	case care.StatusEnteredInError:
		return r4.RequestStatusEnteredInError
	}
	return r4.RequestStatusUnknown
}

// sdohCategories maps a handoff:need onto the SDOHCC SDOH category value set; needs with
// no SDOH domain (crisis, treatment, health, legal, other) are sdoh-category-unspecified.
var sdohCategories = map[string][2]string{
	"food":           {"food-insecurity", "Food Insecurity"},
	"housing":        {"housing-instability", "Housing Instability"},
	"transportation": {"transportation-insecurity", "Transportation Insecurity"},
	"employment":     {"employment-status", "Employment Status"},
	"benefits":       {"financial-insecurity", "Financial Insecurity"},
}

// SDOHCategory is the SDOHCC category coding of a need.
func SDOHCategory(need string) r4.Coding {
	c, ok := sdohCategories[need]
	if !ok {
		c = [2]string{"sdoh-category-unspecified", "SDOH Category Unspecified"}
	}
	return coding(SystemSDOHCC, c[0], c[1])
}

// substanceWords are the words of imported taxonomy terms (AIRS, Open Eligibility) that
// say a service is about substance use, as the import crosswalk reads them.
var substanceWords = []string{"substance", "alcohol", "opioid", "detox", "addiction", "drug use", "drug abuse", "chemical dependency"}

// SubstanceUse reports whether a referral is about substance use, and so falls under
// 42 CFR Part 2: its level of care is withdrawal management, or the service it goes to
// carries a taxonomy term about substance use. Handoff's own need codes say "treatment"
// for mental health and substance use alike, so the service's terms decide the rest; a
// label too many restricts a record, one too few would let it be redisclosed.
func SubstanceUse(r care.Referral, svc *directory.Service) bool {
	if r.LevelOfCare == "withdrawal_management" {
		return true
	}
	if svc == nil {
		return false
	}
	for _, a := range svc.Attributes {
		if a.TaxonomyTerm == nil {
			continue
		}
		if a.TaxonomyTerm.Taxonomy == directory.TaxonomyLevelOfCare && a.TaxonomyTerm.Code == "withdrawal_management" {
			return true
		}
		text := strings.ToLower(a.TaxonomyTerm.Name + " " + a.TaxonomyTerm.Description)
		for _, w := range substanceWords {
			if strings.Contains(text, w) {
				return true
			}
		}
	}
	return false
}

// Part2Labels are the security labels of a record about substance use: the law
// (ActCode 42CFRPart2), its refrain policy (ActCode NORDSCLCD: no redisclosure without
// the person's consent directive) and the confidentiality it asks (restricted).
func Part2Labels() []r4.Coding {
	return []r4.Coding{
		coding(SystemActCode, "42CFRPart2", "42 CFR Part2"),
		coding(SystemActCode, "NORDSCLCD", "no redisclosure without consent directive"),
		coding(SystemConfidentiality, "R", "restricted"),
	}
}

// roleLabels name the program roles in PractitionerRole.code.
var roleLabels = map[string]string{
	"peer": "Peer support specialist", "clinician": "Clinician", "coordinator": "Program coordinator",
	"agency": "Agency staff", "admin": "Administrator",
}

func coding(system, code, display string) r4.Coding {
	c := r4.Coding{System: &system, Code: &code}
	if display != "" {
		c.Display = &display
	}
	return c
}

// termLabel is the English label of a Handoff vocabulary code, or the code itself.
func termLabel(taxonomy, code string) string {
	if v, ok := directory.Vocab(taxonomy); ok {
		for _, t := range v.Terms {
			if t.Code == code {
				return t.Label
			}
		}
	}
	return code
}

func ptr[T any](v T) *T { return &v }
