package csvimport

import (
	"archive/zip"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/directory"
)

const quirks = "testdata/hsds1-quirks"

// problemsOf are the problems whose message contains sub.
func problemsOf(res *Result, sub string) []Problem {
	var out []Problem
	for _, p := range res.Problems {
		if strings.Contains(p.Msg, sub) {
			out = append(out, p)
		}
	}
	return out
}

func TestReadQuirks(t *testing.T) {
	res := read(t, quirks)
	if res.Source != "quirks-211" {
		t.Fatalf("source %q", res.Source)
	}
	for _, it := range res.Items {
		if it.Err != nil {
			t.Errorf("rejected %s: %v", it.File, it.Err)
		}
	}
	svcs := services(res)
	if len(svcs) != 4 {
		t.Fatalf("%d services: %v", len(svcs), svcs)
	}

	// A service whose organization is not in the package: kept, under the placeholder.
	orphan := svcs["Orphan Shelter"]
	if orphan.Organization == nil || orphan.Organization.Name != "Organization not given (quirks-211) — needs review" ||
		!strings.Contains(orphan.Organization.Description, "Review them") {
		t.Errorf("orphan's organization: %+v", orphan.Organization)
	}
	// Not its site's (L1 is Valley Aid's): it named another. S3 names none, and its site L2
	// names a wrong one: S3 goes to the placeholder too, and L2 takes S3's organization.
	if orphan.OrganizationID != orphan.Organization.ID {
		t.Errorf("orphan ids")
	}
	clinic := svcs["Riverside Clinic"]
	l2 := clinic.ServiceAtLocations[0].Location
	if clinic.Organization == nil || l2.OrganizationID != clinic.OrganizationID {
		t.Errorf("L2 did not take its service's organization: %q vs %q", l2.OrganizationID, clinic.OrganizationID)
	}
	if got := len(problemsOf(res, "locations have no organization")); got != 1 {
		t.Errorf("%d warnings about locations' organizations, want 1 for all", got)
	}
	if p := problemsOf(res, "locations have no organization"); len(p) == 1 && (p[0].Count != 2 || p[0].File != "data/locations.csv") {
		t.Errorf("locations' organizations: %+v", p[0]) // L2 and L3
	}
	if p := problemsOf(res, "no organization that exists in the package"); len(p) != 1 || p[0].Count != 2 {
		t.Errorf("services' organizations: %+v", p) // S2 (o-gone) and S3 (none, and L2's is wrong)
	}
	// A location with a wrong organization that no service uses is still left out, saying why.
	if p := problemsOf(res, `no organization "o-wrong" in data/organizations.csv, and no service`); len(p) != 1 || !p[0].Err || p[0].ID != "L5" {
		t.Errorf("L5: %+v", p)
	}

	// Addresses without a street line keep the location, the city and the ZIP code.
	if a := l2.Addresses; len(a) != 1 || a[0].City != "Springfield" || a[0].PostalCode != "01103" || a[0].Address1 != "Springfield" {
		t.Errorf("L2's address: %+v", a)
	}
	pantry := svcs["Valley Pantry"]
	var annex *directory.Location
	for _, sal := range pantry.ServiceAtLocations {
		if sal.Location.Name == "Annex" {
			annex = sal.Location
		}
	}
	if annex == nil || len(annex.Addresses) != 1 || annex.Addresses[0].City != "Holyoke" || annex.Addresses[0].PostalCode != "01040" {
		t.Errorf("the annex's address (no street, no city, a ZIP code): %+v", annex)
	}
	if p := problemsOf(res, "addresses have no street line"); len(p) != 1 || p[0].Count != 2 {
		t.Errorf("street lines: %+v", p)
	}

	// Every language row counts, even rows sharing an id; names map to codes.
	langs := func(s *directory.Service) string {
		var out []string
		for _, g := range s.Languages {
			out = append(out, g.Code+"="+g.Name)
		}
		return strings.Join(out, " ")
	}
	if got := langs(pantry); got != "ht=Creole pt=Portuguese ase=ASL" {
		t.Errorf("pantry languages: %s", got)
	}
	if got := langs(orphan); got != "ht=Kreyòl zh=Cantonese =Klingon" {
		t.Errorf("orphan languages: %s", got)
	}
	if got := langs(clinic); got != "ht=Haitian Creole es=Spanish vi=Vietnamese" {
		t.Errorf("clinic languages (spanish twice): %s", got)
	}
	ids := map[string]bool{}
	for _, g := range pantry.Languages {
		ids[g.ID] = true
	}
	if len(ids) != 3 {
		t.Errorf("three rows sharing an id must get three ids: %v", ids)
	}
	if p := problemsOf(res, "is not a language name"); len(p) != 1 || !strings.Contains(p[0].Msg, "Klingon") {
		t.Errorf("unknown language: %+v", p)
	}

	// Text hygiene.
	legal := svcs["Valley Legal"]
	want := "Help with housing court\nCall first. Mon 9-5 Tenants’ rights.’ Landlord’s notices."
	if legal.Description != want {
		t.Errorf("description:\n%q\nwant\n%q", legal.Description, want)
	}
	kinds := map[string]int{}
	for _, p := range res.Problems {
		if strings.HasPrefix(p.Kind, "repaired: ") {
			kinds[strings.TrimPrefix(p.Kind, "repaired: ")] += p.N()
		}
	}
	for _, k := range []string{repairEscapes, repairMarkers, repairMojibake} {
		if kinds[k] != 1 {
			t.Errorf("repair %q counted %d times: %v", k, kinds[k], kinds)
		}
	}
	if res.Repaired["service"] != 1 {
		t.Errorf("repaired service rows: %v", res.Repaired)
	}

	// Coordinates 130 km from their ZIP code are flagged, and kept unless asked.
	office := legal.ServiceAtLocations[0].Location
	if p := problemsOf(res, "from the centre of ZIP code 01040"); len(p) != 1 || p[0].ID != "L4" || office.Latitude == nil {
		t.Errorf("suspect coordinates: %+v %v", p, office.Latitude)
	}
	if p := problemsOf(res, "ZIP code 01103"); len(p) != 0 {
		t.Errorf("L2's coordinates are near its ZIP code: %+v", p)
	}
	dropped, err := Read(quirks, Options{DropSuspect: true})
	if err != nil {
		t.Fatal(err)
	}
	if l := services(dropped)["Valley Legal"].ServiceAtLocations[0].Location; l.Latitude != nil {
		t.Errorf("--drop-suspect-coordinates kept %v", *l.Latitude)
	}
	if near, _ := Read(quirks, Options{SuspectKm: 200}); len(problemsOf(near, "from the centre of ZIP code")) != 0 {
		t.Errorf("200 km allowed, still flagged")
	}
}

// TestReadPackageForms reads the same package as its folder, its datapackage.json, a zip
// of it (wrapped in a folder, as archivers do) and a copy under another folder name: the
// same source and the same ids each time, so a second import updates instead of doubling.
func TestReadPackageForms(t *testing.T) {
	base := read(t, quirks)
	tmp := t.TempDir()
	copyDir := filepath.Join(tmp, "export-2026-01")
	zipPath := filepath.Join(tmp, "download.zip")
	zf, err := os.Create(zipPath)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(zf)
	err = fs.WalkDir(os.DirFS(quirks), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(filepath.Join(quirks, p))
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Dir(filepath.Join(copyDir, p)), 0o700)
		if err := os.WriteFile(filepath.Join(copyDir, p), b, 0o600); err != nil {
			return err
		}
		w, err := zw.Create("quirks-export/" + p)
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	})
	if err != nil || zw.Close() != nil || zf.Close() != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(quirks, "datapackage.json"), zipPath, copyDir} {
		if !IsPackage(p) {
			t.Errorf("%s is not taken for a package", p)
		}
		res, err := Read(p, Options{})
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if res.Source != base.Source || len(res.Items) != len(base.Items) {
			t.Fatalf("%s: source %q, %d items", p, res.Source, len(res.Items))
		}
		for i := range res.Items {
			if res.Items[i].Record.ID() != base.Items[i].Record.ID() {
				t.Errorf("%s: item %d has another id", p, i)
			}
		}
	}
	// A descriptor whose tables are not beside it says so, and what to give instead.
	lone := filepath.Join(tmp, "lone", "datapackage.json")
	os.MkdirAll(filepath.Dir(lone), 0o700)
	b, _ := os.ReadFile(filepath.Join(quirks, "datapackage.json"))
	os.WriteFile(lone, b, 0o600)
	if _, err := Read(lone, Options{}); err == nil || !strings.Contains(err.Error(),
		"this is the datapackage.json of an HSDS 1.x package, but its services table (data/services.csv) is not beside it: import the folder") {
		t.Errorf("a lone descriptor: %v", err)
	}
	if IsPackage(filepath.Join(quirks, "data", "services.csv")) {
		t.Errorf("a table alone is not a package")
	}
}

func TestSniff(t *testing.T) {
	dir := t.TempDir()
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(data), 0o600)
		return p
	}
	for _, c := range []struct{ file, want string }{
		{write("211.csv", "\ufeffResourceAgencyNum,PublicName,TaxonomyLevelName,ParentAgencyNum\n1,x,Agency,\n"), "this is an iCarol CSV export"},
		{write("services.csv", "id,name\n1,x\n"), "this is services.csv, one table of an HSDS 1.x CSV package: import the folder"},
		{write("export.csv", "id,name,organization_id\n1,x,2\n"), "a table of an HSDS 1.x CSV package"},
		{write("people.csv", "first,last\n"), "this CSV file is not one the import reads (its header: first, last)"},
		{write("datapackage.json", `{"name":"x","resources":[{"name":"service","path":"services.csv"},{"name":"attribute","path":"attributes.csv"}]}`), "HSDS 3.0 tabular package"},
		{write("svc.json", `{"id":"x","name":"y"}`), ""},
	} {
		if got := Sniff(c.file); (c.want == "" && got != "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", filepath.Base(c.file), got, c.want)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Caf\u00e9 and Kreyòl":    "Caf\u00e9 and Kreyòl",
		"Don\u00e2\u20ac\u2122t":  "Don’t",
		"GÇÖ":                     "’",
		"GÇÖre":                   "’re",
		"GÇÖ and GÇ":              "’ and GÇ",
		"a  \nb":                  "a\nb",
		`one\ntwo\r\nthree`:       "one\ntwo\nthree",
		"###TUE### 9-5 ###TUE###": "Tue 9-5 Tue",
		"Se habla espa\u00f1ol. \u00bfC\u00f3mo?": "Se habla espa\u00f1ol. \u00bfC\u00f3mo?",
	} {
		if got := clean(in, func(string) {}); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReadLanguage(t *testing.T) {
	for in, want := range map[string]string{
		"Creole": "ht", "Haitian Creole": "ht", "Kreyòl": "ht", "Portuguese": "pt", "ASL": "ase",
		"Cantonese": "zh", "Spanish": "es", "Vietnamese": "vi", "pt-BR": "pt-BR", "hat": "ht", "es": "es",
		"Cape Verdean Creole": "kea", "Klingon": "", "Tigrigna": "",
	} {
		g, ok := readLanguage(in)
		if g.Code != want || ok != (want != "") {
			t.Errorf("%q: code %q (%v), want %q", in, g.Code, ok, want)
		}
	}
	if g, _ := readLanguage("hat"); g.Name != "Haitian Creole" {
		t.Errorf("a code alone gets its name: %+v", g)
	}
}
