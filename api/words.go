package api

import (
	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"handoff/care"
	"handoff/i18n"
)

// Codes in plain words, in the reader's language, from the catalog: the pages people
// without the codebook read (the agency link page, the resource list) show no codes.

// aService is "a service" in the page's language, for a link page that cannot name one.
func (s *Server) aService(c *fiber.Ctx) string {
	return i18n.Load().T(s.pageLang(c, ""), "link.a_service")
}

// statusWords is a referral's status as its receiving agency reads it.
func statusWords(lang string, st care.Status) string {
	return catalogWord(lang, "link.state."+string(st), string(st))
}

// outcomeWords is a referral's outcome in plain words ("No room").
func outcomeWords(lang string, o care.Outcome) string {
	return catalogWord(lang, "link.outcome."+string(o), string(o))
}

// codeWords is a Handoff vocabulary's code in words: the catalog's prefix+code, else the
// vocabulary's English label, else the code.
func codeWords(lang, prefix, taxonomy, code string) string {
	if code == "" {
		return ""
	}
	return catalogWord(lang, prefix+code, termLabel(taxonomy, code))
}

func catalogWord(lang, key, fallback string) string {
	cat := i18n.Load()
	if !cat.Has(i18n.Default, key) {
		return fallback
	}
	return cat.T(lang, key)
}

// languageName names a language code in lang ("es" → "español" on a Spanish page).
func languageName(lang, code string) string {
	t, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Tags(language.Make(lang)).Name(t); n != "" {
		return n
	}
	return code
}
