package hsds3csv

import (
	"archive/zip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
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
		zr, err := zip.OpenReader(p)
		if err != nil {
			return false
		}
		defer zr.Close()
		root, err := packageRoot(zr)
		if err != nil {
			return false
		}
		sub, err := fs.Sub(zr, root)
		return err == nil && hasMarkers(sub)
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

// open opens the package at p as a file system whose root holds the tables.
func open(p string) (fs.FS, func() error, error) {
	nop := func() error { return nil }
	fi, err := os.Stat(p)
	if err != nil {
		return nil, nil, err
	}
	switch {
	case fi.IsDir():
		return os.DirFS(p), nop, nil
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, nil, fmt.Errorf("not a zip archive: %w", err)
		}
		root, err := packageRoot(zr)
		if err != nil {
			zr.Close()
			return nil, nil, err
		}
		sub, err := fs.Sub(zr, root)
		if err != nil {
			zr.Close()
			return nil, nil, err
		}
		return sub, zr.Close, nil
	case isDescriptor(p):
		return os.DirFS(filepath.Dir(p)), nop, nil
	}
	return nil, nil, errors.New("not an HSDS 3.0 package: give its folder, its datapackage.json or a .zip of it")
}

// packageRoot is the folder of a zip archive that holds services.csv: the top, or the one
// folder the archiving tool wrapped it in.
func packageRoot(fsys fs.FS) (string, error) {
	root := ""
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.Count(p, "/") >= 2 {
			return fs.SkipDir
		}
		if !d.IsDir() && strings.EqualFold(path.Base(p), "services.csv") && !strings.HasPrefix(p, "__MACOSX") {
			if dir := path.Dir(p); root == "" || len(dir) < len(root) {
				root = dir
			}
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read the zip archive: %w", err)
	}
	if root == "" {
		return "", errors.New("the zip archive holds no services.csv in its top two folders")
	}
	return root, nil
}
