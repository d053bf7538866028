package csvimport

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// Repair kinds: what text hygiene fixed in a value. Each is counted per file and column.
const (
	repairEscapes  = "literal \\n escapes made line breaks"
	repairMarkers  = "markers such as ###MON### removed"
	repairSpaces   = "trailing spaces removed"
	repairMojibake = "UTF-8 read twice (â€™, GÇÖ) repaired"
)

var (
	markerRE = regexp.MustCompile(`#{2,}\s*([A-Za-z]+)\s*#{2,}`)
	// mojibakeRE finds the runs of non-ASCII characters in which a double decoding hides.
	mojibakeRE     = regexp.MustCompile(`[^\x00-\x7f]+`)
	spacesRE       = regexp.MustCompile(`[ \t]+\n`)
	blanksRE       = regexp.MustCompile(`[ \t]{2,}`)
	weekdayMarkers = map[string]string{"MON": "Mon", "TUE": "Tue", "WED": "Wed", "THU": "Thu", "FRI": "Fri",
		"SAT": "Sat", "SUN": "Sun"}
)

// clean repairs the ways exports garble text, calling fix once per kind of repair made.
// It is applied to every value of every table as it is read, so every field benefits.
func clean(v string, fix func(kind string)) string {
	if v == "" {
		return v
	}
	if strings.Contains(v, `\n`) || strings.Contains(v, `\r`) {
		// A literal backslash-n is an escape the export wrote instead of a line break; a
		// Windows path has no place in a directory listing, so the reading is safe.
		v = strings.NewReplacer(`\r\n`, "\n", `\n`, "\n", `\r`, "\n").Replace(v)
		fix(repairEscapes)
	}
	if markerRE.MatchString(v) {
		// "###MON###" is a template's slot left in: a weekday's becomes its name, others go.
		v = markerRE.ReplaceAllStringFunc(v, func(m string) string {
			return weekdayMarkers[strings.ToUpper(markerRE.FindStringSubmatch(m)[1])]
		})
		v = strings.TrimSpace(blanksRE.ReplaceAllString(v, " "))
		fix(repairMarkers)
	}
	if w := unmojibake(v); w != v {
		v = w
		fix(repairMojibake)
	}
	if t := spacesRE.ReplaceAllString(v, "\n"); t != v {
		// Spaces before a line break are a spreadsheet's padding. Space around the whole
		// value is trimmed on reading anyway, so only space inside the text is counted.
		v = t
		fix(repairSpaces)
	}
	return v
}

// unmojibake undoes UTF-8 that was decoded as Windows-1252 ("â€™" for "’") or as code page
// 437 ("ΓÇÖ", which some tools flatten further to "GÇÖ"), and then encoded again. Each run
// of non-ASCII characters is turned back into the bytes it was read from; when those bytes
// are valid UTF-8 of fewer characters, the run was mojibake and the decoded text replaces
// it. A run that does not decode is left as it is, so correct text is never touched.
func unmojibake(v string) string {
	if !strings.ContainsAny(v, "âÃÂΓÇ") {
		return v
	}
	v = strings.ReplaceAll(v, "GÇ", "ΓÇ") // "GÇÖ": the Γ flattened to a G
	return mojibakeRE.ReplaceAllStringFunc(v, func(run string) string {
		for _, cm := range []*charmap.Charmap{charmap.Windows1252, charmap.CodePage437} {
			b, ok := encodeAll(cm, run)
			if ok && utf8.Valid(b) && utf8.RuneCount(b) < utf8.RuneCountInString(run) {
				return string(b)
			}
		}
		if strings.HasPrefix(run, "ΓÇ") {
			return "G" + run[len("Γ"):] // not mojibake after all: put the G back
		}
		return run
	})
}

// encodeAll encodes s in cm, false when some character has no byte there.
func encodeAll(cm *charmap.Charmap, s string) ([]byte, bool) {
	out := make([]byte, 0, len(s))
	for _, r := range s {
		b, ok := cm.EncodeRune(r)
		if !ok {
			return nil, false
		}
		out = append(out, b)
	}
	return out, true
}
