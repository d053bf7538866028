// Package fhir maps a referral onto HL7 FHIR R4 resources as HL7's Gravity SDOH Clinical
// Care implementation guide (SDOHCC) shapes closed-loop referrals: a Task for referral
// management whose status is the referral's, the ServiceRequest it fulfils, a minimal
// Patient, the Consent the referral was shared under, the requesting PractitionerRole,
// and the performing HealthcareService, Organization and Location as the HL7 Human
// Services Directory guide builds them from HSDS records.
//
// The package decides nothing about who may see what: the caller passes an Export that
// holds only what the reader may see (the person's details, the note and the program's
// reasons already withheld where the JSON API withholds them), and the ids the reader may
// know. It adds the 42 CFR Part 2 security labels to every resource of a referral about
// substance use (SubstanceUse).
//
// The resources are github.com/samply/golang-fhir-models (R4 4.0.1, generated from the
// specification). Its value[x] choices of Task.input and Task.output are plain fields
// that all marshal, so no Task.output is written: the outcome travels in
// Task.businessStatus instead.
package fhir
