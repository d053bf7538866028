package fhir

import (
	"slices"
	"time"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"handoff/care"
	"handoff/directory"
)

// instant formats a time as a FHIR instant/dateTime (UTC, to the second).
func instant(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return ptr(t.UTC().Format(time.RFC3339))
}

func ref(kind, id string) *r4.Reference { return &r4.Reference{Reference: ptr(kind + "/" + id)} }

// meta is a resource's meta: its profile, and the Part 2 labels when they apply.
func (e *Export) meta(profile string, version int, updated time.Time) *r4.Meta {
	m := &r4.Meta{LastUpdated: instant(updated)}
	if version > 0 {
		m.VersionId = ptr(itoa(version))
	}
	if profile != "" {
		m.Profile = []string{profile}
	}
	if e.SubstanceUse() {
		m.Security = Part2Labels()
	}
	if m.LastUpdated == nil && m.VersionId == nil && m.Profile == nil && m.Security == nil {
		return nil
	}
	return m
}

// reasonWithheld is the status reason an agency reads when the program's reason is not
// shared with it: SDOHCC asks for a reason text with rejected, cancelled, on-hold and
// failed, and saying that one was withheld is true where inventing one is not.
const reasonWithheld = "A reason was given; it is not shared without the person's consent."

// Task is the referral as an SDOHCC Task for referral management: its status is the
// referral's (TaskStatus), with the reason of the latest move as statusReason and the
// outcome as businessStatus; it fulfils the ServiceRequest of the same id, for the
// Patient, requested by the maker's PractitionerRole and owned by the receiving
// organization.
func Task(e *Export) r4.Task {
	r := e.Referral
	status, _ := TaskStatus(r.Status)
	t := r4.Task{
		Id:           ptr(r.ID),
		Meta:         e.meta(ProfileTask, r.Version, r.UpdatedAt),
		Status:       status,
		Intent:       "order",
		Priority:     priority(r.Need),
		Code:         &r4.CodeableConcept{Coding: []r4.Coding{coding(SystemTaskCode, "fulfill", "Fulfill the focal request")}},
		Focus:        ref("ServiceRequest", r.ID),
		AuthoredOn:   instant(r.CreatedAt),
		LastModified: instant(r.UpdatedAt),
		Requester:    ref("PractitionerRole", e.Requester.ID),
		Description:  ptr("Referral for " + termLabel(directory.TaxonomyNeed, r.Need)),
	}
	if e.PatientID != "" {
		t.For = ref("Patient", e.PatientID)
	}
	if org := e.performingOrgID(); org != "" {
		t.Owner = ref("Organization", org)
	}
	switch {
	case r.StatusReason != "" && r.Status != care.StatusEnteredInError:
		t.StatusReason = &r4.CodeableConcept{Text: ptr(r.StatusReason)}
	case r.Status.NeedsReason():
		t.StatusReason = &r4.CodeableConcept{Text: ptr(reasonWithheld)}
	}
	if r.Outcome != "" {
		t.BusinessStatus = &r4.CodeableConcept{
			Coding: []r4.Coding{coding(SystemOutcome, string(r.Outcome), r.Outcome.Label())},
			Text:   ptr(r.Outcome.Label()),
		}
	}
	if !r.AcceptedAt.IsZero() || !r.ClosedAt.IsZero() {
		t.ExecutionPeriod = &r4.Period{Start: instant(r.AcceptedAt), End: instant(r.ClosedAt)}
	}
	return t
}

// priority is urgent for a crisis, routine otherwise.
func priority(need string) *r4.RequestPriority {
	if need == "crisis" {
		return ptr(r4.RequestPriorityUrgent)
	}
	return ptr(r4.RequestPriorityRoutine)
}

// ServiceRequest is the referral as the SDOHCC ServiceRequest its Task fulfils: the
// need as SDOH category and Handoff code, the level of care, the service as performer,
// the service's locations, the consent as supporting information and the note when the
// reader may read it.
func ServiceRequest(e *Export) r4.ServiceRequest {
	r := e.Referral
	need := termLabel(directory.TaxonomyNeed, r.Need)
	code := r4.CodeableConcept{Coding: []r4.Coding{coding(SystemNeed, r.Need, need)}, Text: ptr("Referral for " + need)}
	if r.LevelOfCare != "" {
		loc := termLabel(directory.TaxonomyLevelOfCare, r.LevelOfCare)
		code.Coding = append(code.Coding, coding(SystemLevelOfCare, r.LevelOfCare, loc))
		code.Text = ptr("Referral for " + need + " (" + loc + ")")
	}
	sr := r4.ServiceRequest{
		Id:         ptr(r.ID),
		Meta:       e.meta(ProfileServiceRequest, r.Version, r.UpdatedAt),
		Status:     RequestStatus(r.Status),
		Intent:     r4.RequestIntentOrder,
		Category:   []r4.CodeableConcept{{Coding: []r4.Coding{SDOHCategory(r.Need)}}},
		Priority:   priority(r.Need),
		Code:       &code,
		AuthoredOn: instant(r.CreatedAt),
		Requester:  ref("PractitionerRole", e.Requester.ID),
	}
	if e.PatientID != "" {
		sr.Subject = *ref("Patient", e.PatientID)
	} else {
		// R4 asks for a subject; a referral made from an encounter with no one recorded
		// has none to name.
		sr.Subject = r4.Reference{Display: ptr("No person recorded")}
	}
	if r.ServiceID != "" && e.Service != nil {
		sr.Performer = []r4.Reference{*ref("HealthcareService", r.ServiceID)}
	} else if org := e.performingOrgID(); org != "" {
		sr.Performer = []r4.Reference{*ref("Organization", org)}
	}
	for _, l := range e.locations() {
		sr.LocationReference = append(sr.LocationReference, *ref("Location", l.ID))
	}
	if e.Consent != nil {
		sr.SupportingInfo = []r4.Reference{*ref("Consent", e.ConsentResourceID)}
	}
	if r.Note != "" {
		sr.Note = []r4.Annotation{{Text: r.Note, Time: instant(r.CreatedAt)}}
	}
	return sr
}

// Patient is the person as little as the referral needs: an id, and only while a
// consent shares them (Export.Person), the name or initials they gave, their phone and
// preferred language. No birth date, gender or address is kept, so none is sent; the
// US Core Patient profile, which asks for them, is not claimed.
func Patient(e *Export) r4.Patient {
	p := r4.Patient{Id: ptr(e.PatientID), Meta: e.meta("", 0, time.Time{})}
	if e.Person == nil {
		return p
	}
	p.Active = ptr(true)
	if e.Person.DisplayName != "" {
		p.Name = []r4.HumanName{{Use: ptr(r4.NameUseUsual), Text: ptr(e.Person.DisplayName)}}
	}
	if e.Person.Phone != "" {
		p.Telecom = []r4.ContactPoint{{System: ptr(r4.ContactPointSystemPhone), Value: ptr(e.Person.Phone)}}
	}
	if e.Person.PreferredLanguage != "" {
		p.Communication = []r4.PatientCommunication{{
			Language:  r4.CodeableConcept{Coding: []r4.Coding{coding(SystemLanguage, e.Person.PreferredLanguage, "")}},
			Preferred: ptr(true),
		}}
	}
	return p
}

// Consent is the person's consent as an SDOHCC Consent: a privacy consent to disclose
// information (ActCode IDSCL), when and how it was given, and one provision permitting
// the receiving organization, for the consent's term. Other organizations it names are
// not the reader's business and are left out.
func Consent(e *Export) r4.Consent {
	k := e.Consent
	status := r4.ConsentStateActive
	if !k.Active(e.Now) {
		status = r4.ConsentStateInactive
	}
	c := r4.Consent{
		Id:       ptr(e.ConsentResourceID),
		Meta:     e.meta(ProfileConsent, 0, time.Time{}),
		Status:   status,
		Scope:    r4.CodeableConcept{Coding: []r4.Coding{coding(SystemConsentScope, "patient-privacy", "Privacy Consent")}},
		Category: []r4.CodeableConcept{{Coding: []r4.Coding{coding(SystemActCode, "IDSCL", "information disclosure")}}},
		DateTime: instant(k.GivenAt),
		SourceAttachment: &r4.Attachment{
			Title:    ptr(string(k.Method) + " consent" + witnessed(k)),
			Creation: instant(k.GivenAt),
		},
	}
	if e.PatientID != "" {
		c.Patient = ref("Patient", e.PatientID)
	}
	if e.Requester.Organization != nil {
		c.Organization = []r4.Reference{*ref("Organization", e.Requester.Organization.ID)}
	}
	// R4 asks for a policy or a policy rule (ppc-1); a referral about substance use is
	// disclosed under 42 CFR Part 2.
	if e.SubstanceUse() {
		c.PolicyRule = &r4.CodeableConcept{Coding: []r4.Coding{coding(SystemActCode, "42CFRPart2", "42 CFR Part2")}}
	} else {
		c.PolicyRule = &r4.CodeableConcept{Text: ptr("Consent to share the person's details with the agencies they are referred to")}
	}
	end := k.ExpiresAt
	if !k.RevokedAt.IsZero() && k.RevokedAt.Before(end) {
		end = k.RevokedAt
	}
	prov := &r4.ConsentProvision{Type: ptr(r4.ConsentProvisionTypePermit), Period: &r4.Period{Start: instant(k.GivenAt), End: instant(end)}}
	if org := e.performingOrgID(); org != "" && (k.AnyTreatingProvider || slices.Contains(k.OrganizationIDs, org)) {
		prov.Actor = []r4.ConsentProvisionActor{{
			Role:      r4.CodeableConcept{Coding: []r4.Coding{coding(SystemParticipationType, "IRCP", "information recipient")}},
			Reference: *ref("Organization", org),
		}}
	}
	c.Provision = prov
	return c
}

func witnessed(k *care.Consent) string {
	if k.WitnessedBy != "" {
		return ", witnessed"
	}
	return ""
}

// PractitionerRole is the referral's maker: a program role, and the organization they
// work for when the directory has it. No name: agencies are not told who in the program
// made a referral, and the role is what they need.
func PractitionerRole(e *Export) r4.PractitionerRole {
	rq := e.Requester
	p := r4.PractitionerRole{Id: ptr(rq.ID), Meta: e.meta("", 0, time.Time{})}
	if rq.Role != "" {
		label := roleLabels[rq.Role]
		if label == "" {
			label = rq.Role
		}
		p.Code = []r4.CodeableConcept{{Coding: []r4.Coding{coding(SystemRole, rq.Role, label)}, Text: ptr(label)}}
	}
	if rq.Organization != nil {
		p.Organization = ref("Organization", rq.Organization.ID)
	}
	return p
}
