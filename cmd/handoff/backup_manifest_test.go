package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"handoff/store"
)

// goodManifest is a valid SQLite manifest, for the table test to spoil one field at a time.
func goodManifest() manifest {
	return manifest{Format: 1, Handoff: "1.2.3", Backend: store.SQLite, Schema: 11,
		Created: time.Date(2026, 12, 5, 4, 0, 0, 0, time.UTC), TookMS: 12,
		Tables:      map[string]int64{"services": 3, "goose_db_version": 12},
		Data:        dataEntry{Name: "handoff.db", Size: 4096, SHA256: strings.Repeat("ab", 32)},
		NotIncluded: notIncluded}
}

func TestReadManifest(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(m *manifest)
		raw  string // instead of the edited manifest
		want string // "" for accepted
	}{
		{name: "good", edit: func(*manifest) {}},
		{name: "good postgres", edit: func(m *manifest) {
			m.Backend, m.Data.Name, m.Postgres = store.Postgres, "handoff.pgdump", &pgInfo{Schema: "public", PgDump: 15, Server: 150020}
		}},
		{name: "newer format", edit: func(m *manifest) { m.Format = 2 }, want: "made by a newer Handoff"},
		{name: "no format", edit: func(m *manifest) { m.Format = 0 }, want: "no format version"},
		{name: "unknown backend", edit: func(m *manifest) { m.Backend = "mysql" }, want: "unknown backend"},
		{name: "data name", edit: func(m *manifest) { m.Data.Name = "../../etc/passwd" }, want: "data is handoff.db"},
		{name: "sqlite with postgres data", edit: func(m *manifest) { m.Data.Name = "handoff.pgdump" }, want: "data is handoff.db"},
		{name: "no size", edit: func(m *manifest) { m.Data.Size = 0 }, want: "no data size"},
		{name: "bad checksum", edit: func(m *manifest) { m.Data.SHA256 = "xyz" }, want: "no data checksum"},
		{name: "no schema", edit: func(m *manifest) { m.Schema = 0 }, want: "no schema version"},
		{name: "no tables", edit: func(m *manifest) { m.Tables = nil }, want: "no table counts"},
		{name: "negative count", edit: func(m *manifest) { m.Tables["people"] = -1 }, want: "bad table count"},
		{name: "odd table name", edit: func(m *manifest) { m.Tables[`x"; DROP TABLE people`] = 1 }, want: "bad table count"},
		{name: "postgres without details", edit: func(m *manifest) { m.Backend, m.Data.Name = store.Postgres, "handoff.pgdump" }, want: "PostgreSQL details"},
		{name: "sqlite with postgres details", edit: func(m *manifest) { m.Postgres = &pgInfo{PgDump: 15} }, want: "PostgreSQL details"},
		{name: "bad schema name", edit: func(m *manifest) {
			m.Backend, m.Data.Name, m.Postgres = store.Postgres, "handoff.pgdump", &pgInfo{Schema: "a b", PgDump: 15}
		}, want: "bad PostgreSQL details"},
		{name: "not json", raw: "PK\x03\x04", want: "damaged"},
		{name: "empty", raw: "", want: "damaged"},
		{name: "too large", raw: `{"format":1,"handoff_version":"` + strings.Repeat("x", maxManifest) + `"}`, want: "larger than"},
	} {
		t.Run(c.name, func(t *testing.T) {
			raw := []byte(c.raw)
			if c.edit != nil {
				m := goodManifest()
				m.Tables = map[string]int64{"services": 3, "goose_db_version": 12}
				c.edit(&m)
				raw, _ = json.Marshal(m)
			}
			m, err := readManifest(bytes.NewReader(raw))
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused a good manifest: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("got %v (manifest %+v), want an error saying %q", err, m, c.want)
			}
		})
	}
}

// FuzzReadManifest: no input panics the reader, and whatever it accepts survives a
// round trip unchanged and passes its own check again.
func FuzzReadManifest(f *testing.F) {
	good, _ := json.Marshal(goodManifest())
	f.Add(good)
	f.Add([]byte(`{"format":1}`))
	f.Add([]byte(`{"format":99,"backend":"sqlite"}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := readManifest(bytes.NewReader(raw))
		if err != nil {
			if m.Format <= backupFormat && !errors.Is(err, errDamaged) {
				t.Fatalf("a refusal of format %d that does not say the file is damaged: %v", m.Format, err)
			}
			return
		}
		again, _ := json.Marshal(m)
		m2, err := readManifest(bytes.NewReader(again))
		if err != nil || !reflect.DeepEqual(m, m2) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, m, m2)
		}
	})
}
