package layering

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// mayImport is DESIGN.md's layout table: the Handoff packages each top-level folder may
// import (a folder's own subpackages always). A folder missing here fails the test, so a
// new one is placed in the table first. "*" is everything. A subpackage with its own
// line (care/measures) is a layer of its own: it is checked by its line, and its folder
// may import it only if that folder's line names it.
var mayImport = map[string][]string{
	"cmd":       {"*"},
	"api":       {"access", "care", "care/measures", "directory", "store", "search", "geo", "notify", "i18n"},
	"directory": {"geo"},
	"care":      {"directory", "geo"},
	// The program's reports, over care's records; care itself never reads them.
	// The metric dictionary's words come from the catalog, a leaf (see i18n below).
	"care/measures": {"care", "directory", "geo", "i18n"},
	"store":         {"directory", "care", "care/measures", "notify"},
	"access":        {"directory"},
	"search":        {"directory", "geo", "i18n"},
	"geo":           {},
	// seed places the demo listings and the demo activity in real towns and ZIP codes,
	// from geo's embedded gazetteer, like the domain packages do.
	"seed": {"directory", "care", "store", "geo"},
	// The outbox's events, messages (worded from the catalog) and delivery worker; store
	// implements its queue.
	"notify":   {"i18n"},
	"internal": {"*"}, // test helpers, imported by tests only (checked below)
	// The deployment (compose file, Caddyfile, alert rules); only its tests have code.
	"deploy": {},
	// The message catalog: a leaf, read by the HTTP layer, the search's explanations, the
	// metric dictionary and the notices; it imports no Handoff package.
	"i18n": {},
}

// never lists what the domain packages (and search and geo, below them) must not import:
// "never import api, Fiber or SQL drivers", and SQL lives only in store. access has
// "no HTTP, no SQL".
var never = map[string][]string{
	"directory":     domainNever,
	"care":          domainNever,
	"care/measures": domainNever,
	"access":        append([]string{"net/http"}, domainNever...),
	"search":        domainNever,
	"geo":           domainNever,
	"notify":        domainNever,
}

// geoLibraries are all geo imports besides the standard library: orb for geometry, and
// for place names an edit distance (typo suggestions) and Unicode normalisation
// (accents: "Española" is typed "Espanola").
var geoLibraries = []string{"github.com/paulmach/orb", "github.com/agnivade/levenshtein", "golang.org/x/text/"}

var domainNever = []string{
	"handoff/api", "github.com/gofiber/",
	"github.com/lib/pq", "modernc.org/sqlite", "database/sql", "github.com/jmoiron/sqlx",
}

// TestLayering reads the import graph of the module's non-test code with go list and
// checks every Handoff import against the table, the domain packages' forbidden imports,
// geo's short list of libraries, and that only tests import the test helpers in internal/.
func TestLayering(t *testing.T) {
	for pkg, imports := range goList(t) {
		top := folder(pkg)
		allowed, ok := mayImport[top]
		if !ok {
			t.Errorf("%s: folder %q is not in the layout table of DESIGN.md (and mayImport here)", pkg, top)
			continue
		}
		for _, imp := range imports {
			if strings.HasPrefix(imp, "handoff/") {
				to := folder(imp)
				switch {
				case to == "cmd":
					t.Errorf("%s imports %s: nothing imports the binary", pkg, imp)
				case to == "internal" && top != "internal":
					t.Errorf("%s imports %s: internal/ holds test helpers, for tests only", pkg, imp)
				case to == top || slices.Contains(allowed, "*") || slices.Contains(allowed, to):
				default:
					t.Errorf("%s imports %s: %s may import only %v (DESIGN.md, Layout)", pkg, imp, top, allowed)
				}
			}
			for _, no := range never[top] {
				if imp == no || strings.HasSuffix(no, "/") && strings.HasPrefix(imp, no) {
					t.Errorf("%s imports %s: domain packages never import the API, Fiber or SQL (access: nor HTTP)", pkg, imp)
				}
			}
			if top == "geo" && !strings.HasPrefix(imp, "handoff/geo") && !stdlib(imp) && !slices.ContainsFunc(geoLibraries, func(l string) bool { return strings.HasPrefix(imp, l) }) {
				t.Errorf("%s imports %s: geo imports only %v", pkg, imp, geoLibraries)
			}
		}
	}
}

// goList returns each package of the module with the imports of its non-test files.
func goList(t *testing.T) map[string][]string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	cmd := exec.Command(goBin, "list", "-e", "-f", `{{.ImportPath}}|{{join .Imports " "}}`, "handoff/...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		f := strings.Split(strings.TrimSpace(line), "|")
		if len(f) != 2 {
			t.Fatalf("go list: %q", line)
		}
		pkgs[f[0]] = strings.Fields(f[1])
	}
	if len(pkgs) < len(mayImport) {
		t.Fatalf("go list found %d packages: %v", len(pkgs), pkgs)
	}
	return pkgs
}

// folder is the line of the layout table a Handoff import path falls under: its
// top-level folder (handoff/store/storetest is store), or the subpackage when that has a
// line of its own (handoff/care/measures is care/measures).
func folder(path string) string {
	rel := strings.TrimPrefix(path, "handoff/")
	top, rest, _ := strings.Cut(rel, "/")
	if sub, _, _ := strings.Cut(rest, "/"); sub != "" {
		if _, ok := mayImport[top+"/"+sub]; ok {
			return top + "/" + sub
		}
	}
	return top
}

// stdlib tells a standard library import by its first element having no dot.
func stdlib(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && first != "handoff"
}

// TestFolder: an import path falls under its top-level folder's line, or under its
// subpackage's when that has one, so that care importing care/measures is checked.
func TestFolder(t *testing.T) {
	for path, want := range map[string]string{
		"handoff/store":             "store",
		"handoff/store/storetest":   "store",
		"handoff/care":              "care",
		"handoff/care/measures":     "care/measures",
		"handoff/care/measures/sub": "care/measures",
		"handoff/cmd/handoff":       "cmd",
	} {
		if got := folder(path); got != want {
			t.Errorf("folder(%q) = %q, want %q", path, got, want)
		}
	}
}
