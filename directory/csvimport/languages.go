package csvimport

import (
	"strings"

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
// (Mandarin)") or an ISO 639 code ("es").
func language(v string) directory.Language {
	v = strings.TrimSpace(v)
	base, note := v, ""
	if i := strings.Index(v, "("); i > 0 && strings.HasSuffix(v, ")") {
		base, note = strings.TrimSpace(v[:i]), strings.TrimSpace(v[i+1:len(v)-1])
	}
	lower := strings.ToLower(base)
	if code, ok := languageCodes[lower]; ok {
		if note == "" && code == "zh" && lower != "chinese" {
			note = base // "Cantonese": the code says Chinese, the note keeps which
		}
		return directory.Language{Name: v, Code: code, Note: note}
	}
	if len(lower) >= 2 && len(lower) <= 3 && isLower(lower) {
		return directory.Language{Name: languageNames[lower], Code: lower}
	}
	return directory.Language{Name: v, Note: note}
}

func isLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}
