package api

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"handoff/directory"
	"handoff/i18n"
)

var (
	actionRe  = regexp.MustCompile(`(?s)\{\{.*?\}\}`)
	commentRe = regexp.MustCompile(`(?s)<!--.*?-->`)
	tagRe     = regexp.MustCompile(`(?s)<[^>]*>`)
	attrRe    = regexp.MustCompile(`\b(placeholder|aria-label|title|alt|label)="([^"]*)"`)
	wordRe    = regexp.MustCompile(`\p{L}{2,}`)
)

// literalText is what a page template shows people without the catalog: its text
// between tags and its readable attributes, once the template actions are taken out.
func literalText(src string) []string {
	src = commentRe.ReplaceAllString(src, "")
	var out []string
	for _, m := range attrRe.FindAllStringSubmatch(actionRe.ReplaceAllString(src, "{}"), -1) {
		if wordRe.MatchString(strings.ReplaceAll(m[2], "Handoff", "")) {
			out = append(out, m[1]+"="+m[2])
		}
	}
	text := tagRe.ReplaceAllString(actionRe.ReplaceAllString(src, " "), "\n")
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		// Handoff is the name; the rest are addresses and arrows.
		for _, ok := range []string{"Handoff", "/hsds/services", "/hsds/", "/dashboard/definitions", "&larr;"} {
			line = strings.ReplaceAll(line, ok, "")
		}
		if wordRe.MatchString(line) {
			out = append(out, line)
		}
	}
	return out
}

// TestPagesUseTheCatalog fails on any text in the chrome or a page that does not come
// from the catalog.
func TestPagesUseTheCatalog(t *testing.T) {
	for _, f := range append([]string{"chrome.html"}, chromePages...) {
		b, err := web.ReadFile("web/" + f)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range literalText(string(b)) {
			t.Errorf("%s: %q is not from the catalog", f, s)
		}
	}
}

var (
	// A string in double or single quotes, or a template literal's text between its ${…}.
	jsString = regexp.MustCompile(`"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|[` + "`" + `}]((?:[^` + "`" + `$\\\n]|\\.)+)(?:[` + "`" + `]|\$\{)`)
	// A sentence or a label: a capitalised word, or two words and a space.
	prose = regexp.MustCompile(`^[A-Z][a-z]+(\W|$)|[a-z]{2,} [a-z]{2,}`)
	// What is not prose although it looks so: CSS classes, selectors, codes, headers, key names.
	notProse = regexp.MustCompile(`^([a-z0-9-]+( [a-z0-9-]+)*|Accept|Content-Type|GET|POST|DOMContentLoaded|X-CSRF-Token|ETag|If-Match|If-None-Match|Idempotency-Key|UTC|Enter|Escape|Tab)$|^(input|label|button|details|select)[\[.]|^[#.]`)
)

func scriptProse(src string) []string {
	var out []string
	for _, line := range strings.Split(src, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "//") {
			continue
		}
		if i := strings.Index(line, " // "); i >= 0 {
			line = line[:i] // a comment after the code
		}
		for _, m := range jsString.FindAllStringSubmatch(line, -1) {
			if s := m[1] + m[2] + m[3]; prose.MatchString(s) && !notProse.MatchString(s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// TestScriptsUseTheCatalog fails on a string literal that reads as words in any page
// script.
func TestScriptsUseTheCatalog(t *testing.T) {
	scripts, err := fs.Glob(web, "web/static/*.js")
	if err != nil || len(scripts) < 20 {
		t.Fatalf("scripts: %v, %v", scripts, err)
	}
	for _, path := range scripts {
		b, err := web.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range scriptProse(string(b)) {
			t.Errorf("%s: %q reads as words: say it with t()", filepath.Base(path), s)
		}
	}
	// The check itself: it sees a sentence, and lets a class list pass.
	if got := scriptProse(`el("p", "tag tag-crisis", "Nothing fits all of this.")`); len(got) != 1 {
		t.Errorf("scriptProse found %q", got)
	}
}

// TestScriptKeysInCatalog fails on a t("key") of a page script or a .T "key" of a page
// that the catalog lacks.
func TestScriptKeysInCatalog(t *testing.T) {
	cat := i18n.Load()
	keyRe := regexp.MustCompile(`\bt\("([a-z_.-]+)"|\.T "([a-z_.-]+)"|\$\.T "([a-z_.-]+)"`)
	err := fs.WalkDir(web, "web", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.Contains(path, "/vendor/") || !(strings.HasSuffix(path, ".js") || strings.HasSuffix(path, ".html")) {
			return err
		}
		b, err := web.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			k := m[1] + m[2] + m[3]
			if strings.HasSuffix(k, ".") {
				continue // a prefix a code completes ("pub.level." + code)
			}
			if !cat.Has(i18n.Default, k) {
				t.Errorf("%s: key %q is not in the catalog", path, k)
			}
			if strings.HasSuffix(path, ".js") && i18n.ServerOnly(k) {
				t.Errorf("%s: key %q is the server's own, left out of the pages' catalog", path, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestHoursWordsMatchCatalog: the English DescribeHours writes by itself is the
// catalog's.
func TestHoursWordsMatchCatalog(t *testing.T) {
	cat := i18n.Load()
	for k, v := range directory.HoursWordsEnglish {
		if m, ok := cat.Entry(i18n.Default, k); !ok || m.Text != v {
			t.Errorf("%s: directory says %q, the catalog %q", k, v, m.Text)
		}
	}
}

// problemCalls are the functions whose argument (the last string literal) is a
// message a problem document carries.
var problemCalls = map[string]bool{"problem": true, "unauthorized": true, "errorf": true, "fail": true, "add": true, "bad": true}

var fmtVerb = regexp.MustCompile(`%[-+# 0]*\d*(?:\.\d+)?[a-zA-Z]`)

// TestProblemMessagesInCatalog reads the message of every problem and field error the
// source can make (the literal given to problem, unauthorized, a checker's errorf, fail,
// add or bad, or a FieldError's Message) and fails on one the catalog cannot read back
// into a key, and so cannot say in Spanish.
func TestProblemMessagesInCatalog(t *testing.T) {
	var msgs []string
	for _, dir := range []string{".", "../directory", "../care", "../access", "../store"} {
		msgs = append(msgs, sourceMessages(t, dir)...)
	}
	if len(msgs) < 150 {
		t.Fatalf("only %d messages found", len(msgs))
	}
	for _, m := range msgs {
		sample := fmtVerb.ReplaceAllString(m, "x1")
		key, _, ok := problemKey(sample)
		if !ok {
			t.Errorf("problem message %q has no catalog key", m)
			continue
		}
		if !i18n.Load().Has("es", key) {
			t.Errorf("%s: no Spanish", key)
		}
	}
}

func sourceMessages(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	var out []string
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	lit := func(e ast.Expr) (string, bool) {
		if c, ok := e.(*ast.CallExpr); ok {
			if sel, ok := c.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Sprintf" && len(c.Args) > 0 {
				e = c.Args[0]
			}
		}
		b, ok := e.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(b.Value)
		// Fragments joined with other words are not messages of their own.
		if err != nil || !regexp.MustCompile(`[a-z]{2}`).MatchString(s) || strings.ContainsAny(s[len(s)-1:], " (:") {
			return "", false
		}
		return s, true
	}
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				var fn string
				switch f := n.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if problemCalls[fn] && len(n.Args) >= 1 {
					i := 1
					if fn == "unauthorized" {
						i = 0
					}
					if i < len(n.Args) {
						if s, ok := lit(n.Args[i]); ok {
							out = append(out, s)
						}
					}
				}
			case *ast.CompositeLit:
				var typ string
				switch tt := n.Type.(type) {
				case *ast.Ident:
					typ = tt.Name
				case *ast.SelectorExpr:
					typ = tt.Sel.Name
				}
				if typ != "FieldError" {
					return true
				}
				for i, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if id, ok := kv.Key.(*ast.Ident); ok && id.Name == "Message" {
							if s, ok := lit(kv.Value); ok {
								out = append(out, s)
							}
						}
					} else if i == 1 {
						if s, ok := lit(el); ok {
							out = append(out, s)
						}
					}
				}
			}
			return true
		})
	}
	return out
}
