package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
)

// languageNames are the English names of the ISO 639-1 codes listings use most in the
// United States; they are indexed as text ("Spanish") and shown in explanations. Codes
// not listed are shown as they are.
var languageNames = map[string]string{
	"en": "English", "es": "Spanish", "pt": "Portuguese", "vi": "Vietnamese", "ru": "Russian",
	"uk": "Ukrainian", "ht": "Haitian Creole", "zh": "Chinese", "ar": "Arabic", "so": "Somali",
	"fr": "French", "ko": "Korean", "tl": "Tagalog", "km": "Khmer", "pl": "Polish", "it": "Italian",
	"de": "German", "ja": "Japanese", "hi": "Hindi", "bn": "Bengali", "ne": "Nepali", "sw": "Swahili",
	"am": "Amharic", "fa": "Persian", "ps": "Pashto", "ur": "Urdu", "el": "Greek", "hmn": "Hmong",
	"asl": "American Sign Language", "ase": "American Sign Language", "my": "Burmese", "ti": "Tigrinya",
	"cv": "Cape Verdean Creole", "kea": "Cape Verdean Creole", "sq": "Albanian", "tr": "Turkish",
}

func languageName(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	return code
}

// languageCodeOf finds the code of a language given by name only.
func languageCodeOf(name string) string {
	n := strings.TrimSpace(name)
	for c, ln := range languageNames {
		if strings.EqualFold(ln, n) {
			return c
		}
	}
	return ""
}

var folder = asciifolding.New()

// foldASCII removes accents ("Línea" → "Linea") the way the text analyzer does.
func foldASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return string(folder.Filter([]byte(s)))
		}
	}
	return s
}
