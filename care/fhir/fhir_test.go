package fhir_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"handoff/care"
	"handoff/care/fhir"
	"handoff/directory"
	"handoff/internal/fhirschema"
)

const base = "https://handoff.example.org/fhir"

func f64(v float64) *float64 { return &v }

// export builds a referral the way the API does for the program, with everything a
// Bundle can hold, in status s.
func export(need, level string, s care.Status) *fhir.Export {
	at := time.Date(2026, 11, 30, 14, 5, 0, 0, time.UTC)
	org := directory.Organization{ID: "3f0b7a52-7d0c-4a59-9a57-5c1d5f0e0a01", Name: "Valley Recovery", Email: "intake@valley.example",
		Website: "https://valley.example", Phones: []directory.Phone{{Number: "413-555-0100"}}}
	prog := directory.Organization{ID: "3f0b7a52-7d0c-4a59-9a57-5c1d5f0e0a02", Name: "Co-responder program"}
	loc := directory.Location{ID: "3f0b7a52-7d0c-4a59-9a57-5c1d5f0e0a03", Name: "Main St", OrganizationID: org.ID,
		Latitude: f64(42.1015), Longitude: f64(-72.5898), Phones: []directory.Phone{{Number: "413-555-0101", Type: "fax"}},
		Addresses: []directory.Address{{Address1: "1 Main St", City: "Springfield", StateProvince: "MA", PostalCode: "01103", Country: "US", AddressType: "physical"}}}
	svc := directory.Service{ID: "3f0b7a52-7d0c-4a59-9a57-5c1d5f0e0a04", OrganizationID: org.ID, Name: "Recovery program", Status: "active",
		Description: "Help.", LastModified: "2026-11-01T10:00:00Z", Organization: &org,
		ServiceAtLocations: []directory.ServiceAtLocation{{ID: "sal", Location: &loc}},
		Languages:          []directory.Language{{Code: "es", Name: "Spanish"}},
		Attributes: []directory.Attribute{
			{TaxonomyTerm: &directory.TaxonomyTerm{Taxonomy: directory.TaxonomyNeed, Code: need}},
			{TaxonomyTerm: &directory.TaxonomyTerm{Taxonomy: directory.TaxonomyLevelOfCare, Code: level}},
		}}
	r := care.Referral{ID: "3f0b7a52-7d0c-4a59-9a57-5c1d5f0e0a05", PersonID: "3f0b7a52-7d0c-4a59-9a57-5c1d5f0e0a06",
		ServiceID: svc.ID, OrganizationID: org.ID, Need: need, LevelOfCare: level, Mode: care.ModeLive, Status: s,
		Note: "Prefers mornings.", CreatedAt: at, UpdatedAt: at.Add(time.Hour), Version: 3}
	if s.NeedsReason() {
		r.StatusReason = "no beds tonight"
	}
	if s == care.StatusCompleted {
		r.Outcome = care.OutcomeGotHelp
	}
	if s == care.StatusFailed {
		r.Outcome = care.OutcomeCouldNotContact
	}
	if s != care.StatusDraft && s != care.StatusRequested {
		r.AcceptedAt = at.Add(30 * time.Minute)
	}
	if s.Closed() {
		r.ClosedAt = at.Add(time.Hour)
	}
	k := care.Consent{ID: "3f0b7a52-7d0c-4a59-9a57-5c1d5f0e0a07", PersonID: r.PersonID, OrganizationIDs: []string{org.ID},
		GivenAt: at.Add(-time.Hour), ExpiresAt: at.Add(365 * 24 * time.Hour), Method: care.MethodVerbal, WitnessedBy: "someone"}
	return &fhir.Export{Base: base, Referral: r, PatientID: r.PersonID,
		Person:  &care.Person{ID: r.PersonID, DisplayName: "J. R.", Phone: "413-555-0199", PreferredLanguage: "es"},
		Consent: &k, ConsentResourceID: k.ID, Service: &svc, Organization: &org,
		Requester: fhir.Requester{ID: fhir.RequesterID("user-1"), Role: "peer", Organization: &prog}, Now: at.Add(2 * time.Hour)}
}

func bundleJSON(t *testing.T, e *fhir.Export) []byte {
	t.Helper()
	b, err := fhir.Bundle(e)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// TestTaskStatusIsTheReferralStatus: every referral status has its Task status of the
// same code, and the ServiceRequest status that goes with it.
func TestTaskStatusIsTheReferralStatus(t *testing.T) {
	for _, s := range care.Statuses() {
		ts, ok := fhir.TaskStatus(s)
		if !ok || ts.Code() != string(s) {
			t.Errorf("TaskStatus(%s) = %s, %v", s, ts.Code(), ok)
		}
		if fhir.RequestStatus(s).Code() == "unknown" {
			t.Errorf("RequestStatus(%s) is unknown", s)
		}
	}
	if _, ok := fhir.TaskStatus("sent"); ok {
		t.Error("an unknown status maps to a Task status")
	}
}

// TestBundleValidatesInEveryStatus: the Bundle of a referral in each status, with and
// without substance use, validates against the FHIR R4 JSON Schema and SDOHCC's rules,
// and so do its Task and ServiceRequest on their own.
func TestBundleValidatesInEveryStatus(t *testing.T) {
	for _, s := range care.Statuses() {
		for _, c := range [][2]string{{"housing", "community_support"}, {"treatment", "withdrawal_management"}} {
			e := export(c[0], c[1], s)
			raw := bundleJSON(t, e)
			if err := fhirschema.Validate(raw); err != nil {
				t.Fatalf("%s %s: schema: %v\n%s", s, c[0], err, raw)
			}
			if err := fhir.Check(raw); err != nil {
				t.Fatalf("%s %s: rules: %v\n%s", s, c[0], err, raw)
			}
			for _, res := range []any{fhir.Task(e), fhir.ServiceRequest(e)} {
				one, _ := json.Marshal(res)
				if err := fhirschema.Validate(one); err != nil {
					t.Fatalf("%s: %v\n%s", s, err, one)
				}
			}
		}
	}
}

// TestPart2Labels: a referral to withdrawal management, or to a service whose taxonomy
// says substance use, labels the Bundle and the person's record; housing does not.
func TestPart2Labels(t *testing.T) {
	sud := export("treatment", "withdrawal_management", care.StatusRequested)
	byTerm := export("treatment", "outpatient", care.StatusRequested)
	byTerm.Service.Attributes = append(byTerm.Service.Attributes, directory.Attribute{
		TaxonomyTerm: &directory.TaxonomyTerm{Taxonomy: "airs", Code: "RX-8450", Name: "Substance Use Disorder Treatment Programs"}})
	housing := export("housing", "community_support", care.StatusRequested)
	for _, tc := range []struct {
		name string
		e    *fhir.Export
		want bool
	}{{"withdrawal management", sud, true}, {"substance use term", byTerm, true}, {"housing", housing, false}} {
		raw := string(bundleJSON(t, tc.e))
		got := strings.Count(raw, `"code":"42CFRPart2"`)
		// Bundle, Task, ServiceRequest, Patient, Consent, PractitionerRole, and the
		// Consent's policy rule.
		if tc.want && (got != 7 || strings.Count(raw, `"code":"NORDSCLCD"`) != 6) {
			t.Errorf("%s: %d 42CFRPart2 labels, want 7:\n%s", tc.name, got, raw)
		}
		if !tc.want && (got != 0 || strings.Contains(raw, "NORDSCLCD")) {
			t.Errorf("%s: labelled:\n%s", tc.name, raw)
		}
	}
}

// TestPatientWithoutConsent: a reader no consent shares the person with gets a Patient
// with an id only, and no Consent.
func TestPatientWithoutConsent(t *testing.T) {
	e := export("housing", "community_support", care.StatusAccepted)
	e.Person, e.Consent, e.Referral.Note = nil, nil, ""
	e.PatientID = fhir.AgencyPatientID(e.Referral.ID)
	p, _ := json.Marshal(fhir.Patient(e))
	if want := `{"id":"` + e.PatientID + `","resourceType":"Patient"}`; string(p) != want {
		t.Errorf("Patient = %s, want %s", p, want)
	}
	raw := bundleJSON(t, e)
	for _, leak := range []string{"J. R.", "413-555-0199", "Prefers", `"Consent"`, e.Referral.PersonID} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the Bundle shows %q without consent", leak)
		}
	}
	if err := fhir.Check(raw); err != nil {
		t.Error(err)
	}
}

// TestCheckFindsBrokenRules: Check is not a rubber stamp: each rule broken on purpose
// in a valid Bundle is reported.
func TestCheckFindsBrokenRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		status care.Status
		breakf func(s string) string
		want   string
	}{
		{"request completed while the task waits", care.StatusRequested,
			func(s string) string { return strings.Replace(s, `"status":"active"`, `"status":"completed"`, 1) }, "does not go with"},
		{"failed without a reason", care.StatusFailed,
			func(s string) string { return strings.Replace(s, `"statusReason":{"text":"no beds tonight"},`, "", 1) }, "needs statusReason"},
		{"dangling reference", care.StatusAccepted,
			func(s string) string {
				return strings.Replace(s, `"reference":"Location/`, `"reference":"Location/x`, 1)
			}, "not in the Bundle"},
		{"a label missing", care.StatusAccepted,
			func(s string) string {
				i := strings.Index(s, `"resourceType":"Patient"`)
				j := strings.LastIndex(s[:i], `"meta":`)
				return s[:j] + `"meta":{},"x":` + s[j+len(`"meta":`):]
			}, "lacks the 42 CFR Part 2 labels"},
		{"status outside the value set", care.StatusAccepted,
			func(s string) string { return strings.Replace(s, `"status":"accepted"`, `"status":"received"`, 1) }, "ReferralTaskStatus"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw := string(bundleJSON(t, export("treatment", "withdrawal_management", tc.status)))
			if err := fhir.Check([]byte(raw)); err != nil {
				t.Fatalf("valid bundle refused: %v", err)
			}
			broken := tc.breakf(raw)
			if broken == raw {
				t.Fatal("the test did not change the Bundle")
			}
			err := fhir.Check([]byte(broken))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Check = %v, want %q", err, tc.want)
			}
		})
	}
}

// TestCapabilityAndOutcomeValidate: the CapabilityStatement and the OperationOutcomes of
// the error statuses are valid R4.
func TestCapabilityAndOutcomeValidate(t *testing.T) {
	cs, _ := json.Marshal(fhir.Capability(base, "dev", time.Now()))
	if !strings.Contains(string(cs), `"fhirVersion":"4.0.1"`) {
		t.Fatalf("not R4 4.0.1: %s", cs)
	}
	// The R4 schema's FHIRVersion enum was generated before 4.0.1 existed (it stops at
	// 4.0.0), so the one true value fails it; the rest of the statement is checked as is.
	cs = []byte(strings.Replace(string(cs), `"fhirVersion":"4.0.1"`, `"fhirVersion":"4.0.0"`, 1))
	if err := fhirschema.Validate(cs); err != nil {
		t.Fatalf("CapabilityStatement: %v\n%s", err, cs)
	}
	for _, st := range []int{400, 401, 403, 404, 406, 409, 500, 503} {
		o, _ := json.Marshal(fhir.OperationOutcome("4b1c7e0e-3c5f-4f55-9d36-0c1e8e1c2a10", st, "detail", nil))
		if err := fhirschema.Validate(o); err != nil {
			t.Fatalf("%d: %v\n%s", st, err, o)
		}
	}
	o, _ := json.Marshal(fhir.OperationOutcome("", 400, "", []fhir.Issue{{Field: "id", Message: "must be a UUID"}}))
	if err := fhirschema.Validate(o); err != nil || !strings.Contains(string(o), `"expression":["id"]`) {
		t.Fatalf("%v\n%s", err, o)
	}
}

// FuzzCheck: Check reads any bytes without panicking, and never passes a document that
// is not a Bundle with one Task.
func FuzzCheck(f *testing.F) {
	f.Add([]byte(`{"resourceType":"Bundle","entry":[]}`))
	f.Add([]byte(`{"resourceType":"Bundle","entry":[{"fullUrl":"x/Task/1","resource":{"resourceType":"Task","id":"1","code":[]}}]}`))
	f.Add([]byte(`[1,2]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := fhir.Check(b); err == nil && !strings.Contains(string(b), "Task") {
			t.Fatalf("Check passed %q", b)
		}
	})
}
