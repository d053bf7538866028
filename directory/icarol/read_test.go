package icarol

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"handoff/directory"
)

func readTestdata(t *testing.T) *Result {
	t.Helper()
	res, err := Read("testdata/export.csv", Options{Source: "test211"})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func services(res *Result) map[string]*directory.Service {
	out := map[string]*directory.Service{}
	for _, it := range res.Items {
		if it.Err == nil && it.Record.Service != nil {
			out[it.Record.Service.Name] = it.Record.Service
		}
	}
	return out
}

func TestReadMapsPrograms(t *testing.T) {
	res := readTestdata(t)
	svcs := services(res)
	if len(svcs) != 4 {
		t.Fatalf("services %v, want the four active programs with an agency", keys(svcs))
	}
	food := svcs["Harbor Food Pantry"]
	if food.Organization == nil || food.Organization.Name != "Harbor Family Services" || food.OrganizationID != directory.StableID("icarol", "test211", "agency", "100") {
		t.Errorf("organization %+v", food.Organization)
	}
	var phones []string
	for _, p := range food.Phones {
		phones = append(phones, p.Type+" "+p.Number+" "+p.Description)
	}
	want := []string{"voice (202) 555-0101 Intake Number", "textphone (202) 555-0102 TTY/TDD Number", "voice (800) 555-0103 Toll-free",
		"voice (202) 555-0104 Hotline", "voice (202) 555-0105 After hours"}
	if strings.Join(phones, "|") != strings.Join(want, "|") {
		t.Errorf("phones\n got %q\nwant %q", phones, want)
	}
	if len(food.Schedules) != 1 || food.Schedules[0].ByDay != "MO,TU,WE,TH,FR" || food.Schedules[0].OpensAt != "09:00" || food.Schedules[0].ClosesAt != "17:00" {
		t.Errorf("schedules %+v", food.Schedules)
	}
	var langs []string
	for _, l := range food.Languages {
		langs = append(langs, l.Code)
	}
	if strings.Join(langs, ",") != "en,es,am" {
		t.Errorf("languages %v", langs)
	}
	if len(food.ServiceAreas) != 2 || food.ServiceAreas[1].Name != "Ward 6" || food.ServiceAreas[0].Description != "Residents of DC" {
		t.Errorf("service areas %+v", food.ServiceAreas)
	}
	if !directory.IsFree(food) || food.EligibilityDescription != "DC residents" || food.ApplicationProcess != "Walk-In" ||
		!strings.Contains(string(food.RequiredDocuments), "Photo ID") {
		t.Errorf("fees, eligibility, process or documents: %+v", food)
	}
	if food.AssuredDate != "2012-05-08" || food.LastModified != "2012-05-09T15:19:00Z" {
		t.Errorf("assured %q, last modified %q", food.AssuredDate, food.LastModified)
	}
	if got := directory.TermCodes(food, directory.TaxonomyNeed); strings.Join(got, ",") != "food" {
		t.Errorf("needs %v", got)
	}
	if got := directory.TermCodes(food, "AIRS"); strings.Join(got, ",") != "BD-1800.2000" {
		t.Errorf("AIRS codes %v", got)
	}
	if len(food.ServiceAtLocations) != 1 || food.ServiceAtLocations[0].Location.Addresses[0].Address1 != "12 Example St NW" {
		t.Fatalf("location %+v", food.ServiceAtLocations)
	}
	if food.ServiceAtLocations[0].LocationID != directory.StableID("icarol", "test211", "agency", "100", "location", "12 example st nw 20001") {
		t.Error("the program at its agency's address does not share the agency's location")
	}

	crisis := svcs["Harbor Crisis Line"]
	if crisis.Alert == "" || !strings.Contains(strings.Join(directory.TermCodes(crisis, "icarol:flags"), ","), "do_not_refer") ||
		!strings.Contains(strings.Join(directory.TermCodes(crisis, "icarol:flags"), ","), "exclude_from_website") {
		t.Errorf("do not refer / exclude from website not flagged: %q %v", crisis.Alert, crisis.Attributes)
	}
	if len(crisis.Schedules) != 1 || crisis.Schedules[0].OpensAt != "00:00" || crisis.Schedules[0].ClosesAt != "23:59" {
		t.Errorf("24 hours: %+v", crisis.Schedules)
	}
	if got := directory.TermCodes(crisis, directory.TaxonomyLevelOfCare); strings.Join(got, ",") != "crisis_line" {
		t.Errorf("crisis line level %v", got)
	}
	tutoring := svcs["Harbor Tutoring"]
	if len(tutoring.Schedules) != 1 || tutoring.Schedules[0].Description != "Please inquire" || tutoring.Schedules[0].OpensAt != "" {
		t.Errorf("unreadable hours not kept as text: %+v", tutoring.Schedules)
	}
	if len(tutoring.ServiceAtLocations) != 0 {
		t.Errorf("a city alone made a location: %+v", tutoring.ServiceAtLocations)
	}
	clinic := svcs["Quiet Agency Evening Clinic"]
	if clinic == nil || clinic.Organization.Name != "Quiet Agency" || len(clinic.Schedules) != 2 || len(clinic.ServiceAtLocations) != 0 {
		t.Errorf("program of an inactive agency, 0,0 coordinates: %+v", clinic)
	}
	if res.Counts.InactivePrograms != 1 || res.Counts.DoNotRefer != 1 || res.Counts.HoursParsed != 3 || res.Counts.HoursAsText != 1 {
		t.Errorf("counts %+v", res.Counts)
	}
}

func keys(m map[string]*directory.Service) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestReadOrganizationsAndProblems(t *testing.T) {
	res := readTestdata(t)
	orgs := map[string]*directory.Organization{}
	for _, it := range res.Items {
		if it.Record.Organization != nil {
			orgs[it.Record.Organization.Name] = it.Record.Organization
		}
	}
	if len(orgs) != 2 || orgs["Closed Agency"] != nil {
		t.Errorf("organizations %v: want Harbor and Quiet (needed by an active program), not the closed one", orgs)
	}
	h := orgs["Harbor Family Services"]
	if h == nil || len(h.Locations) != 2 || h.Website != "http://www.example.org" || h.TaxStatus != "" || len(h.Phones) != 2 {
		t.Errorf("Harbor: %+v", h)
	}
	var where []string
	for _, p := range res.Problems {
		where = append(where, p.Error())
	}
	all := strings.Join(where, "\n")
	for _, want := range []string{
		`export.csv:line 9 (id 201): ParentAgencyNum: no agency "999" in the file; the program was left out`,
		`export.csv:line 11 (id 301): warning: Latitude: "0", "0" are not coordinates; left out`,
		`export.csv:line 6 (id 104): warning: HoursOfOperation: "Please inquire" could not be read as hours; kept as text`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
}

// TestNoStaffColumns proves the staff and internal columns never reach a record: the
// test export fills every one of them with REDACTED-<column>.
func TestNoStaffColumns(t *testing.T) {
	raw, err := os.ReadFile("testdata/export.csv")
	if err != nil || !strings.Contains(string(raw), "REDACTED-") {
		t.Fatal("the test export should hold REDACTED- values")
	}
	for _, c := range columns {
		if isStaff(c) {
			t.Errorf("column %s is read", c)
		}
	}
	res := readTestdata(t)
	out, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "REDACTED-") {
		t.Error("a staff or internal value was imported")
	}
}

func TestStableIDs(t *testing.T) {
	a, b := readTestdata(t), readTestdata(t)
	ja, _ := json.Marshal(a.Items)
	jb, _ := json.Marshal(b.Items)
	if string(ja) != string(jb) {
		t.Error("two reads of one export differ: a re-import would not update in place")
	}
}

func TestNotAnExport(t *testing.T) {
	_, err := ReadFrom(strings.NewReader("id,name\n1,x\n"), "services.csv", Options{Source: "x"})
	if err == nil || !strings.Contains(err.Error(), "not an iCarol") {
		t.Errorf("err = %v", err)
	}
}
