// Package i18n is Handoff's one message catalog: every string a person reads, in every
// language Handoff speaks, embedded as JSON (locales/LANG/AREA.json) and shared with the
// page scripts (see JS). A locale's keys are split by their first word into one file
// each (problem.*, refer.*, pub.* …), so that work on one part of Handoff touches only
// its own file; the files of a locale make one catalog.
//
// Plural forms are chosen by CLDR's rules through golang.org/x/text/feature/plural on
// the server and Intl.PluralRules in the pages. (go-i18n was the first choice, but it
// refuses a language without a CLDR plural rule, and Haitian Creole has none: its nouns
// do not change for the plural, so "other" is always right.)
//
// A message is a string with {name} placeholders, or an object of CLDR plural forms
// ("one", "other", …) chosen by the variable "count".
package i18n

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

//go:embed locales
var files embed.FS

// Default is the language every key has, and the one used when nothing else matches.
const Default = "en"

// Locales are the languages Handoff speaks, the default first. Complete says which keys
// each must have: en and es every key, pt and ht the public ones (PublicPrefix), the
// words the person themself reads.
var Locales = []string{"en", "es", "pt", "ht"}

// Complete reports whether a locale must carry key: en and es carry every key; pt and
// ht the public keys.
func Complete(locale, key string) bool {
	switch locale {
	case "en", "es":
		return true
	case "pt", "ht":
		return IsPublic(key)
	}
	return false
}

// PublicPrefix marks the keys a person reads (the search page, the resource list,
// notices to the person): they must be translated in every locale.
const PublicPrefix = "pub."

// IsPublic reports whether a key is read by the person themself.
func IsPublic(key string) bool { return strings.HasPrefix(key, PublicPrefix) }

// serverOnly are the areas only the server says: the metric dictionary (a page drawn on
// the server, and its JSON) and the notices the delivery worker sends. The pages'
// catalog (JS) leaves them out: every page loads it, and no script says them.
var serverOnly = []string{"definitions.", "notice."}

// ServerOnly reports whether only the server says key: it is not in the pages' catalog.
func ServerOnly(key string) bool {
	for _, p := range serverOnly {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

// Message is one entry: Text, or Forms by CLDR plural category.
type Message struct {
	Text  string
	Forms map[string]string
}

// UnmarshalJSON reads a string or an object of plural forms.
func (m *Message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &m.Text)
	}
	return json.Unmarshal(b, &m.Forms)
}

// MarshalJSON writes the entry back as it was read.
func (m Message) MarshalJSON() ([]byte, error) {
	if m.Forms != nil {
		return json.Marshal(m.Forms)
	}
	return json.Marshal(m.Text)
}

// Catalog holds every locale's messages.
type Catalog struct {
	msgs    map[string]map[string]Message
	tags    []language.Tag
	matcher language.Matcher
	js      map[string][]byte
	hash    map[string]string
}

var (
	once    sync.Once
	shared  *Catalog
	loadErr error
)

// Load reads the embedded catalog once; a bad file is a build error, so it panics
// (TestCatalog reads every file first).
func Load() *Catalog {
	once.Do(func() { shared, loadErr = Parse(files) })
	if loadErr != nil {
		panic(loadErr)
	}
	return shared
}

// Parse reads every locales/LANG/AREA.json of each locale of Locales from fsys. A file
// holds the keys whose first word is its name: "agency.json" holds agency.*.
func Parse(fsys fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[string]map[string]Message{}, js: map[string][]byte{}, hash: map[string]string{}}
	for _, l := range Locales {
		m, err := parseLocale(fsys, l)
		if err != nil {
			return nil, err
		}
		c.msgs[l] = m
		c.tags = append(c.tags, language.MustParse(l))
	}
	c.matcher = language.NewMatcher(c.tags)
	for _, l := range Locales {
		// The pages get every key a script may say, the locale's own or else English, so
		// a script never shows a key.
		merged := map[string]Message{}
		for k, v := range c.msgs[Default] {
			if !ServerOnly(k) {
				merged[k] = v
			}
		}
		for k, v := range c.msgs[l] {
			if !ServerOnly(k) {
				merged[k] = v
			}
		}
		b, err := json.Marshal(map[string]any{"lang": l, "messages": merged})
		if err != nil {
			return nil, fmt.Errorf("i18n: encode %s: %w", l, err)
		}
		js := append([]byte("window.HANDOFF_I18N="), b...)
		js = append(js, ";\n"...)
		sum := sha256.Sum256(js)
		c.js[l] = js
		c.hash[l] = hex.EncodeToString(sum[:6])
	}
	return c, nil
}

// parseLocale reads the files of one locale into one map; a key in the wrong file is an
// error, which also keeps a key from standing in two files.
func parseLocale(fsys fs.FS, l string) (map[string]Message, error) {
	names, err := fs.Glob(fsys, "locales/"+l+"/*.json")
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("i18n: no files for %s in locales/%s (%v)", l, l, err)
	}
	m := map[string]Message{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n: read %s: %w", name, err)
		}
		part := map[string]Message{}
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("i18n: parse %s: %w", name, err)
		}
		area := strings.TrimSuffix(path.Base(name), ".json")
		for k, v := range part {
			if !strings.HasPrefix(k, area+".") {
				return nil, fmt.Errorf("i18n: %s: key %q belongs in %s.json", name, k, strings.SplitN(k, ".", 2)[0])
			}
			m[k] = v
		}
	}
	return m, nil
}

// Keys lists a locale's keys, sorted.
func (c *Catalog) Keys(locale string) []string {
	var out []string
	for k := range c.msgs[locale] {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Has reports whether a locale has its own text for key.
func (c *Catalog) Has(locale, key string) bool {
	_, ok := c.msgs[locale][key]
	return ok
}

// Entry is a locale's own entry for key.
func (c *Catalog) Entry(locale, key string) (Message, bool) {
	m, ok := c.msgs[locale][key]
	return m, ok
}

// Supported reports whether Handoff speaks locale (exactly one of Locales).
func Supported(locale string) bool { return slices.Contains(Locales, locale) }

// Match picks the locale for a request: the first of choices (a ?lang, a cookie, a
// list's language) that Handoff speaks, or else the best match of the Accept-Language
// header, or else English.
func (c *Catalog) Match(accept string, choices ...string) string {
	for _, ch := range choices {
		if ch == "" {
			continue
		}
		if Supported(ch) {
			return ch
		}
		// "es-MX", "pt-BR": the base language.
		if t, err := language.Parse(ch); err == nil {
			if b, conf := t.Base(); conf != language.No && Supported(b.String()) {
				return b.String()
			}
		}
	}
	if accept == "" {
		return Default
	}
	tags, _, err := language.ParseAcceptLanguage(accept)
	if err != nil || len(tags) == 0 {
		return Default
	}
	_, i, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return Default
	}
	return Locales[i]
}

// JS is the catalog for the pages of locale: a script setting window.HANDOFF_I18N, and
// its version (a hash of its bytes) for a long-cached URL.
func (c *Catalog) JS(locale string) ([]byte, string) { return c.js[locale], c.hash[locale] }

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// T is key's text in locale, with {name} placeholders filled from vars (name, value
// pairs). An entry with plural forms picks its form by the var "count". A key missing in
// locale falls back to English, and a key missing there shows as itself (the catalog
// tests fail on both).
func (c *Catalog) T(locale, key string, vars ...any) string {
	m, ok := c.msgs[locale][key]
	if !ok {
		locale = Default
		if m, ok = c.msgs[Default][key]; !ok {
			return key
		}
	}
	vals := map[string]any{}
	for i := 0; i+1 < len(vars); i += 2 {
		if k, ok := vars[i].(string); ok {
			vals[k] = vars[i+1]
		}
	}
	text := m.Text
	if m.Forms != nil {
		text = m.Forms[pluralForm(locale, vals["count"])]
		if text == "" {
			text = m.Forms["other"]
		}
	}
	p := message.NewPrinter(language.MustParse(locale))
	return placeholder.ReplaceAllStringFunc(text, func(s string) string {
		v, ok := vals[s[1:len(s)-1]]
		if !ok {
			return s
		}
		switch v.(type) {
		case int, int64, float64:
			return p.Sprint(v) // digits grouped as the locale groups them
		}
		return fmt.Sprint(v)
	})
}

// pluralForm is the CLDR cardinal category of n in locale ("one", "few", "other"…);
// languages without rules (Haitian Creole) always take "other".
func pluralForm(locale string, n any) string {
	var i int
	switch v := n.(type) {
	case int:
		i = v
	case int64:
		i = int(v)
	default:
		return "other"
	}
	if i < 0 {
		i = -i
	}
	form := plural.Cardinal.MatchPlural(language.MustParse(locale), i, 0, 0, 0, 0)
	return map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many"}[form] + ifOther(form)
}

func ifOther(f plural.Form) string {
	if f == plural.Other {
		return "other"
	}
	return ""
}

// Date is a day as the locale writes it: "2 January 2027", "2 de enero de 2027".
func (c *Catalog) Date(locale string, t time.Time) string {
	return c.T(locale, "pub.date.long", "day", strconv.Itoa(t.Day()), "month", c.T(locale, "pub.month."+strconv.Itoa(int(t.Month()))),
		"year", strconv.Itoa(t.Year()))
}

// DateTime is a day and a time on a 24-hour clock: "2 January 2027, 15:04".
func (c *Catalog) DateTime(locale string, t time.Time) string {
	return c.T(locale, "pub.date.time", "date", c.Date(locale, t), "time", t.Format("15:04"))
}

// Words is T bound to a locale, for packages that write words without knowing the
// catalog (directory.DescribeHoursIn); nil for English, which they know by themselves.
func (c *Catalog) Words(locale string) func(key string, vars ...any) string {
	if locale == Default || !Supported(locale) {
		return nil
	}
	return func(key string, vars ...any) string { return c.T(locale, key, vars...) }
}
