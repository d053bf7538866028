package fhir

import (
	"encoding/json"
	"strconv"
	"time"

	r4 "github.com/samply/golang-fhir-models/fhir-models/fhir"

	"handoff/directory"
)

// The directory's resources follow the HL7 Human Services Directory guide (HSD), which
// builds HealthcareService, Organization and Location from HSDS records. They are public
// listings, not the person's record, so they carry no Part 2 labels of their own.

// HealthcareService is an HSDS service as an HSD HealthcareService: its needs as
// category, its levels of care as type, its phones, email and web address, languages,
// locations and organization.
func HealthcareService(svc directory.Service) r4.HealthcareService {
	h := r4.HealthcareService{
		Id:     ptr(svc.ID),
		Meta:   directoryMeta(ProfileHealthcareService, svc.LastModified),
		Active: ptr(svc.Status == "" || svc.Status == "active"),
		Name:   nonEmpty(svc.Name),
	}
	if svc.OrganizationID != "" {
		h.ProvidedBy = ref("Organization", svc.OrganizationID)
	}
	for _, a := range svc.Attributes {
		t := a.TaxonomyTerm
		if t == nil || t.Code == "" {
			continue
		}
		switch t.Taxonomy {
		case directory.TaxonomyNeed:
			h.Category = append(h.Category, r4.CodeableConcept{Coding: []r4.Coding{coding(SystemNeed, t.Code, termLabel(t.Taxonomy, t.Code))}})
		case directory.TaxonomyLevelOfCare:
			h.Type = append(h.Type, r4.CodeableConcept{Coding: []r4.Coding{coding(SystemLevelOfCare, t.Code, termLabel(t.Taxonomy, t.Code))}})
		}
	}
	h.Comment = nonEmpty(svc.Description)
	h.Telecom = telecom(svc.Phones, svc.Email, svc.URL)
	for _, sal := range svc.ServiceAtLocations {
		if sal.Location != nil {
			h.Location = append(h.Location, *ref("Location", sal.Location.ID))
		}
	}
	for _, l := range svc.Languages {
		if l.Code != "" {
			h.Communication = append(h.Communication, r4.CodeableConcept{Coding: []r4.Coding{coding(SystemLanguage, l.Code, l.Name)}})
		}
	}
	if svc.EligibilityDescription != "" {
		h.Eligibility = []r4.HealthcareServiceEligibility{{Comment: ptr(svc.EligibilityDescription)}}
	}
	return h
}

// Organization is an HSDS organization as an HSD Organization. Its parent is left out:
// a referral's Bundle holds every resource it references, and the parent is not the
// referral's business.
func Organization(o directory.Organization) r4.Organization {
	org := r4.Organization{
		Id:      ptr(o.ID),
		Meta:    directoryMeta(ProfileOrganization, ""),
		Active:  ptr(true),
		Name:    nonEmpty(o.Name),
		Telecom: telecom(o.Phones, o.Email, o.Website),
	}
	if o.AlternateName != "" {
		org.Alias = []string{o.AlternateName}
	}
	return org
}

// Location is an HSDS location as an HSD Location: its physical address and position.
func Location(l directory.Location) r4.Location {
	loc := r4.Location{
		Id:          ptr(l.ID),
		Meta:        directoryMeta(ProfileLocation, ""),
		Status:      ptr(r4.LocationStatusActive),
		Mode:        ptr(r4.LocationModeInstance),
		Name:        nonEmpty(l.Name),
		Description: nonEmpty(l.Description),
		Telecom:     telecom(l.Phones, "", l.URL),
	}
	if l.AlternateName != "" {
		loc.Alias = []string{l.AlternateName}
	}
	if l.OrganizationID != "" {
		loc.ManagingOrganization = ref("Organization", l.OrganizationID)
	}
	if l.Latitude != nil && l.Longitude != nil {
		loc.Position = &r4.LocationPosition{Latitude: number(*l.Latitude), Longitude: number(*l.Longitude)}
	}
	for _, a := range l.Addresses {
		if a.AddressType != "" && a.AddressType != "physical" {
			continue
		}
		addr := &r4.Address{Use: ptr(r4.AddressUseWork), Type: ptr(r4.AddressTypePhysical),
			City: nonEmpty(a.City), State: nonEmpty(a.StateProvince), PostalCode: nonEmpty(a.PostalCode), Country: nonEmpty(a.Country)}
		for _, line := range []string{a.Address1, a.Address2} {
			if line != "" {
				addr.Line = append(addr.Line, line)
			}
		}
		loc.Address = addr
		break
	}
	return loc
}

func directoryMeta(profile, lastModified string) *r4.Meta {
	m := &r4.Meta{Profile: []string{profile}}
	if t, err := time.Parse(time.RFC3339, lastModified); err == nil {
		m.LastUpdated = instant(t)
	}
	return m
}

func telecom(phones []directory.Phone, email, url string) []r4.ContactPoint {
	var out []r4.ContactPoint
	for _, p := range phones {
		if p.Number == "" {
			continue
		}
		sys := r4.ContactPointSystemPhone
		switch p.Type {
		case "fax":
			sys = r4.ContactPointSystemFax
		case "text":
			sys = r4.ContactPointSystemSms
		case "pager":
			sys = r4.ContactPointSystemPager
		}
		out = append(out, r4.ContactPoint{System: ptr(sys), Value: ptr(p.Number)})
	}
	if email != "" {
		out = append(out, r4.ContactPoint{System: ptr(r4.ContactPointSystemEmail), Value: ptr(email)})
	}
	if url != "" {
		out = append(out, r4.ContactPoint{System: ptr(r4.ContactPointSystemUrl), Value: ptr(url)})
	}
	return out
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func number(f float64) json.Number { return json.Number(strconv.FormatFloat(f, 'f', -1, 64)) }

func itoa(n int) string { return strconv.Itoa(n) }
