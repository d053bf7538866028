package geo

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Place names are compared by key: lower case, accents dropped ("Española" is typed
// "Espanola"), apostrophes and dots dropped ("O'Fallon", "St. Louis"), every other
// non-letter a word break, the customary short forms of a few leading words unified
// ("Saint"/"St", "Mount"/"Mt", "Fort"/"Ft"), and the words joined without spaces, so
// "West  Springfield" and "westspringfield" meet.

// shortWords maps a word to the form keys use.
var shortWords = map[string]string{"saint": "st", "sainte": "ste", "mount": "mt", "fort": "ft"}

// censusSuffixes are the legal/statistical area words the Census appends to place names
// ("Hialeah city", "Brookline CDP"): a query ending in one is also tried without it.
var censusSuffixes = map[string]bool{
	"city": true, "town": true, "cdp": true, "village": true, "borough": true, "township": true,
	"municipality": true, "plantation": true, "comunidad": true, "zona": true, "urbana": true,
}

// foldAccents removes combining marks after canonical decomposition.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s // nearly every name; the transformer costs microseconds
	}
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

// words splits a name into lower-case key words; commas are kept as their own "," word
// so that the query parser can see where the state begins.
func words(s string) []string {
	s = strings.ToLower(foldAccents(s))
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			w := cur.String()
			if r, ok := shortWords[w]; ok {
				w = r
			}
			out = append(out, w)
			cur.Reset()
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			cur.WriteRune(r)
		case r == '\'' || r == '’' || r == '.':
			// "O'Fallon" is one word; "St." is "st"; "D.C." is "dc".
		case r == ',':
			flush()
			out = append(out, ",")
		default:
			flush()
		}
	}
	flush()
	return out
}

// squash is the key of a name: its words joined.
func squash(s string) string {
	return joinWords(words(s))
}

func joinWords(ws []string) string {
	var b strings.Builder
	for _, w := range ws {
		if w != "," {
			b.WriteString(w)
		}
	}
	return b.String()
}

// query is a typed place name taken apart: the name's words, and the state when one was
// given ("Springfield, IL", "Pensacola FL", "Springfield, Illinois").
type query struct {
	Words []string
	State string // "" when none was given
}

// Key is the lookup key of the name.
func (q query) Key() string { return joinWords(q.Words) }

// keys are the keys to try, best first: the name, then the name without a trailing
// Census suffix ("Hialeah city" is Hialeah; "Jersey City" is tried whole first).
func (q query) keys() []string {
	out := []string{q.Key()}
	if n := len(q.Words); n > 1 && censusSuffixes[q.Words[n-1]] {
		out = append(out, joinWords(q.Words[:n-1]))
	}
	return out
}

// parseName reads a typed place name. It returns every reading worth trying, best
// first: with a comma, what follows the last comma is the state when it is one
// ("Washington, DC"); without, one to three trailing words that name a state are the
// state ("Pensacola FL", "Albany New York"). The whole text as a name is always the
// last reading, so "Fort Washington" and "Virginia Beach" still work. A trailing "USA"
// or "US" is dropped. Nothing to read gives no readings.
func parseName(s string) []query {
	ws := words(s)
	trim := func() {
		for len(ws) > 0 && ws[len(ws)-1] == "," {
			ws = ws[:len(ws)-1]
		}
	}
	trim()
	if n := len(ws); n > 1 && (ws[n-1] == "usa" || ws[n-1] == "us" || ws[n-1] == "unitedstates") {
		ws = ws[:n-1]
		trim()
	}
	name := withoutCommas(ws)
	if len(name) == 0 {
		return nil
	}
	whole := query{Words: name}
	if comma := lastIndex(ws, ","); comma >= 0 {
		before := withoutCommas(ws[:comma])
		if st, ok := stateWords[joinWords(ws[comma+1:])]; ok && len(before) > 0 {
			return []query{{Words: before, State: st}, whole}
		}
		return []query{whole}
	}
	var out []query
	for k := 1; k <= 3 && k < len(name); k++ {
		if st, ok := stateWords[joinWords(name[len(name)-k:])]; ok {
			out = append(out, query{Words: name[:len(name)-k], State: st})
		}
	}
	return append(out, whole)
}

func withoutCommas(ws []string) []string {
	var out []string
	for _, w := range ws {
		if w != "," {
			out = append(out, w)
		}
	}
	return out
}

func lastIndex(ws []string, w string) int {
	for i := len(ws) - 1; i >= 0; i-- {
		if ws[i] == w {
			return i
		}
	}
	return -1
}
