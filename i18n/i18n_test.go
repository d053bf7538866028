package i18n

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

var placeholders = regexp.MustCompile(`\{[a-z_]+\}`)

// forms lists a message's texts: its one text or each plural form.
func forms(m Message) map[string]string {
	if m.Forms != nil {
		return m.Forms
	}
	return map[string]string{"": m.Text}
}

// TestCatalogComplete fails on any key a complete language lacks: en and es carry every
// key, pt and ht every public key (pub.*); on a key no English has; on an empty text; on
// a plural entry without "other"; and on a translation using a placeholder the English
// does not fill.
func TestCatalogComplete(t *testing.T) {
	c, err := Parse(files)
	if err != nil {
		t.Fatal(err)
	}
	en := c.Keys(Default)
	if len(en) < 300 {
		t.Fatalf("English has %d keys", len(en))
	}
	for _, l := range Locales {
		for _, k := range en {
			if Complete(l, k) && !c.Has(l, k) {
				t.Errorf("%s: missing %q", l, k)
			}
		}
		for _, k := range c.Keys(l) {
			if !c.Has(Default, k) {
				t.Errorf("%s: %q is not an English key", l, k)
				continue
			}
			m, _ := c.Entry(l, k)
			if m.Forms != nil && m.Forms["other"] == "" {
				t.Errorf("%s: %q has no plural form \"other\"", l, k)
			}
			enm, _ := c.Entry(Default, k)
			var allowed []string
			for _, s := range forms(enm) {
				allowed = append(allowed, placeholders.FindAllString(s, -1)...)
			}
			for form, s := range forms(m) {
				if s == "" {
					t.Errorf("%s: %q %s is empty", l, k, form)
				}
				for _, p := range placeholders.FindAllString(s, -1) {
					if !slices.Contains(allowed, p) {
						t.Errorf("%s: %q uses %s, which the English does not fill", l, k, p)
					}
				}
			}
		}
	}
}

func TestT(t *testing.T) {
	c := Load()
	for _, tc := range []struct {
		lang, key string
		vars      []any
		want      string
	}{
		{"en", "pub.card.days_ago", []any{"count", 1}, "1 day ago"},
		{"en", "pub.card.days_ago", []any{"count", 3}, "3 days ago"},
		{"es", "pub.card.days_ago", []any{"count", 1}, "hace 1 día"},
		{"es", "pub.card.days_ago", []any{"count", 2}, "hace 2 días"},
		{"pt", "pub.card.days_ago", []any{"count", 1}, "há 1 dia"},
		// Haitian Creole has no CLDR plural rule: "other" always.
		{"ht", "pub.card.days_ago", []any{"count", 1}, "sa gen 1 jou"},
		// Numbers grouped as the language groups them.
		{"en", "pub.search.showing", []any{"count", 1200}, "Showing 1,200."},
		{"es", "pub.search.showing", []any{"count", 12000}, "Se muestran 12.000."},
		// A staff key falls back to English in a language that lacks it.
		{"ht", "chrome.signin", nil, "Sign in"},
		{"xx", "pub.search.go", nil, "Search"},
		{"es", "no.such.key", nil, "no.such.key"},
	} {
		if got := c.T(tc.lang, tc.key, tc.vars...); got != tc.want {
			t.Errorf("T(%s, %s, %v) = %q, want %q", tc.lang, tc.key, tc.vars, got, tc.want)
		}
	}
}

func TestMatch(t *testing.T) {
	c := Load()
	for _, tc := range []struct {
		accept  string
		choices []string
		want    string
	}{
		{"", nil, "en"},
		{"es-MX,es;q=0.9,en;q=0.8", nil, "es"},
		{"pt-BR", nil, "pt"},
		{"ht", nil, "ht"},
		{"fr-CA,fr", nil, "en"},
		{"garbage;;", nil, "en"},
		{"es", []string{"ht"}, "ht"},     // a remembered choice wins over the browser
		{"es", []string{"", "pt"}, "pt"}, // an empty choice is passed over
		{"en", []string{"es-419"}, "es"}, // a list's language by its base
		{"es", []string{"fr"}, "es"},     // a language Handoff does not speak
	} {
		if got := c.Match(tc.accept, tc.choices...); got != tc.want {
			t.Errorf("Match(%q, %v) = %q, want %q", tc.accept, tc.choices, got, tc.want)
		}
	}
}

func TestJSVersioned(t *testing.T) {
	c := Load()
	seen := map[string]bool{}
	for _, l := range Locales {
		js, v := c.JS(l)
		if len(js) == 0 || len(v) != 12 || seen[v] {
			t.Errorf("%s: %d bytes, version %q", l, len(js), v)
		}
		seen[v] = true
		// The server's own texts stay on the server; a page's text is there.
		if bytes.Contains(js, []byte(`"definitions.page.h1"`)) || bytes.Contains(js, []byte(`"notice.sent.subject"`)) ||
			!bytes.Contains(js, []byte(`"pub.chrome.language"`)) {
			t.Errorf("%s: the pages' catalog holds a server-only text, or lacks a page's", l)
		}
	}
}

// TestParseKeepsKeysInTheirFiles: a key stands in the file named by its first word, so
// no key can stand in two files.
func TestParseKeepsKeysInTheirFiles(t *testing.T) {
	good := func() fstest.MapFS {
		fsys := fstest.MapFS{}
		for _, l := range Locales {
			fsys["locales/"+l+"/pub.json"] = &fstest.MapFile{Data: []byte(`{"pub.a": "A"}`)}
		}
		return fsys
	}
	if _, err := Parse(good()); err != nil {
		t.Fatalf("a sound catalog: %v", err)
	}
	bad := good()
	bad["locales/es/agency.json"] = &fstest.MapFile{Data: []byte(`{"pub.a": "B"}`)}
	if _, err := Parse(bad); err == nil || !strings.Contains(err.Error(), `key "pub.a" belongs in pub.json`) {
		t.Errorf("a key in the wrong file: %v", err)
	}
	none := good()
	delete(none, "locales/pt/pub.json")
	if _, err := Parse(none); err == nil {
		t.Error("a locale without files was read")
	}
}

// TestFilesCanonical: each catalog file is its keys sorted, one space of indent and a
// final newline, as the catalog's tools write it, so that parallel work merges cleanly.
func TestFilesCanonical(t *testing.T) {
	names, err := fs.Glob(files, "locales/*/*.json")
	if err != nil || len(names) == 0 {
		t.Fatal(names, err)
	}
	for _, name := range names {
		b, _ := fs.ReadFile(files, name)
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", " ")
		if err := enc.Encode(m); err != nil { // a map's keys are written sorted
			t.Fatal(err)
		}
		if !bytes.Equal(b, want.Bytes()) {
			t.Errorf("%s is not canonical: keys sorted, indent one space, a final newline (python3 -c 'import json,sys;p=sys.argv[1];d=json.load(open(p));open(p,\"w\").write(json.dumps(d,ensure_ascii=False,indent=1,sort_keys=True)+\"\\n\")' FILE)", name)
		}
	}
}
