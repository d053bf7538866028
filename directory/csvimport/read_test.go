package csvimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"handoff/directory"
)

const ohana = "testdata/ohana-smc-sample-csv"

func read(t *testing.T, dir string) *Result {
	t.Helper()
	res, err := Read(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func services(res *Result) map[string]*directory.Service {
	out := map[string]*directory.Service{}
	for _, it := range res.Items {
		if s := it.Record.Service; s != nil {
			out[s.Name] = s
		}
	}
	return out
}

func termCodes(s *directory.Service, taxonomy string) string {
	return strings.Join(directory.TermCodes(s, taxonomy), " ")
}

func TestReadOhana(t *testing.T) {
	res := read(t, ohana)
	if res.Source != "ohana-smc-sample-csv" || len(res.Items) != 23 {
		t.Fatalf("source %q, %d items", res.Source, len(res.Items))
	}
	for _, it := range res.Items {
		if it.Err != nil {
			t.Errorf("%s: %v", it.File, it.Err)
		}
	}
	for _, p := range res.Problems {
		if p.Err {
			t.Errorf("%v", p)
		}
	}
	svcs := services(res)
	s := svcs["Fair Oaks Adult Activity Center"]
	if s == nil || s.Organization == nil || s.Organization.Name != "Peninsula Family Service" || s.OrganizationID != s.Organization.ID {
		t.Fatalf("organization: %+v", s)
	}
	if s.ID != directory.StableID("csv", "ohana-smc-sample-csv", "service", "1") {
		t.Errorf("service id %s is not minted from the source id", s.ID)
	}
	l := s.ServiceAtLocations[0].Location
	if l.Latitude == nil || *l.Latitude != 37.477227 || *l.Longitude != -122.213221 || len(l.Addresses) != 2 {
		t.Errorf("location: %+v", l)
	}
	if len(l.Phones) != 2 || l.Phones[0].Number != "650 780-7525" || l.Phones[0].Type != "voice" || l.Phones[1].Type != "fax" {
		t.Errorf("phones: %+v", l.Phones)
	}
	// "9am" to "03:00": read as HSDS says, past midnight, with a warning.
	if len(l.Schedules) != 1 || l.Schedules[0].ByDay != "MO" || l.Schedules[0].OpensAt != "09:00" || l.Schedules[0].ClosesAt != "03:00" {
		t.Errorf("schedules: %+v", l.Schedules)
	}
	if termCodes(s, directory.TaxonomyNeed) != "food" || termCodes(s, directory.TaxonomyLevelOfCare) != "community_support" {
		t.Errorf("crosswalk: %q %q", termCodes(s, directory.TaxonomyNeed), termCodes(s, directory.TaxonomyLevelOfCare))
	}
	if len(l.Contacts) == 0 || !strings.Contains(string(l.Contacts), `"title":"Center Director"`) {
		t.Errorf("contacts: %s", l.Contacts)
	}

	p := svcs["Passport Photos"]
	var hours []string
	for _, sc := range p.Schedules {
		hours = append(hours, sc.ByDay+" "+sc.OpensAt+"-"+sc.ClosesAt+" "+sc.Description)
	}
	if got := strings.Join(hours, "; "); got != "MO 08:00-12:00 ; MO 14:00-16:00 ; WE 10:00-15:00 ;  - Closed on January 1" {
		t.Errorf("service hours: %s", got)
	}
	kept := map[string]bool{}
	for _, a := range p.Attributes {
		kept[a.TaxonomyTerm.Taxonomy+"/"+a.TaxonomyTerm.Name] = true
	}
	for _, want := range []string{"ohana-smc-sample-csv:taxonomy/Help Fill out Forms", "ohana-smc-sample-csv:keywords/Salud",
		"handoff:need/Legal", "handoff:need/Transportation", "handoff:need/Health"} {
		if !kept[want] {
			t.Errorf("Passport Photos lacks %s: %v", want, kept)
		}
	}
	if p.Organization.YearIncorporated == nil || *p.Organization.YearIncorporated != 1970 || !strings.Contains(string(p.Organization.Contacts), "Operations") {
		t.Errorf("organization: %+v", p.Organization)
	}
	if !strings.Contains(string(p.Contacts), "CalFresh Specialist") || !strings.Contains(string(p.RequiredDocuments), "picture identification") {
		t.Errorf("service contacts %s, documents %s", p.Contacts, p.RequiredDocuments)
	}
	if r := svcs["Adult Rehabilitation Center"]; termCodes(r, directory.TaxonomyLevelOfCare) != "residential" {
		t.Errorf("rehab levels: %q", termCodes(r, directory.TaxonomyLevelOfCare))
	}
	if v := svcs["Service with blank fields"]; v.Status != "defunct" || v.ServiceAtLocations[0].Location.LocationType != "virtual" {
		t.Errorf("virtual location: %+v", v)
	}

	// The same package read again gives the same ids: an import updates.
	again := read(t, ohana)
	for i := range res.Items {
		if res.Items[i].Record.ID() != again.Items[i].Record.ID() {
			t.Fatalf("ids differ between two reads")
		}
	}
}

func TestReadHSDS1(t *testing.T) {
	res := read(t, "testdata/hsds1-small")
	if res.Source != "hilltown-211" || len(res.Items) != 4 {
		t.Fatalf("source %q, %d items", res.Source, len(res.Items))
	}
	var msgs []string
	for _, p := range res.Problems {
		msgs = append(msgs, p.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"services.csv:line 1: warning: extra_column: is not a column",
		"metadata.csv: warning: not imported", `regular_schedules.csv:line 6 (id rs-5): warning: opens_at: "9ish"`} {
		if !strings.Contains(all, want) {
			t.Errorf("problems lack %q:\n%s", want, all)
		}
	}
	svcs := services(res)
	d := svcs["Valley Detox"]
	if d.OrganizationID != "2b1f6c1e-3b7e-4a57-9d7e-2f1e0c9a4d11" {
		t.Errorf("a UUID source id was not kept: %s", d.OrganizationID)
	}
	if termCodes(d, directory.TaxonomyNeed) != "treatment" || termCodes(d, directory.TaxonomyLevelOfCare) != "withdrawal_management" {
		t.Errorf("detox: %q %q", termCodes(d, directory.TaxonomyNeed), termCodes(d, directory.TaxonomyLevelOfCare))
	}
	sal := d.ServiceAtLocations[0]
	if sal.Description != "Second floor" || len(sal.Phones) != 1 || len(sal.Schedules) != 1 || sal.Schedules[0].ByDay != "SU" {
		t.Errorf("service at location: %+v", sal)
	}
	if d.Languages[0].Code != "es" || !strings.Contains(d.EligibilityDescription, "adult") || !strings.Contains(d.FeesDescription, "Medicaid") {
		t.Errorf("lists: %+v", d)
	}
	c := svcs["Valley Crisis Line"]
	if c.Status != "temporarily closed" || c.Schedules[0].OpensAt != "00:00" || c.Schedules[0].ClosesAt != "23:59" ||
		termCodes(c, directory.TaxonomyLevelOfCare) != "crisis_line" || c.ServiceAreas[0].Name != "Hampden County" {
		t.Errorf("crisis line: %+v", c)
	}
	f := svcs["Hilltown Food Pantry"]
	l := f.ServiceAtLocations[0].Location
	if !directory.IsFree(f) || f.Organization.Website != "http://www.hilltown.example" || len(l.Schedules) != 5 ||
		l.Addresses[0].Country != "US" || len(l.Languages) != 1 || !strings.Contains(string(l.Accessibility), "Ramp at the side door") {
		t.Errorf("food pantry: %+v %+v", f, l)
	}
	if l.Schedules[1].OpensAt != "09:00" || l.Schedules[1].ByDay != "WE" || l.Schedules[3].ValidFrom != "2030-12-25" || l.Schedules[3].Description != "Closed" {
		t.Errorf("hours: %+v", l.Schedules)
	}
	// The annex serves no service: its organization comes as a record of its own.
	o := res.Items[3].Record.Organization
	if o == nil || o.Name != "Hilltown Community Services" || len(o.Locations) != 1 || o.Locations[0].Name != "Hilltown Annex" {
		t.Errorf("spare location: %+v", res.Items[3])
	}
	if !strings.Contains(string(o.Contacts), "Intake Desk") || !strings.Contains(string(o.Contacts), "413-555-0102") || len(o.Phones) != 1 {
		t.Errorf("organization contacts %s phones %+v", o.Contacts, o.Phones)
	}
}

// pkgFS is the Ohana fixture in memory, with files replaced.
func pkgFS(t *testing.T, replace map[string]string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	ents, err := os.ReadDir(ohana)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(ohana, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		fsys[e.Name()] = &fstest.MapFile{Data: b}
	}
	for name, data := range replace {
		if data == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func edit(t *testing.T, file, old, new string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(ohana, file))
	if err != nil || !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", file, old)
	}
	return strings.Replace(string(b), old, new, 1)
}

func TestReadBrokenPackages(t *testing.T) {
	// A location pointing at a missing organization, whose service has none of its own: both
	// are kept, under the source's placeholder organization, and each is said once.
	res, err := ReadFS(pkgFS(t, map[string]string{"locations.csv": edit(t, "locations.csv", "\n2,1,", "\n2,99,")}), Options{Source: "x"})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range res.Items {
		if it.Err != nil {
			t.Errorf("rejected: %s:%v", it.File, it.Err)
		}
	}
	if len(res.Items) != 23 || services(res)["Service with blank fields"] == nil {
		t.Fatalf("%d items", len(res.Items))
	}
	var said []string
	for _, p := range res.Problems {
		if p.Field == "organization_id" {
			said = append(said, p.Error())
		}
	}
	if strings.Join(said, "\n") != `services.csv:line 3 (id 2): warning: organization_id: 1 service has no organization that exists in the package; kept under the placeholder organization "Organization not given (x) — needs review", flagged for review`+"\n"+
		`locations.csv:line 3 (id 2): warning: organization_id: 1 location has no organization that exists (a wrong organization_id, or none); took the organization of a service offered there` {
		t.Errorf("problems:\n%s", strings.Join(said, "\n"))
	}

	// A phone row one field short, and a schedule of a service that does not exist.
	res, err = ReadFS(pkgFS(t, map[string]string{
		"phones.csv":            edit(t, "phones.csv", "\n3,,2,,,,,4385,650 403-4300,voice,\n", "\n3,,2,,,,,4385,650 403-4300,voice\n"),
		"regular_schedules.csv": edit(t, "regular_schedules.csv", "\n10,,22,", "\n10,,77,"),
	}), Options{Source: "x"})
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	for _, p := range res.Problems {
		if p.Err {
			errs = append(errs, p.Error())
		}
	}
	if strings.Join(errs, "\n") != `phones.csv:line 4 (id 3): vanity_number: the row has 10 fields but the header has 11: "vanity_number" and the columns after it are missing`+"\n"+
		`regular_schedules.csv:line 11 (id 10): service_id: no service "77" in services.csv` {
		t.Errorf("row errors:\n%s", strings.Join(errs, "\n"))
	}

	// Bad quoting stops the package: nothing after it can be trusted.
	_, err = ReadFS(pkgFS(t, map[string]string{"organizations.csv": edit(t, "organizations.csv", `"Peninsula Volunteers, Inc. (PVI)`, `Peninsula "Volunteers, Inc. (PVI)`)}), Options{Source: "x"})
	if err == nil || !strings.Contains(err.Error(), `organizations.csv:line 3, byte 18 (column "description"): bare " in non-quoted-field`) {
		t.Errorf("bad quoting: %v", err)
	}

	// A missing required column or services.csv fails the package; a missing optional file does not.
	_, err = ReadFS(pkgFS(t, map[string]string{"services.csv": "id,title\n1,x\n"}), Options{Source: "x"})
	if err == nil || !strings.Contains(err.Error(), `services.csv: missing required column "name"`) {
		t.Errorf("missing column: %v", err)
	}
	_, err = ReadFS(pkgFS(t, map[string]string{"services.csv": ""}), Options{Source: "x"})
	if err == nil || !strings.Contains(err.Error(), "no services.csv") {
		t.Errorf("no services: %v", err)
	}
	res, err = ReadFS(pkgFS(t, map[string]string{"phones.csv": "", "taxonomy.csv": "", "holiday_schedules.csv": ""}), Options{Source: "x"})
	if err != nil || len(res.Items) != 23 {
		t.Errorf("without optional files: %v", err)
	}
	for _, it := range res.Items {
		if it.Err != nil {
			t.Errorf("%v", it.Err)
		}
	}
}
