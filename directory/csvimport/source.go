package csvimport

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
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

// A package comes as its folder, its datapackage.json (whose resource paths may point
// into a subfolder, such as data/services.csv) or a .zip of the folder.

// IsPackage reports whether path is something Read takes: a folder, a .zip, or a
// data package descriptor (a .json file whose top-level object lists "resources").
func IsPackage(path string) bool {
	if path == "-" {
		return false
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return false
	case fi.IsDir():
		return true
	case strings.EqualFold(filepath.Ext(path), ".zip"):
		return true
	}
	return isDescriptor(path)
}

// isDescriptor reports whether a .json file is a Tabular Data Package descriptor of a
// package this importer reads (HSDS 1.x; HSDS 3.0's is told apart by Sniff).
func isDescriptor(path string) bool {
	if !strings.EqualFold(filepath.Ext(path), ".json") {
		return false
	}
	dp, err := descriptorAt(path)
	return err == nil && dp.version() == "1.x"
}

func descriptorAt(path string) (*dataPackage, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var dp dataPackage
	if err := json.NewDecoder(io.LimitReader(f, 4<<20)).Decode(&dp); err != nil {
		return nil, err
	}
	if len(dp.Resources) == 0 {
		return nil, errors.New("no resources")
	}
	return &dp, nil
}

// version tells the HSDS version of a descriptor by its resources: HSDS 3.0 has tables
// 1.x lacks (attribute, schedule, cost_option, url); 1.x has regular_schedule.
func (dp *dataPackage) version() string {
	hsds := false
	for _, r := range dp.Resources {
		switch r.Name {
		case "attribute", "schedule", "cost_option", "url", "unit", "metadata_3":
			return "3.0"
		case "service", "services", "organization":
			hsds = true
		}
	}
	if hsds {
		return "1.x"
	}
	return ""
}

// openPath opens the HSDS 1.x package at p (see OpenPackage).
func openPath(p string) (fs.FS, string, func() error, error) {
	return OpenPackage(p, isDescriptor)
}

// OpenPackage opens a tabular data package given as its folder, a .zip of it (the package
// at the top or in the one folder the archiving tool wrapped it in), or a descriptor
// (a datapackage.json that descriptor accepts: its folder), as a file system, with the
// name of its folder (the last resort for the source's name) and a function that
// releases it. The HSDS 1.x and 3.0 readers share it; each knows its own descriptor.
func OpenPackage(p string, descriptor func(string) bool) (fs.FS, string, func() error, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		abs = p
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, "", nil, err
	}
	nop := func() error { return nil }
	switch {
	case fi.IsDir():
		return os.DirFS(p), filepath.Base(abs), nop, nil
	case strings.EqualFold(filepath.Ext(p), ".zip"):
		zr, err := zip.OpenReader(p)
		if err != nil {
			return nil, "", nil, fmt.Errorf("not a zip archive: %w", err)
		}
		root, err := packageRoot(zr)
		if err != nil {
			zr.Close()
			return nil, "", nil, err
		}
		sub, _ := fs.Sub(zr, root)
		name := strings.TrimSuffix(filepath.Base(abs), filepath.Ext(abs))
		if root != "." {
			name = path.Base(root)
		}
		return sub, name, zr.Close, nil
	case descriptor(p):
		dir := filepath.Dir(abs)
		return os.DirFS(dir), filepath.Base(dir), nop, nil
	}
	return nil, "", nil, errors.New("not a package: give its folder, its datapackage.json or a .zip of it")
}

// packageRoot is the folder of a zip archive that holds the package: the top, or the one
// folder in which the archive's tool wrapped it.
func packageRoot(fsys fs.FS) (string, error) {
	var found []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.Count(p, "/") >= 2 {
			return fs.SkipDir
		}
		base := strings.ToLower(path.Base(p))
		if !d.IsDir() && (base == "datapackage.json" || base == "services.csv") && !strings.HasPrefix(p, "__MACOSX") {
			found = append(found, path.Dir(p))
		}
		return nil
	})
	if err != nil {
		return "", fmt.Errorf("read the zip archive: %w", err)
	}
	if len(found) == 0 {
		return "", errors.New("the zip archive holds no datapackage.json or services.csv in its top two folders: not a tabular package")
	}
	root := found[0]
	for _, f := range found {
		if len(f) < len(root) {
			root = f
		}
	}
	return root, nil
}

// Sniff says what a file that is not a package looks like, and what to do with it, when
// it is a kind the import knows to be wrong: an iCarol export, an HSDS table given alone,
// an HSDS 3.0 data package. It returns "" for a file it has no advice on (such as HSDS 3.0
// JSON, which the JSON importer reads).
func Sniff(p string) string {
	if p == "-" {
		return ""
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".json":
		if dp, err := descriptorAt(p); err == nil && dp.version() == "3.0" {
			return "this is the datapackage.json of an HSDS 3.0 tabular package, which this importer does not read: " +
				"it reads HSDS 3.0 JSON and HSDS 1.x CSV packages"
		}
	case ".csv", ".tsv", ".txt":
		return sniffCSV(p)
	}
	return ""
}

// iCarolColumns are header cells only an iCarol (AIRS) export has.
var iCarolColumns = []string{"resourceagencynum", "taxonomylevelname", "parentagencynum", "publicname", "agencystatus"}

func sniffCSV(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return ""
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	cells, err := csv.NewReader(bytes.NewReader(head)).Read()
	if err != nil {
		return ""
	}
	cols := map[string]bool{}
	for _, c := range cells {
		cols[strings.ToLower(strings.TrimSpace(c))] = true
	}
	hits := 0
	for _, c := range iCarolColumns {
		if cols[c] {
			hits++
		}
	}
	if hits >= 2 {
		return "this is an iCarol CSV export (columns ResourceAgencyNum, TaxonomyLevelName, ParentAgencyNum): use --format icarol"
	}
	base := strings.ToLower(filepath.Base(p))
	for _, sp := range specs {
		for _, name := range sp.files {
			if base == name {
				return fmt.Sprintf("this is %s, one table of an HSDS 1.x CSV package: import the folder that holds it "+
					"with the others (organizations.csv, services.csv, locations.csv …), its datapackage.json or a .zip of it", filepath.Base(p))
			}
		}
	}
	if cols["id"] && cols["name"] && (cols["organization_id"] || cols["description"]) {
		return "this looks like a table of an HSDS 1.x CSV package: import the folder that holds all its tables"
	}
	return "this CSV file is not one the import reads (its header: " + clipList(cells) + "): " +
		"give an HSDS 1.x package's folder, or HSDS 3.0 JSON"
}

func clipList(cells []string) string {
	if len(cells) > 6 {
		return strings.Join(cells[:6], ", ") + " …"
	}
	return strings.Join(cells, ", ")
}
