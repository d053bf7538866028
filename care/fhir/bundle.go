package fhir

import (
	"encoding/json"
	"fmt"
	"time"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"
)

// Bundle is the whole referral as one collection Bundle whose id is the referral's:
// the Task first, then the ServiceRequest, the Patient, the Consent (when shared), the
// requesting PractitionerRole and its organization, the HealthcareService, the receiving
// Organization and the service's Locations. Every entry's fullUrl is Base/Type/id, so
// that each relative reference inside resolves to an entry (FHIR's rule for references
// in a Bundle); a referral about substance use labels the Bundle too.
func Bundle(e *Export) (r4.Bundle, error) {
	b := r4.Bundle{
		Id:        ptr(e.Referral.ID),
		Meta:      &r4.Meta{LastUpdated: instant(e.Referral.UpdatedAt)},
		Type:      r4.BundleTypeCollection,
		Timestamp: instant(e.Now),
	}
	if e.SubstanceUse() {
		b.Meta.Security = Part2Labels()
	}
	var err error
	add := func(kind, id string, res any) {
		if err != nil || id == "" {
			return
		}
		for _, have := range b.Entry {
			if *have.FullUrl == e.Base+"/"+kind+"/"+id {
				return // one organization may both request and receive
			}
		}
		raw, merr := json.Marshal(res)
		if merr != nil {
			err = fmt.Errorf("fhir %s %s: %w", kind, id, merr)
			return
		}
		b.Entry = append(b.Entry, r4.BundleEntry{FullUrl: ptr(e.Base + "/" + kind + "/" + id), Resource: raw})
	}
	add("Task", e.Referral.ID, Task(e))
	add("ServiceRequest", e.Referral.ID, ServiceRequest(e))
	add("Patient", e.PatientID, Patient(e))
	if e.Consent != nil {
		add("Consent", e.ConsentResourceID, Consent(e))
	}
	add("PractitionerRole", e.Requester.ID, PractitionerRole(e))
	if o := e.Requester.Organization; o != nil {
		add("Organization", o.ID, Organization(*o))
	}
	if e.Service != nil {
		add("HealthcareService", e.Service.ID, HealthcareService(*e.Service))
	}
	switch {
	case e.Organization != nil:
		add("Organization", e.Organization.ID, Organization(*e.Organization))
	case e.Service != nil && e.Service.Organization != nil:
		add("Organization", e.Service.Organization.ID, Organization(*e.Service.Organization))
	}
	for _, l := range e.locations() {
		add("Location", l.ID, Location(l))
	}
	return b, err
}

// LastModified is when the referral last moved, for the Last-Modified header.
func (e *Export) LastModified() time.Time { return e.Referral.UpdatedAt }
