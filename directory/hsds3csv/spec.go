package hsds3csv

import (
	_ "embed"
	"encoding/json"
	"fmt"
)

// descriptor is the HSDS 3.0 datapackage.json, copied unchanged from the Open Referral
// specification (CC BY-SA 4.0, see SOURCES.md). It gives each table's file and the order of
// its fields, and is written as it is beside an export.
//
//go:embed datapackage.json
var descriptor []byte

// Table is one table of the HSDS 3.0 tabular package.
type Table struct {
	Name   string   // the resource name: "service"
	File   string   // the file: "services.csv"
	Fields []string // the header, in the spec's order
}

var tables = func() []Table {
	var dp struct {
		Resources []struct {
			Name   string `json:"name"`
			Path   string `json:"path"`
			Schema struct {
				Fields []struct {
					Name string `json:"name"`
				} `json:"fields"`
			} `json:"schema"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(descriptor, &dp); err != nil {
		panic(fmt.Sprintf("hsds3csv: the embedded datapackage.json: %v", err))
	}
	out := make([]Table, 0, len(dp.Resources))
	for _, r := range dp.Resources {
		t := Table{Name: r.Name, File: r.Path}
		for _, f := range r.Schema.Fields {
			t.Fields = append(t.Fields, f.Name)
		}
		out = append(out, t)
	}
	return out
}()

// Tables are the tables of the HSDS 3.0 package in the order of its datapackage.json.
func Tables() []Table {
	return tables
}

// Descriptor is the HSDS 3.0 datapackage.json that an export writes beside its tables.
func Descriptor() []byte {
	return descriptor
}
