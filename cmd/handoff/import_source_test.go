package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/store"
	"handoff/store/storetest"
)

// copyQuirks copies the quirks package to a folder of the given name, with its
// datapackage.json's name set to pkgName ("" leaves the package without a name).
func copyQuirks(t *testing.T, folder, pkgName string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), folder)
	err := filepath.WalkDir(quirksCSV, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(quirksCSV, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "datapackage.json" {
			b = []byte(strings.Replace(string(b), `"name": "quirks-211"`, `"name": "`+pkgName+`"`, 1))
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o700)
		return os.WriteFile(filepath.Join(dir, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestImportSourceRemembered imports a package without a name of its own under --source,
// then the same package from another folder without --source: the source is remembered,
// so the second import updates the same services instead of doubling the directory. A
// package that names itself otherwise is warned about before it is written.
func TestImportSourceRemembered(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		run := func(dir, source string) (importSummary, string) {
			t.Helper()
			var errw strings.Builder
			sum, err := importWith(ctx, st, []string{dir}, importOptions{Source: source}, &errw)
			if err != nil && !strings.Contains(err.Error(), "rejected") {
				t.Fatalf("%s: %v\n%s", dir, err, errw.String())
			}
			return sum, errw.String()
		}
		sum, _ := run(copyQuirks(t, "export-2026-01", ""), "valley-211")
		if sum.Created != 4 {
			t.Fatalf("first import: %+v", sum)
		}
		sum, out := run(copyQuirks(t, "export-2026-02", ""), "")
		if sum.Created != 0 || sum.Updated != 4 || !strings.Contains(out, `source "valley-211", remembered from an earlier import of this package (4 of its 4 services`) {
			t.Errorf("second import from another folder: %+v\n%s", sum, out)
		}
		if n, _ := st.CountServices(ctx); n != 4 {
			t.Errorf("%d services after importing the same package twice", n)
		}
		_, out = run(copyQuirks(t, "x", "quirks-211"), "")
		if !strings.Contains(out, `warning: this package matches source "valley-211", imported before (4 of its 4 services are in the directory under that name); imported as "quirks-211" it adds them a second time`) {
			t.Errorf("no warning for a package matching another source:\n%s", out)
		}
		if i, j := strings.Index(out, "matches source"), strings.Index(out, "services have no"); i < 0 || j < i {
			t.Errorf("the warning does not come before the import's summary:\n%s", out)
		}
	})
}
