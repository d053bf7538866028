package hsds3csv

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/directory"
)

// TestReadExamples reads the spec's CSV examples: one service with its organization and
// location, its ids kept, and every row the directory cannot keep reported with its file
// and line.
func TestReadExamples(t *testing.T) {
	res, err := Read("testdata/examples/datapackage.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Items) != 1 || res.Items[0].Err != nil || res.Items[0].Record.Service == nil {
		t.Fatalf("items %+v, want the one service", res.Items)
	}
	s := res.Items[0].Record.Service
	if s.ID != "ac148810-d857-441c-9679-408f346de14b" || s.Organization == nil || s.Organization.ID != "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610" ||
		len(s.ServiceAtLocations) != 1 || s.ServiceAtLocations[0].Location == nil || len(s.ServiceAtLocations[0].Location.Addresses) != 1 {
		t.Fatalf("the service is not compiled with its organization and location: %+v", s)
	}
	if !strings.HasSuffix(s.Description, "circumstances. ") {
		t.Errorf("the description lost its trailing space: %q", s.Description)
	}
	if s.Organization.TaxID != "tax_id" {
		t.Errorf("tax_id %q was taken for a row id", s.Organization.TaxID)
	}
	sal := s.ServiceAtLocations[0]
	if len(sal.Phones) != 1 || len(sal.Schedules) != 1 || len(s.Phones)+len(s.Schedules) != 0 {
		t.Errorf("the phone and schedule naming a service at location belong to it: %+v", sal)
	}
	for _, member := range [][]byte{s.Funding, s.RequiredDocuments, s.Contacts, s.Program, s.Organization.Programs,
		s.Organization.OrganizationIdentifiers, sal.Location.Accessibility} {
		if len(member) == 0 {
			t.Errorf("a table kept as JSON is missing from the record: %+v", s)
		}
	}
	want := map[string]bool{
		"attributes.csv:2 link_id": true, "metadata.csv:2 resource_id": true, "meta_table_descriptions.csv:2 ": true,
		"taxonomy_terms.csv:2 id": true, "taxonomies.csv:2 id": true,
	}
	warned := map[string]bool{"phones.csv": false, "schedules.csv": false, "languages.csv": false}
	for _, p := range res.Problems {
		key := fmt.Sprintf("%s:%d %s", p.File, p.Line, p.Field)
		switch {
		case p.Err && want[key]:
			delete(want, key)
		case !p.Err && strings.Contains(p.Msg, "owners"):
			warned[p.File] = true
		default:
			t.Errorf("unexpected problem %v", p.Error())
		}
	}
	if len(want) > 0 {
		t.Errorf("rows not reported as left out: %v", want)
	}
	for f, ok := range warned {
		if !ok {
			t.Errorf("%s: a row naming several owners was not reported", f)
		}
	}
}

// TestReadBrokenReferences: a service of a missing organization is rejected with its line,
// an id that is not a UUID becomes the same UUID wherever it is used, and a 1.x folder is
// not taken for a 3.0 package.
func TestReadBrokenReferences(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("services.csv", "id,organization_id,name,status\ns1,o1,Pantry,active\ns2,o9,Orphan,active\n")
	if IsPackage(dir) {
		t.Error("a folder with only services.csv was taken for an HSDS 3.0 package")
	}
	write("organizations.csv", "id,name,description\no1,Org One,d\n")
	write("service_at_location.csv", "id,service_id,location_id\n")
	write("phones.csv", "id,service_id,number\np1,s1,555-0100\np2,s7,555-0101\n")
	if !IsPackage(dir) {
		t.Fatal("a folder with service_at_location.csv was not taken for an HSDS 3.0 package")
	}
	res, err := Read(dir)
	if err != nil {
		t.Fatal(err)
	}
	var ok, bad *Item
	for i := range res.Items {
		if res.Items[i].Err != nil {
			bad = &res.Items[i]
		} else {
			ok = &res.Items[i]
		}
	}
	if ok == nil || ok.Record.Service.ID != directory.StableID("hsds3csv", "s1") || ok.Record.Service.Organization == nil ||
		ok.Record.Service.Organization.ID != directory.StableID("hsds3csv", "o1") || len(ok.Record.Service.Phones) != 1 {
		t.Fatalf("the good service: %+v", ok)
	}
	if bad == nil || bad.Err.Line != 3 || !strings.Contains(bad.Err.Error(), "organization_id: names no organization") {
		t.Errorf("the orphan service: %+v", bad)
	}
	found := false
	for _, p := range res.Problems {
		if p.File == "phones.csv" && p.Line == 3 && p.Err {
			found = true
		}
	}
	if !found {
		t.Errorf("the phone of a missing service was not reported: %v", res.Problems)
	}
}
