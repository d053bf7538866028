package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	// The analysis components the mapping names, registered by import.
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	_ "github.com/blevesearch/bleve/v2/analysis/char/asciifolding"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	_ "github.com/blevesearch/bleve/v2/analysis/token/porter"
	_ "github.com/blevesearch/bleve/v2/analysis/token/stop"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	_ "github.com/blevesearch/bleve/v2/analysis/tokenmap"
)

// The fields of an index document.
const (
	fieldText  = "text"  // everything a peer might type: name, description, organization, terms…
	fieldTags  = "tags"  // filter terms: "n:food", "l:es", "x:free" (see tags.go)
	fieldCell  = "cell"  // grid cells of the location at every level (geo.Cell tokens)
	fieldSort  = "sort"  // folded name, for sort=name
	fieldFacts = "facts" // stored: the entry's facts (entry.go), loaded into memory on open
)

// Analyzer names in the mapping.
const (
	textAnalyzer = "handoff_text" // English analysis with stemming, accents folded
	foldAnalyzer = "handoff_fold" // the same words without stemming or stop words
)

// stopWords are dropped from text and queries: the common English function words, and
// the Spanish ones peers meet in bilingual listings ("comida para familias"), and "near"
// ("food pantry near me": the place is a parameter, not a word to match). Negations
// ("no", "not") are kept out of the list on purpose: "no ID required" should not be
// stripped to "ID required" in the index.
var stopWords = strings.Fields(`a an and are as at be but by for from has have if in into is it its of on or
	our so such that the their then there these they this to was we were will with you your i me my us
	near nearby
	de del la las el los y e o u en para por con un una unos unas al que se su sus es lo le cerca`)

// newMapping builds the index mapping. Documents are built field by field (document.go),
// so the mapping's job is to name the analyzers and to describe the fields for anyone
// who opens the index with bleve's tools; dynamic mapping and the _all field are off.
func newMapping() (*mapping.IndexMappingImpl, error) {
	im := bleve.NewIndexMapping()
	tokens := make([]any, len(stopWords))
	for i, w := range stopWords {
		tokens[i] = w
	}
	steps := []func() error{
		func() error {
			return im.AddCustomTokenMap("handoff_stopwords", map[string]any{"type": "custom", "tokens": tokens})
		},
		func() error {
			return im.AddCustomTokenFilter("handoff_stop", map[string]any{"type": "stop_tokens", "stop_token_map": "handoff_stopwords"})
		},
		func() error {
			return im.AddCustomAnalyzer(textAnalyzer, map[string]any{"type": "custom",
				"char_filters":  []any{"asciifolding"},
				"tokenizer":     "unicode",
				"token_filters": []any{"possessive_en", "to_lower", "handoff_stop", substanceFilter, "stemmer_porter"}})
		},
		func() error {
			return im.AddCustomAnalyzer(foldAnalyzer, map[string]any{"type": "custom",
				"char_filters":  []any{"asciifolding"},
				"tokenizer":     "unicode",
				"token_filters": []any{"possessive_en", "to_lower"}})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	im.DefaultAnalyzer = textAnalyzer
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false

	text := func(store bool) *mapping.FieldMapping {
		f := mapping.NewTextFieldMapping()
		f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues, f.SkipFreqNorm = textAnalyzer, store, false, false, false, true
		return f
	}
	kw := func(docValues bool) *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Analyzer, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues, f.SkipFreqNorm = keyword.Name, false, false, false, docValues, true
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := mapping.NewKeywordFieldMapping()
		f.Index, f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, true, false, false, false
		return f
	}
	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(fieldText, text(false))
	doc.AddFieldMappingsAt(fieldTags, kw(false))
	doc.AddFieldMappingsAt(fieldCell, kw(false))
	doc.AddFieldMappingsAt(fieldSort, kw(true))
	doc.AddFieldMappingsAt(fieldFacts, stored())
	im.DefaultMapping = doc
	return im, im.Validate()
}
