package api

import (
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"handoff/directory"
	"handoff/i18n"
)

// Problem documents speak the asker's language: the title by the status
// (problem.title.STATUS), and the detail and each field's message by the catalog key
// whose English they are (problem.*). The domain packages write their messages in
// English, with values in them ("must be at most 80 characters"); problemPatterns reads
// such a message back into its key and values, and the catalog writes it again in the
// asker's language. A message no key reads stays as it is (TestProblemMessagesInCatalog
// fails on any the source can produce).

type problemPattern struct {
	key   string
	re    *regexp.Regexp
	names []string
	fixed int // how many characters are not placeholders
}

var (
	patternsOnce sync.Once
	exact        map[string]string
	patterns     []problemPattern
)

var placeholderRe = regexp.MustCompile(`\{([a-z_]+)\}`)

func loadPatterns() {
	cat := i18n.Load()
	exact = map[string]string{}
	for _, k := range cat.Keys(i18n.Default) {
		if !strings.Contains(k, "problem.") || strings.Contains(k, "problem.title.") {
			continue
		}
		m, _ := cat.Entry(i18n.Default, k)
		if !strings.Contains(m.Text, "{") {
			exact[m.Text] = k
			continue
		}
		var names []string
		expr := "^"
		last := 0
		for _, loc := range placeholderRe.FindAllStringSubmatchIndex(m.Text, -1) {
			expr += regexp.QuoteMeta(m.Text[last:loc[0]]) + "(.+?)"
			names = append(names, m.Text[loc[2]:loc[3]])
			last = loc[1]
		}
		expr += regexp.QuoteMeta(m.Text[last:]) + "$"
		patterns = append(patterns, problemPattern{key: k, re: regexp.MustCompile(expr), names: names, fixed: len(placeholderRe.ReplaceAllString(m.Text, ""))})
	}
	// The most specific first: "{a} is not a known ZIP code" before "{a} is not {b}".
	sort.SliceStable(patterns, func(i, j int) bool { return patterns[i].fixed > patterns[j].fixed })
}

// problemKey reads an English message back into its catalog key and values; ok is false
// when no key reads it.
func problemKey(msg string) (string, []any, bool) {
	patternsOnce.Do(loadPatterns)
	if k, ok := exact[msg]; ok {
		return k, nil, true
	}
	for _, p := range patterns {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		var vars []any
		for i, n := range p.names {
			vars = append(vars, n, m[i+1])
		}
		return p.key, vars, true
	}
	return "", nil, false
}

// problemWords is an English problem message in lang, and its key ("" when no key reads
// it, and then the message is as it was).
func problemWords(lang, msg string) (string, string) {
	k, vars, ok := problemKey(msg)
	if !ok {
		return msg, ""
	}
	if lang == i18n.Default {
		return msg, k
	}
	return i18n.Load().T(lang, k, vars...), k
}

// problemTitle is the title of a status in lang: "Bad Request", "Solicitud incorrecta".
func problemTitle(lang string, status int) string {
	key := "pub.problem.title." + strconv.Itoa(status)
	if i18n.Load().Has(i18n.Default, key) {
		return i18n.Load().T(lang, key)
	}
	return http.StatusText(status)
}

// fieldWords is one field's error for a problem document: its field, its message in
// lang, and the message's key, which scripts read to say "required" in their own words.
type fieldWords struct {
	Field   string `json:"field"`
	Message string `json:"message"`
	Key     string `json:"key,omitempty"`
}

func localFieldErrors(lang string, errs []directory.FieldError) []fieldWords {
	out := make([]fieldWords, len(errs))
	for i, e := range errs {
		msg, key := problemWords(lang, e.Message)
		out[i] = fieldWords{Field: e.Field, Message: msg, Key: key}
	}
	return out
}

// fieldErrorsText joins field errors as FieldErrors.Error does, in lang.
func fieldErrorsText(lang string, errs directory.FieldErrors) string {
	parts := make([]string, len(errs))
	for i, e := range localFieldErrors(lang, errs) {
		parts[i] = e.Field + ": " + e.Message
	}
	return strings.Join(parts, "; ")
}
