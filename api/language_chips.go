package api

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"handoff/search"
)

// defaultChipCount is how many language chips the search page shows when none are
// configured: the directory's most offered languages besides English.
const defaultChipCount = 3

// chipsCache keeps the computed default for a while: the directory's languages move
// slowly, and the search page should not count them on every load.
type chipsCache struct {
	mu    sync.Mutex
	codes []string
	at    time.Time
}

// chipCodes are the languages offered as filter chips: Options.LanguageChips when set,
// else the most offered languages of the directory (besides English), counted by the
// search engine and kept for an hour.
func (s *Server) chipCodes() []string {
	if len(s.opts.LanguageChips) > 0 {
		return s.opts.LanguageChips
	}
	s.chips.mu.Lock()
	defer s.chips.mu.Unlock()
	if s.chips.codes != nil && time.Since(s.chips.at) < time.Hour {
		return s.chips.codes
	}
	codes := s.mostOffered(defaultChipCount)
	if codes == nil {
		return []string{"es", "pt"} // no index yet: the region's two most spoken after English
	}
	s.chips.codes, s.chips.at = codes, time.Now()
	return codes
}

// mostOffered asks the search engine for every listing's languages and keeps the n most
// counted besides English; nil when the engine cannot answer.
func (s *Server) mostOffered(n int) []string {
	if s.opts.Search == nil || s.opts.Search.Ready() != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	r, err := s.opts.Search.Search(ctx, search.Query{PerPage: 1, Page: 1})
	if err != nil || r == nil {
		return nil
	}
	out := []string{}
	for _, f := range r.Facets.Languages {
		if f.Code == "en" || slices.Contains(out, f.Code) {
			continue
		}
		if out = append(out, f.Code); len(out) == n {
			break
		}
	}
	return out
}

// languageChips names the chips in the page's language ("Spanish", "español").
func (s *Server) languageChips(lang string) []langChip {
	names := display.Tags(language.Make(lang))
	var out []langChip
	for _, code := range s.chipCodes() {
		name := names.Name(language.Make(code))
		if name == "" {
			name = code
		}
		out = append(out, langChip{Code: code, Name: capitalize(name)})
	}
	return out
}

// CheckLanguageChips reads the configured chips: each a language code (BCP 47), trimmed
// and lower-cased, each once.
func CheckLanguageChips(codes []string) ([]string, error) {
	var out []string
	for _, c := range codes {
		c = strings.ToLower(strings.TrimSpace(c))
		if c == "" {
			continue
		}
		if _, err := language.Parse(c); err != nil {
			return nil, fmt.Errorf("%q is not a language code (such as es, pt, ht)", c)
		}
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out, nil
}

// capitalize writes a language's name as a chip label: "español" → "Español".
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
