package csvimport

import (
	"regexp"
	"strings"
)

// codeScheme marks a crosswalk row whose term is a taxonomy code prefix rather than words:
// "airs:BD-1800" is every AIRS / 211 LA code under Emergency Food.
const codeScheme = "airs:"

// airsCode is the shape of an AIRS / 211 LA taxonomy code: one or two letters (the basic
// level and its second level), then "-dddd", ".dddd", "-ddd" and ".dd" as the term lies
// deeper ("BH-1800.8500-800", "RP-1400.8000-020.15").
var airsCode = regexp.MustCompile(`^[A-Z]{1,2}(-\d{4}(\.\d{4}(-\d{3}(\.\d{2})?)?)?)?$`)

// IsAIRSCode reports whether s is shaped like an AIRS / 211 taxonomy code.
func IsAIRSCode(s string) bool { return airsCode.MatchString(strings.ToUpper(strings.TrimSpace(s))) }

// codePrefix reads a code rule's term: ok is whether the term is of the code scheme, and
// code the prefix ("" when what follows the scheme is not an AIRS code).
func codePrefix(term string) (code string, ok bool) {
	if len(term) < len(codeScheme) || !strings.EqualFold(term[:len(codeScheme)], codeScheme) {
		return "", false
	}
	code = strings.ToUpper(strings.TrimSpace(term[len(codeScheme):]))
	if !airsCode.MatchString(code) {
		return "", true
	}
	return code, true
}

// matchCode returns the code rule with the longest prefix of code, or nil. A prefix ends
// where a level of the code ends: "BH" holds "BH-1800", and "B" holds "BH" (the letters are
// levels too), but "BH-18" holds nothing, since no rule can be written so.
func (c *Crosswalk) matchCode(code string) *rule {
	code = strings.ToUpper(strings.TrimSpace(code))
	if code == "" {
		return nil
	}
	var best *rule
	for i := range c.codes {
		r := &c.codes[i]
		if !codeUnder(code, r.code) {
			continue
		}
		if best == nil || len(r.code) > len(best.code) {
			best = r
		}
	}
	return best
}

// codeUnder reports whether code is prefix or lies under it in the AIRS tree.
func codeUnder(code, prefix string) bool {
	if !strings.HasPrefix(code, prefix) {
		return false
	}
	if len(code) == len(prefix) {
		return true
	}
	next := code[len(prefix)]
	last := prefix[len(prefix)-1]
	return next == '-' || next == '.' || (isLetter(last) && isLetter(next))
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' }
