package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/internal/hsdsschema"
	"handoff/store"
	"handoff/store/storetest"
)

func importFile(t *testing.T, st *store.Store, path string, strict bool) (importSummary, string, error) {
	t.Helper()
	var errs bytes.Buffer
	sum, err := importFiles(context.Background(), st, []string{path}, strict, &errs)
	return sum, errs.String(), err
}

func exportAll(t *testing.T, st *store.Store) []map[string]any {
	t.Helper()
	var out bytes.Buffer
	cmd := newExport(&config{})
	cmd.SetContext(context.Background())
	if _, err := export(cmd, st, &out); err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	sc := bufio.NewScanner(&out)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if err := hsdsschema.Validate("service", sc.Bytes()); err != nil {
			t.Fatalf("exported service does not validate: %v", err)
		}
		var m map[string]any
		json.Unmarshal(sc.Bytes(), &m)
		docs = append(docs, m)
	}
	return docs
}

func readNDJSON(t *testing.T, path string) []map[string]any {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var docs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var m map[string]any
		json.Unmarshal([]byte(line), &m)
		docs = append(docs, m)
	}
	return docs
}

func TestImportExportRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		src := "testdata/gen-40.ndjson"
		sum, errs, err := importFile(t, st, src, false)
		if err != nil || sum.Created != 40 || sum.Rejected != 0 {
			t.Fatalf("import: %+v %v\n%s", sum, err, errs)
		}
		// The export also names each child's parent (service_id, location_id…), which the
		// generator leaves implied, and each capacity figure's source (the import):
		// compare with the input after the same normalisation.
		in := normalized(t, readNDJSON(t, src))
		out := exportAll(t, st)
		if len(out) != len(in) {
			t.Fatalf("exported %d services, imported %d", len(out), len(in))
		}
		byID := map[string]map[string]any{}
		for _, d := range out {
			delete(d, "last_modified") // set by the store: the generator gives none
			byID[d["id"].(string)] = d
		}
		for _, d := range in {
			got := byID[d["id"].(string)]
			// The generator gives one organization different descriptions in different
			// services; the directory keeps one organization, as last written.
			delete(d["organization"].(map[string]any), "description")
			delete(got["organization"].(map[string]any), "description")
			if !reflect.DeepEqual(d, got) {
				a, _ := json.MarshalIndent(d, "", " ")
				b, _ := json.MarshalIndent(got, "", " ")
				t.Fatalf("service %s differs after the round trip:\nin:  %s\nout: %s", d["id"], a, b)
			}
		}
		// Importing the same file again updates, it does not duplicate.
		sum, _, err = importFile(t, st, src, false)
		if err != nil || sum.Updated != 40 || sum.Created != 0 {
			t.Fatalf("re-import: %+v %v", sum, err)
		}
		if n, _ := st.CountServices(context.Background()); n != 40 {
			t.Errorf("%d services after re-import", n)
		}
	})
}

func TestImportHSDSExamples(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		dir := t.TempDir()
		for _, name := range []string{"service_full.json", "organization_full.json"} {
			b, _ := fs.ReadFile(hsdsschema.Examples, "examples/"+name)
			os.WriteFile(filepath.Join(dir, name), b, 0o600)
		}
		sum, errs, err := importFile(t, st, filepath.Join(dir, "service_full.json"), false)
		if err != nil || sum.Created != 1 {
			t.Fatalf("service_full.json: %+v %v\n%s", sum, err, errs)
		}
		sum, errs, err = importFile(t, st, filepath.Join(dir, "organization_full.json"), false)
		if err != nil || sum.Created+sum.Updated != 1 || sum.Rejected != 0 {
			t.Fatalf("organization_full.json: %+v %v\n%s", sum, err, errs)
		}
		if sum.Warnings == 0 || !strings.Contains(errs, "locations[0].latitude") || !strings.Contains(errs, "outside -90..90") {
			t.Errorf("the out-of-range latitude is not reported for its location:\n%s", errs)
		}
		svc, err := st.Service(context.Background(), "ac148810-d857-441c-9679-408f346de14b")
		if err != nil {
			t.Fatal(err)
		}
		loc := svc.ServiceAtLocations[0].Location
		if loc == nil || loc.Latitude != nil {
			t.Errorf("latitude 100 was stored: %+v", loc)
		}
	})
}

func TestImportReportsBadRecordsAndKeepsGood(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		lines := strings.Split(strings.TrimSpace(string(must(os.ReadFile("testdata/gen-40.ndjson")))), "\n")[:3]
		bad := []string{
			lines[0],
			`{"id":"svc-1","name":"Bad id","status":"active"}`,
			strings.Replace(lines[1], `"status":"active"`, `"status":12`, 1),
			lines[2],
		}
		path := filepath.Join(t.TempDir(), "mixed.ndjson")
		os.WriteFile(path, []byte(strings.Join(bad, "\n")+"\n"), 0o600)
		sum, errs, err := importFile(t, st, path, false)
		if err != nil || sum.Created != 2 || sum.Rejected != 2 {
			t.Fatalf("lenient: %+v %v\n%s", sum, err, errs)
		}
		for _, want := range []string{"mixed.ndjson:line 2", "id: must be a UUID", "mixed.ndjson:line 3", "status: must be a string"} {
			if !strings.Contains(errs, want) {
				t.Errorf("report lacks %q:\n%s", want, errs)
			}
		}

		st2 := storetest.SQLite(t)
		sum, _, err = importFile(t, st2, path, true)
		if err == nil {
			t.Fatal("strict import of a bad file succeeded")
		}
		if n, _ := st2.CountServices(context.Background()); n != 0 {
			t.Errorf("strict import left %d services", n)
		}
	})
}

func normalized(t *testing.T, docs []map[string]any) []map[string]any {
	out := make([]map[string]any, len(docs))
	for i, d := range docs {
		b, _ := json.Marshal(d)
		var s directory.Service
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatal(err)
		}
		directory.NormalizeService(&s)
		directory.MarkImported(&s) // an imported figure says it came by import
		b, _ = json.Marshal(s)
		json.Unmarshal(b, &out[i])
	}
	return out
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}
