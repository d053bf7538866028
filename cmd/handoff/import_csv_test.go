package main

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/search"
	"handoff/store"
	"handoff/store/storetest"
)

// ohanaCSV is Code for America's Ohana sample data (San Mateo County, in the HSDS 1.x-like
// CSV layout), as shared/fixtures holds it.
const ohanaCSV = "../../directory/csvimport/testdata/ohana-smc-sample-csv"

func TestImportCSVPackage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		sum, errs, err := importFile(t, st, ohanaCSV, false)
		if err != nil || sum.Created != 23 || sum.Updated != 0 || sum.Rejected != 0 {
			t.Fatalf("import: %+v %v\n%s", sum, err, errs)
		}
		// The only bad value of the fixture: "9am" to "03:00" on a Monday.
		if !strings.Contains(errs, "ohana-smc-sample-csv/regular_schedules.csv:line 12 (id 13): warning: closes_at: 03:00") {
			t.Errorf("the past-midnight row is not reported:\n%s", errs)
		}

		// Importing the same package again updates every service and creates none.
		again, errs2, err := importFile(t, st, ohanaCSV, false)
		if err != nil || again.Created != 0 || again.Updated != 23 || again.Rejected != 0 || again.Warnings != sum.Warnings {
			t.Fatalf("re-import: %+v %v\n%s", again, err, errs2)
		}
		if n, _ := st.CountServices(ctx); n != 23 {
			t.Errorf("%d services after re-import", n)
		}

		docs := exportAll(t, st) // each one validated against the HSDS 3.0 service schema
		if len(docs) != 23 {
			t.Fatalf("exported %d services", len(docs))
		}
		id := directory.StableID("csv", "ohana-smc-sample-csv", "service", "22")
		s, err := st.Service(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if s.Name != "Passport Photos" || s.Organization == nil || s.Organization.Name != "Example Agency" {
			t.Fatalf("service 22: %+v", s)
		}
		l := s.ServiceAtLocations[0].Location
		if l == nil || l.Latitude == nil || *l.Latitude != 37.7726402 || len(l.Phones) != 4 || len(l.Addresses) != 2 {
			t.Errorf("location: %+v", l)
		}
		var hours []string
		for _, sc := range s.Schedules {
			if sc.OpensAt != "" {
				hours = append(hours, sc.ByDay+" "+sc.OpensAt+"-"+sc.ClosesAt)
			}
		}
		if strings.Join(hours, ", ") != "MO 08:00-12:00, MO 14:00-16:00, WE 10:00-15:00" {
			t.Errorf("hours: %v", hours)
		}
		if got := directory.TermCodes(&s, directory.TaxonomyNeed); !slices.Equal(got, []string{"transportation", "legal", "health"}) {
			t.Errorf("needs: %v", got)
		}
		if !strings.Contains(string(s.Contacts), "CalFresh Specialist") || !strings.Contains(string(l.Contacts), "Board President") {
			t.Errorf("contacts: %s / %s", s.Contacts, l.Contacts)
		}
		rehab, err := st.Service(ctx, directory.StableID("csv", "ohana-smc-sample-csv", "service", "15"))
		if err != nil || !slices.Equal(directory.TermCodes(&rehab, directory.TaxonomyLevelOfCare), []string{"residential"}) {
			t.Errorf("rehab: %v %v", err, directory.TermCodes(&rehab, directory.TaxonomyLevelOfCare))
		}
	})
}

// brokenCopy copies the fixture and rewrites files: old → new, once each.
func brokenCopy(t *testing.T, edits ...[3]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "broken")
	os.Mkdir(dir, 0o700)
	ents, _ := os.ReadDir(ohanaCSV)
	for _, e := range ents {
		b := must(os.ReadFile(filepath.Join(ohanaCSV, e.Name())))
		for _, ed := range edits {
			if ed[0] == e.Name() {
				if !strings.Contains(string(b), ed[1]) {
					t.Fatalf("%s lacks %q", ed[0], ed[1])
				}
				b = []byte(strings.Replace(string(b), ed[1], ed[2], 1))
			}
		}
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600)
	}
	return dir
}

func TestImportCSVBroken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		// Location 2 names an organization that does not exist: it and its service are kept
		// under the source's placeholder organization. Phone 3 has a field too few.
		dir := brokenCopy(t,
			[3]string{"locations.csv", "\n2,1,", "\n2,99,"},
			[3]string{"phones.csv", "\n3,,2,,,,,4385,650 403-4300,voice,\n", "\n3,,2,,,,,4385,650 403-4300,voice\n"})
		sum, errs, err := importFile(t, st, dir, false)
		if err != nil || sum.Created != 23 || sum.Rejected != 1 {
			t.Fatalf("lenient: %+v %v\n%s", sum, err, errs)
		}
		for _, want := range []string{
			`broken/locations.csv:line 3 (id 2): warning: organization_id: 1 location has no organization that exists`,
			`broken/services.csv:line 3 (id 2): warning: organization_id: 1 service has no organization that exists in the package; kept under the placeholder organization "Organization not given (broken) — needs review"`,
			`broken/phones.csv:line 4 (id 3): vanity_number: the row has 10 fields but the header has 11`,
		} {
			if !strings.Contains(errs, want) {
				t.Errorf("report lacks %q:\n%s", want, errs)
			}
		}
		s, err := st.Service(context.Background(), directory.StableID("csv", "broken", "service", "2"))
		if err != nil || s.Organization == nil || s.Organization.Name != "Organization not given (broken) — needs review" ||
			s.ServiceAtLocations[0].Location.OrganizationID != s.OrganizationID {
			t.Errorf("service 2: %v %+v", err, s)
		}

		st2 := storetest.SQLite(t)
		sum, errs, err = importFile(t, st2, dir, true)
		if err == nil || !strings.Contains(err.Error(), "nothing was imported") || sum.Created != 0 {
			t.Errorf("strict: %+v %v\n%s", sum, err, errs)
		}
		if n, _ := st2.CountServices(context.Background()); n != 0 {
			t.Errorf("strict import of a broken package left %d services", n)
		}

		// Bad quoting: the file cannot be read on, and nothing of the package is written.
		dir = brokenCopy(t, [3]string{"services.csv", `,Walk in or apply by phone.,`, `,Walk in or "apply" by phone.,`})
		st3 := storetest.SQLite(t)
		for _, strict := range []bool{false, true} {
			sum, _, err = importFile(t, st3, dir, strict)
			if err == nil || !strings.Contains(err.Error(), `broken/services.csv:line 2, byte 21 (column "application_process"): bare " in non-quoted-field`) {
				t.Errorf("bad quoting (strict %v): %v", strict, err)
			}
			if n, _ := st3.CountServices(context.Background()); n != 0 || sum.Created != 0 {
				t.Errorf("bad quoting (strict %v) wrote %d services", strict, n)
			}
		}
	})
}

// TestImportCSVCommand runs the import as a user does and searches the index it leaves.
func TestImportCSVCommand(t *testing.T) {
	data := t.TempDir()
	out, errOut, err := runUserCmd(t, "", "import", "--data", data, ohanaCSV)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "imported: 23 created, 0 updated, 0 rejected") || !strings.Contains(out, "search index: 23 documents") {
		t.Errorf("import said %q", out)
	}
	if !strings.Contains(errOut, `source "ohana-smc-sample-csv": 8 organizations, 22 locations, 23 services`) {
		t.Errorf("import did not say what it read:\n%s", errOut)
	}
	e, err := search.Open(search.Options{Dir: filepath.Join(data, "index")})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, q := range []search.Query{{Text: "food"}, {Needs: []string{"food"}}, {Needs: []string{"treatment"}, Text: "alcohol"}} {
		r, err := e.Search(context.Background(), q)
		if err != nil || r.Total == 0 {
			t.Errorf("search %+v: %v, %v", q, r, err)
		}
	}

	if _, _, err := runUserCmd(t, "", "import", "--data", data, "--source", "x", "testdata/gen-40.ndjson"); err == nil ||
		!strings.Contains(err.Error(), "--source names one CSV package") {
		t.Errorf("--source with a JSON file: %v", err)
	}
	bad := filepath.Join(t.TempDir(), "crosswalk.csv")
	os.WriteFile(bad, []byte("food,fod,,\n"), 0o600)
	if _, _, err := runUserCmd(t, "", "import", "--data", data, "--crosswalk", bad, ohanaCSV); err == nil ||
		!strings.Contains(err.Error(), `crosswalk line 1: "fod" is not a handoff:need code`) {
		t.Errorf("a bad crosswalk: %v", err)
	}
}
