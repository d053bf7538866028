package hsds3csv

import (
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"handoff/directory/csvimport"
)

// markers are the files that only an HSDS 3.0 package has: HSDS 1.x names its tables
// services_at_location.csv, regular_schedules.csv and taxonomy.csv.
var markers = []string{"service_at_location.csv", "schedules.csv", "taxonomy_terms.csv", "attributes.csv"}

// markerResources are the resource names of a 3.0 descriptor that 1.x lacks.
var markerResources = map[string]bool{"attribute": true, "schedule": true, "service_at_location": true, "taxonomy_term": true}

// IsPackage reports whether p is an HSDS 3.0 tabular package that Read takes: a folder
// or .zip holding services.csv and one of the tables only 3.0 has, or a datapackage.json
// whose resources are 3.0's.
func IsPackage(p string) bool {
	if p == "-" {
		return false
	}
	fi, err := os.Stat(p)
	if err != nil {
		return false
	}
	switch {
	case fi.IsDir():
		return hasMarkers(os.DirFS(p))
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		sub, _, release, err := csvimport.OpenPackage(p, isDescriptor)
		if err != nil {
			return false
		}
		defer release()
		return hasMarkers(sub)
	case strings.EqualFold(filepath.Ext(p), ".json"):
		return isDescriptor(p)
	}
	return false
}

func hasMarkers(fsys fs.FS) bool {
	if _, err := fs.Stat(fsys, "services.csv"); err != nil {
		return false
	}
	for _, m := range markers {
		if _, err := fs.Stat(fsys, m); err == nil {
			return true
		}
	}
	return false
}

// isDescriptor reports whether a .json file is a data package descriptor of HSDS 3.0.
func isDescriptor(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var dp struct {
		Resources []struct {
			Name string `json:"name"`
		} `json:"resources"`
	}
	if err := json.NewDecoder(io.LimitReader(f, 4<<20)).Decode(&dp); err != nil {
		return false
	}
	for _, r := range dp.Resources {
		if markerResources[r.Name] {
			return true
		}
	}
	return false
}
