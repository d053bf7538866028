package csvimport

import (
	"regexp"
	"strings"

	xlanguage "golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"handoff/directory"
)

// languageCodes are the ISO 639 codes of the language names US directories write, so that
// the language filter (by code) finds "Spanish". Chinese varieties share "zh", the ISO
// 639-1 macrolanguage, with the variety kept as the note: a peer asking for Chinese
// speakers wants the Cantonese-speaking clinic too.
var languageCodes = map[string]string{
	"english": "en", "spanish": "es", "chinese": "zh", "mandarin": "zh", "cantonese": "zh", "taiwanese": "zh",
	"tagalog": "tl", "filipino": "tl", "vietnamese": "vi", "korean": "ko", "russian": "ru", "hindi": "hi",
	"italian": "it", "french": "fr", "portuguese": "pt", "arabic": "ar", "japanese": "ja", "german": "de",
	"polish": "pl", "ukrainian": "uk", "haitian creole": "ht", "haitian": "ht", "somali": "so", "khmer": "km",
	"cambodian": "km", "persian": "fa", "farsi": "fa", "urdu": "ur", "punjabi": "pa", "bengali": "bn",
	"greek": "el", "hebrew": "he", "turkish": "tr", "armenian": "hy", "swahili": "sw", "amharic": "am",
	"burmese": "my", "nepali": "ne", "thai": "th", "lao": "lo", "laotian": "lo", "hmong": "hmn", "samoan": "sm",
	"tongan": "to", "albanian": "sq", "tigrinya": "ti", "pashto": "ps", "cape verdean creole": "kea",
	"american sign language": "ase", "asl": "ase", "sign language": "ase",
	// In a US 211's export "Creole" alone is Haitian Creole, by far the most spoken.
	"creole": "ht", "kreyol": "ht", "kreyòl": "ht", "kreyol ayisyen": "ht", "kreyòl ayisyen": "ht",
	"haitian-creole": "ht", "creole (haitian)": "ht", "cape verdean": "kea", "kriolu": "kea",
	"brazilian portuguese": "pt-BR", "portugues": "pt", "português": "pt", "espanol": "es", "español": "es",
	"mandarin chinese": "zh", "cantonese chinese": "zh", "toisanese": "zh", "dari": "prs", "karen": "kar",
	"kinyarwanda": "rw", "kirundi": "rn", "oromo": "om", "yoruba": "yo", "igbo": "ig", "twi": "tw",
	"haitian kreyol": "ht", "haitian kreyòl": "ht", "bosnian": "bs", "serbo-croatian": "sh", "croatian": "hr",
	"serbian": "sr", "romanian": "ro", "hungarian": "hu", "czech": "cs", "slovak": "sk", "dutch": "nl",
	"swedish": "sv", "norwegian": "no", "danish": "da", "finnish": "fi", "indonesian": "id", "malay": "ms",
	"gujarati": "gu", "tamil": "ta", "telugu": "te", "marathi": "mr", "malayalam": "ml", "kannada": "kn",
	"mongolian": "mn", "tibetan": "bo", "uzbek": "uz", "kurdish": "ku", "georgian": "ka", "azerbaijani": "az",
}

// languageNames is the name shown for a code given alone; where several names share a
// code, the general one.
var languageNames = func() map[string]string {
	out := map[string]string{"zh": "Chinese", "tl": "Tagalog", "km": "Khmer", "fa": "Persian",
		"ht": "Haitian Creole", "lo": "Lao", "ase": "American Sign Language"}
	for name, code := range languageCodes {
		if _, ok := out[code]; !ok {
			out[code] = strings.ToUpper(name[:1]) + name[1:]
		}
	}
	return out
}()

// language reads one language as a source writes it: a name ("Spanish", "Chinese
// (Mandarin)", "Kreyòl") or an ISO 639 / BCP 47 code ("es", "pt-BR"). ok is false when
// neither is recognised: the name is kept as text, without a code, for the report to list.
func readLanguage(v string) (g directory.Language, ok bool) {
	v = strings.TrimSpace(v)
	base, note := v, ""
	if i := strings.Index(v, "("); i > 0 && strings.HasSuffix(v, ")") {
		base, note = strings.TrimSpace(v[:i]), strings.TrimSpace(v[i+1:len(v)-1])
	}
	lower := strings.ToLower(base)
	if code, ok := languageCodes[strings.ToLower(v)]; ok && note != "" {
		return directory.Language{Name: v, Code: code}, true // "Creole (Haitian)" as a whole
	}
	if code, ok := languageCodes[lower]; ok {
		if note == "" && code == "zh" && lower != "chinese" {
			note = base // "Cantonese": the code says Chinese, the note keeps which
		}
		return directory.Language{Name: v, Code: code, Note: note}, true
	}
	if code, name, ok := languageTag(base); ok {
		return directory.Language{Name: name, Code: code, Note: note}, true
	}
	return directory.Language{Name: v, Note: note}, false
}

// tagRE is the shape of the tags directories write: a two- or three-letter ISO 639 code,
// perhaps with a script or region ("pt-BR", "zh-Hant").
var tagRE = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// languageTag reads a BCP 47 tag ("es", "pt-BR", "hat") with x/text, which knows every ISO
// 639 code: it gives the canonical form ("hat" → "ht") and an English name for it.
func languageTag(v string) (code, name string, ok bool) {
	if !tagRE.MatchString(v) {
		return "", "", false // a word ("Klingon") is not a tag, though BCP 47 would allow it
	}
	t, err := xlanguage.Parse(v)
	if err != nil || t == xlanguage.Und {
		return "", "", false
	}
	code = t.String()
	if n, ok := languageNames[code]; ok {
		return code, n, true
	}
	if n := display.English.Tags().Name(t); n != "" {
		return code, n, true
	}
	return code, code, true
}

// language is readLanguage for callers that keep an unknown name without saying so.
func language(v string) directory.Language {
	g, _ := readLanguage(v)
	return g
}

// addLanguage reads a language value onto a list, reporting an unknown name and leaving
// out one the list already has (a language written on two rows, or twice in one).
func (b *builder) addLanguage(list []directory.Language, r row, col, id, v string) []directory.Language {
	g, ok := readLanguage(v)
	if !ok {
		b.probs.warn(r, col, "%q is not a language name or code Handoff knows; kept as text without a code", clip(v))
	}
	for _, o := range list {
		if (g.Code != "" && o.Code == g.Code && o.Note == g.Note) || strings.EqualFold(o.Name, g.Name) {
			return list
		}
	}
	g.ID = id
	return append(list, g)
}
