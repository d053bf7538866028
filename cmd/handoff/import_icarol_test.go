package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"handoff/search"
)

// icarolExport is a synthetic iCarol / AIRS export with the real header: three agencies,
// programs that are active, inactive, "do not refer" and orphaned, and a site at 0,0.
const icarolExport = "../../directory/icarol/testdata/export.csv"

// TestImportICarolCommand runs `handoff import --format icarol` as a user does: the good
// programs land and are searchable, the orphan is reported and counted, and the exit
// status says that one was rejected.
func TestImportICarolCommand(t *testing.T) {
	data := t.TempDir()
	out, errOut, err := runUserCmd(t, "", "import", "--data", data, "--format", "icarol", icarolExport)
	if err == nil || !strings.Contains(err.Error(), "1 records were rejected") {
		t.Fatalf("import of an export with an orphaned program: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "imported: 6 created, 0 updated, 1 rejected, 2 warnings") || !strings.Contains(out, "search index: 4 documents") {
		t.Errorf("import said %q", out)
	}
	for _, want := range []string{
		`iCarol export, source "export": 3 agencies, 6 programs`,
		`(id 201): ParentAgencyNum: no agency "999" in the file`,
		`(id 104): warning: HoursOfOperation: "Please inquire" could not be read as hours; kept as text`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("import did not say %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(out+errOut, "REDACTED-") {
		t.Errorf("a staff column reached the output:\n%s\n%s", out, errOut)
	}

	e, err := search.Open(search.Options{Dir: filepath.Join(data, "index")})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if r, err := e.Search(context.Background(), search.Query{}); err != nil || r.Total != 4 {
		t.Errorf("the index holds %v documents (%v), want the 4 imported services", r.Total, err)
	}

	// The same export again updates in place.
	out, _, _ = runUserCmd(t, "", "import", "--data", data, "--format", "icarol", icarolExport)
	if !strings.Contains(out, "imported: 0 created, 6 updated, 1 rejected") {
		t.Errorf("re-import said %q", out)
	}
	if _, _, err := runUserCmd(t, "", "import", "--data", data, "--format", "ical", icarolExport); err == nil {
		t.Error("an unknown --format was accepted")
	}
}
