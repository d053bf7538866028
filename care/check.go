package care

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"handoff/directory"
)

// checker collects every bad field of a record, so that one answer tells the user all
// that must change rather than one thing at a time.
type checker struct {
	errs directory.FieldErrors
}

func (c *checker) add(field, format string, args ...any) {
	c.errs = append(c.errs, directory.FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// err returns the collected errors, or a nil error (never a nil FieldErrors inside a
// non-nil interface).
func (c *checker) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	return c.errs
}

func (c *checker) id(field, id string, required bool) {
	switch {
	case id == "" && required:
		c.add(field, "is required")
	case id != "" && !directory.IsUUID(id):
		c.add(field, "must be a UUID")
	}
}

// text checks a free-text field's presence and length. Lengths are in characters.
func (c *checker) text(field, s string, maxLen int, required bool) {
	switch {
	case strings.TrimSpace(s) == "" && required:
		c.add(field, "is required")
	case utf8.RuneCountInString(s) > maxLen:
		c.add(field, "must be at most %d characters", maxLen)
	}
}

// oneOf checks a code against its allowed values, naming them in the message.
func (c *checker) oneOf(field, v string, allowed []string, required bool) {
	if v == "" {
		if required {
			c.add(field, "is required: one of %s", strings.Join(allowed, ", "))
		}
		return
	}
	for _, a := range allowed {
		if v == a {
			return
		}
	}
	c.add(field, "must be one of %s", strings.Join(allowed, ", "))
}

// languageRE accepts a BCP 47 tag in its common short forms: "es", "pt-BR", "zh-Hant".
var languageRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

func (c *checker) language(field, tag string) {
	if tag != "" && !languageRE.MatchString(tag) {
		c.add(field, "must be a language tag such as es or pt-BR")
	}
}

// clean trims a free-text value; codes are also lower-cased by lower.
func clean(s string) string { return strings.TrimSpace(s) }

func lower(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// dedupe trims, drops empty values and keeps the first of each, in order.
func dedupe(list []string, fold func(string) string) []string {
	seen := map[string]bool{}
	out := list[:0:0]
	for _, v := range list {
		v = fold(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
