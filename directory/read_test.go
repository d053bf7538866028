package directory

import (
	"errors"
	"strings"
	"testing"
)

const goodService = `{"id":"3f0e0d7e-8d1a-4a3c-9a51-4b6f3b1b2c01","name":"Food Pantry","status":"active",
 "service_at_locations":[{"location":{"id":"3f0e0d7e-8d1a-4a3c-9a51-4b6f3b1b2c02","location_type":"physical","latitude":42.2,"longitude":-72.6}}]}`

type read struct {
	recs []Record
	errs []*RecordError
	warn []FieldError
}

func readAll(t *testing.T, in string) (read, error) {
	t.Helper()
	var r read
	err := ReadRecords(strings.NewReader(in), func(rec Record, chk *Checked, err error) error {
		var re *RecordError
		if errors.As(err, &re) {
			r.errs = append(r.errs, re)
			return nil
		}
		if err != nil {
			t.Fatalf("unexpected error type %T: %v", err, err)
		}
		r.recs = append(r.recs, rec)
		r.warn = append(r.warn, chk.Warnings...)
		return nil
	})
	return r, err
}

func TestReadRecordsShapes(t *testing.T) {
	oneLine := strings.ReplaceAll(goodService, "\n", "")
	second := strings.ReplaceAll(oneLine, "2c01", "2c09")
	tests := []struct {
		name  string
		in    string
		recs  int
		lines []int
	}{
		{"single object", goodService, 1, []int{1}},
		{"array", "[\n" + oneLine + ",\n" + second + "\n]", 2, []int{2, 3}},
		{"ndjson", oneLine + "\n" + second + "\n", 2, []int{1, 2}},
		{"ndjson with blank lines", "\n" + oneLine + "\n\n" + second, 2, []int{2, 4}},
		{"empty input", "", 0, nil},
		{"empty array", "[]", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := readAll(t, tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(r.recs) != tt.recs || len(r.errs) != 0 {
				t.Fatalf("got %d records, %d errors (%v); want %d records", len(r.recs), len(r.errs), r.errs, tt.recs)
			}
			for i, l := range tt.lines {
				if r.recs[i].Line != l {
					t.Errorf("record %d at line %d, want %d", i, r.recs[i].Line, l)
				}
			}
		})
	}
}

func TestReadRecordsReportsBadRecordsAndKeepsGoing(t *testing.T) {
	good := strings.ReplaceAll(goodService, "\n", "")
	in := strings.Join([]string{
		good,
		`{"id":"not-a-uuid","name":"x","status":"active"}`,
		`{"id":"3f0e0d7e-8d1a-4a3c-9a51-4b6f3b1b2c03","name":"x","status":"active","minimum_age":"ten"}`,
		`{"id":"3f0e0d7e-8d1a-4a3c-9a51-4b6f3b1b2c04","status":"open"}`,
		`42`,
		strings.ReplaceAll(good, "2c01", "2c05"),
	}, "\n")
	r, err := readAll(t, in)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.recs) != 2 {
		t.Fatalf("got %d good records, want 2", len(r.recs))
	}
	want := []struct {
		line   int
		fields []string
	}{
		{2, []string{"id"}},
		{3, []string{"minimum_age"}},
		{4, []string{"name", "status"}},
		{5, nil},
	}
	if len(r.errs) != len(want) {
		t.Fatalf("got %d errors %v, want %d", len(r.errs), r.errs, len(want))
	}
	for i, w := range want {
		e := r.errs[i]
		if e.Line != w.line {
			t.Errorf("error %d at line %d, want %d (%v)", i, e.Line, w.line, e)
		}
		var got []string
		for _, f := range e.Fields {
			got = append(got, f.Field)
		}
		if strings.Join(got, ",") != strings.Join(w.fields, ",") {
			t.Errorf("line %d: fields %v, want %v", w.line, got, w.fields)
		}
	}
}

func TestReadRecordsMalformedJSONStops(t *testing.T) {
	good := strings.ReplaceAll(goodService, "\n", "")
	_, err := readAll(t, good+"\n{\"id\": \n")
	var re *RecordError
	if !errors.As(err, &re) || re.Line != 2 {
		t.Fatalf("want a record error at line 2, got %v", err)
	}
}

func TestOutOfRangeCoordinatesAreDroppedWithAWarning(t *testing.T) {
	in := strings.ReplaceAll(strings.ReplaceAll(goodService, "\n", ""), `"latitude":42.2`, `"latitude":100`)
	r, err := readAll(t, in)
	if err != nil || len(r.recs) != 1 {
		t.Fatalf("want the record kept, got %v %v", r.errs, err)
	}
	loc := r.recs[0].Service.ServiceAtLocations[0].Location
	if loc.Latitude != nil || loc.Longitude != nil {
		t.Errorf("coordinates kept: %v %v", loc.Latitude, loc.Longitude)
	}
	if len(r.warn) != 1 || r.warn[0].Field != "service_at_locations[0].location.latitude" {
		t.Errorf("warnings = %v", r.warn)
	}
}

func TestOrganizationRecognised(t *testing.T) {
	in := `{"id":"3f0e0d7e-8d1a-4a3c-9a51-4b6f3b1b2c11","name":"Org","description":"d","services":[
	  {"id":"3f0e0d7e-8d1a-4a3c-9a51-4b6f3b1b2c12","name":"S","status":"active"}]}`
	r, err := readAll(t, in)
	if err != nil || len(r.recs) != 1 {
		t.Fatalf("%v %v", r.errs, err)
	}
	o := r.recs[0].Organization
	if o == nil || len(o.Services) != 1 || o.Services[0].OrganizationID != o.ID {
		t.Fatalf("organization not read with its service: %+v", r.recs[0])
	}
}

func FuzzReadRecords(f *testing.F) {
	f.Add(goodService)
	f.Add("[" + goodService + "]")
	f.Add(`{"id":"x"}` + "\n" + `[1,2]`)
	f.Add(`{"name":"a","status":"active","schedules":[{"byday":"2TU,-1FR","opens_at":"25:00"}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		_ = ReadRecords(strings.NewReader(in), func(rec Record, chk *Checked, err error) error {
			if err == nil && rec.Service == nil && rec.Organization == nil {
				t.Fatal("a record without error must hold a service or an organization")
			}
			if err == nil && len(chk.Errors) > 0 {
				t.Fatal("a record with field errors must come with an error")
			}
			return nil
		})
	})
}

// TestImportKeepsSourceDatesButRefusesImpossibleCounts: an import is trusted with the
// source's dates (a count's updated, the service's last_modified), but a record with
// more units free than there are, or dated in the future, is a bad record named by field.
func TestImportKeepsSourceDatesButRefusesImpossibleCounts(t *testing.T) {
	good := strings.ReplaceAll(goodService, `"status":"active",`, `"status":"active","last_modified":"2026-01-02T03:04:05Z",
 "capacities":[{"available":3,"maximum":15,"updated":"2026-01-02T03:00:00-05:00"}],`)
	over := strings.ReplaceAll(strings.ReplaceAll(good, "2c01", "2c09"), `"available":3`, `"available":20`)
	ahead := strings.ReplaceAll(strings.ReplaceAll(good, "2c01", "2c0a"), `"updated":"2026-01-02T03:00:00-05:00"`, `"updated":"2099-01-01T00:00:00Z"`)
	r, err := readAll(t, "["+good+",\n"+over+",\n"+ahead+"]")
	if err != nil {
		t.Fatal(err)
	}
	if len(r.recs) != 1 {
		t.Fatalf("%d records kept, want 1 (%v)", len(r.recs), r.errs)
	}
	s := r.recs[0].Service
	if s.LastModified != "2026-01-02T03:04:05Z" || s.Capacities[0].Updated != "2026-01-02T03:00:00-05:00" {
		t.Errorf("the source's dates were not kept: last_modified %q, updated %q", s.LastModified, s.Capacities[0].Updated)
	}
	want := []string{"capacities[0].available", "capacities[0].updated"}
	if len(r.errs) != 2 {
		t.Fatalf("errors %v, want one record each on %v", r.errs, want)
	}
	for i, e := range r.errs {
		if len(e.Fields) != 1 || e.Fields[0].Field != want[i] {
			t.Errorf("record error %d names %v, want %s", i, e.Fields, want[i])
		}
	}
}
