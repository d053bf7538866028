package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/search"
	"handoff/store/storetest"
)

// TestImportUpdatesIndex: import leaves an index that serve opens ready, follows a later
// import by catching up (not rebuilding), and leaves the index alone while serve holds it.
func TestImportUpdatesIndex(t *testing.T) {
	data := t.TempDir()
	out, errOut, err := runUserCmd(t, "", "import", "--data", data, "testdata/gen-40.ndjson")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "search index: 40 documents") {
		t.Errorf("import said %q", out)
	}
	if found := searchFor(t, data, "zebrafinch"); found != 0 {
		t.Fatalf("zebrafinch found %d times before it was imported", found)
	}

	// The same service under a new name: a small import catches the index up.
	line, _, _ := strings.Cut(string(must(os.ReadFile("testdata/gen-40.ndjson"))), "\n")
	changed := strings.Replace(line, `"name":"`, `"name":"Zebrafinch `, 1)
	if changed == line {
		t.Fatal("no name to change in the first record")
	}
	file := filepath.Join(t.TempDir(), "one.ndjson")
	if err := os.WriteFile(file, []byte(changed+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, errOut, err = runUserCmd(t, "", "import", "--data", data, file); err != nil {
		t.Fatalf("second import: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "1 updated") || !strings.Contains(out, "search index: 40 documents") {
		t.Errorf("second import said %q", out)
	}
	if found := searchFor(t, data, "zebrafinch"); found == 0 {
		t.Error("the renamed service is not in the index after the import")
	}

	// With the index held open, as a running serve does, import still writes and says so.
	e, err := search.Open(search.Options{Dir: filepath.Join(data, "index")})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	out, errOut, err = runUserCmd(t, "", "import", "--data", data, file)
	if err != nil || !strings.Contains(out, "open in a running serve") {
		t.Errorf("import beside an open index: %v %q\n%s", err, out, errOut)
	}
}

// searchFor opens the index in data as serve would, without letting it build or catch
// up, and counts the listings matching text.
func searchFor(t *testing.T, data, text string) int {
	t.Helper()
	e, err := search.Open(search.Options{Dir: filepath.Join(data, "index")})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	r, err := e.Search(context.Background(), search.Query{Text: text})
	if err != nil {
		t.Fatalf("search %q: %v (the index was not left ready)", text, err)
	}
	return r.Total
}

// TestImportPostgresLeavesIndexToServe: on PostgreSQL an import builds no index in a data
// folder that has none (each serve keeps its own), and updates one that exists.
func TestImportPostgresLeavesIndexToServe(t *testing.T) {
	_, cfg := storetest.PostgresConfig(t)
	data := t.TempDir()
	out, errOut, err := runUserCmd(t, "", "import", "--data", data, "--database-url", cfg.DatabaseURL, "testdata/gen-40.ndjson")
	if err != nil {
		t.Fatalf("import: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "each serve brings its own") {
		t.Errorf("import said %q", out)
	}
	if _, err := os.Stat(filepath.Join(data, "index")); !os.IsNotExist(err) {
		t.Fatalf("an index was built in a folder that had none: %v", err)
	}
	if _, _, err := runUserCmd(t, "", "reindex", "--data", data, "--database-url", cfg.DatabaseURL); err != nil {
		t.Fatal(err)
	}
	out, errOut, err = runUserCmd(t, "", "import", "--data", data, "--database-url", cfg.DatabaseURL, "testdata/gen-40.ndjson")
	if err != nil || !strings.Contains(out, "search index: 40 documents") {
		t.Errorf("import beside an existing index: %v %q\n%s", err, out, errOut)
	}
}
