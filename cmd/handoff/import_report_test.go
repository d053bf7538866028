package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/store"
	"handoff/store/storetest"
)

// quirksCSV is a made-up package with each fault of real 211 exports (see its README).
const quirksCSV = "../../directory/csvimport/testdata/hsds1-quirks"

// TestImportReport imports the quirks package and checks that the report's figures are
// those of the database, that problems come once per kind with a count, and that the
// summary leads with what the services lack.
func TestImportReport(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		rep := newImportReport()
		var errw bytes.Buffer
		sum, err := importWith(ctx, st, []string{quirksCSV}, importOptions{report: rep}, &errw)
		if err != nil || sum.Created != 4 || sum.Rejected != 1 {
			t.Fatalf("import: %+v %v\n%s", sum, err, errw.String())
		}

		// Completeness, counted here again from what the database holds.
		ids, n, err := st.ServiceIDs(ctx, store.ServiceFilter{}, store.Page{Number: 1, PerPage: 100})
		if err != nil || n != 4 {
			t.Fatalf("%d services: %v", n, err)
		}
		svcs, err := st.Services(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		want := completeness{Services: len(svcs)}
		for _, s := range svcs {
			loc := s.ServiceAtLocations[0].Location
			if loc != nil {
				want.WithLocation++
			}
			if loc != nil && len(loc.Addresses) > 0 {
				want.WithAddress++
			}
			if loc != nil && loc.Latitude != nil {
				want.WithCoordinates++
			}
			if len(s.Phones) > 0 {
				want.WithPhone++
			}
			if len(directory.TermCodes(&s, directory.TaxonomyNeed)) > 0 {
				want.WithNeed++
			}
		}
		if rep.Completeness == nil || *rep.Completeness != want || want != (completeness{Services: 4, WithLocation: 4, WithAddress: 4, WithCoordinates: 4, WithPhone: 1}) {
			t.Errorf("completeness %+v, the database says %+v", rep.Completeness, want)
		}
		out := errw.String()
		if !strings.Contains(out, "3 of 4 services have no phone\n4 of 4 services have no hours\n") {
			t.Errorf("the summary does not lead with what the services lack:\n%s", out)
		}
		if strings.Index(out, "services have no phone") > strings.Index(out, "× ") {
			t.Errorf("problems come before what matters:\n%s", out)
		}

		tables := map[string]tableReport{}
		for _, tr := range rep.Sources[0].Tables {
			tables[tr.Table] = *tr
		}
		if s := tables["service"]; s.Read != 4 || s.Imported != 4 || s.Repaired != 1 || s.Rejected != 0 || s.File != "data/services.csv" {
			t.Errorf("services: %+v", s)
		}
		if l := tables["location"]; l.Read != 5 || l.Imported != 4 || l.Rejected != 1 {
			t.Errorf("locations: %+v", l) // L5: a wrong organization and no service
		}
		kinds := map[string]*problemKind{}
		for _, k := range rep.Problems {
			kinds[k.Kind] = k
		}
		if k := kinds["locations.csv organization_id: taken from the service offered there"]; k == nil || k.Count != 2 ||
			len(k.Examples) != 1 || k.Examples[0].Line != 4 || k.Examples[0].Column != "organization_id" {
			t.Errorf("locations' organizations: %+v", k)
		}
		if rep.Problems[0].Severity != "error" {
			t.Errorf("errors do not come first: %+v", rep.Problems[0])
		}
	})
}

// TestImportReportCommand writes --report from the command and checks what --strict does.
func TestImportReportCommand(t *testing.T) {
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "report.json")
	_, errOut, err := runUserCmd(t, "", "import", "--data", data, "--index=false", "--report", file, quirksCSV)
	if err == nil || !strings.Contains(err.Error(), "1 records were rejected (see above); the 4 others were imported") {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	var rep map[string]any
	b, _ := os.ReadFile(file)
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("report: %v\n%s", err, b)
	}
	if c := rep["completeness"].(map[string]any); c["services"] != 4.0 || c["with_phone"] != 1.0 || c["with_hours"] != 0.0 {
		t.Errorf("completeness: %v", c)
	}
	if tot := rep["totals"].(map[string]any); tot["created"] != 4.0 || tot["rejected"] != 1.0 {
		t.Errorf("totals: %v", tot)
	}

	// --strict: a bad row writes nothing, and the report says what was found, not what landed.
	data2 := t.TempDir()
	_, _, err = runUserCmd(t, "", "import", "--data", data2, "--index=false", "--strict", "--report", file, quirksCSV)
	if err == nil || !strings.Contains(err.Error(), "nothing was imported") {
		t.Errorf("strict: %v", err)
	}
	b, _ = os.ReadFile(file)
	rep = nil
	json.Unmarshal(b, &rep)
	svc := rep["sources"].([]any)[0].(map[string]any)["tables"].([]any)[1].(map[string]any)
	if _, ok := rep["completeness"]; ok || rep["totals"].(map[string]any)["created"] != 0.0 || svc["read"] != 4.0 || svc["imported"] != 0.0 {
		t.Errorf("strict report: %s", b)
	}
	st, _ := openStore(context.Background(), &config{Data: data2}, nil)
	if st != nil {
		defer st.Close()
		if n, _ := st.CountServices(context.Background()); n != 0 {
			t.Errorf("strict import left %d services", n)
		}
	}
}

// TestImportWrongFiles gives the import files it does not read: each gets a plain answer
// about what it is, and nothing about fields of a record that is not there.
func TestImportWrongFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), 0o600)
		return p
	}
	for _, c := range []struct{ file, want string }{
		{write("211.csv", "ResourceAgencyNum,PublicName,TaxonomyLevelName,ParentAgencyNum\n1,x,Agency,\n"), "211.csv: this is an iCarol CSV export (columns ResourceAgencyNum, TaxonomyLevelName, ParentAgencyNum): use --format icarol; nothing of it was imported"},
		{filepath.Join(quirksCSV, "data", "services.csv"), "this is services.csv, one table of an HSDS 1.x CSV package: import the folder that holds it"},
		{write("geo.json", `{"type":"FeatureCollection","features":[]}`), "this JSON is not HSDS 3.0: its first record has the members features, type, and none of id, name, organization"},
		{write("list.json", `[{"title":"x"}]`), "this JSON is not HSDS 3.0: its first record has the member title"},
	} {
		out, errOut, err := runUserCmd(t, "", "import", "--data", t.TempDir(), "--index=false", c.file)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(errOut, "is required") {
			t.Errorf("%s: %v\n%s", filepath.Base(c.file), err, errOut)
		}
		if strings.Contains(out+errOut, "the others were imported") {
			t.Errorf("%s: claims others were imported", c.file)
		}
	}
	// Every record rejected: the answer does not claim that others were imported.
	_, _, err := runUserCmd(t, "", "import", "--data", t.TempDir(), "--index=false", write("bad.json", `{"name":""}`))
	if err == nil || !strings.Contains(err.Error(), "1 records were rejected (see above) and none was imported") {
		t.Errorf("all rejected: %v", err)
	}
}
