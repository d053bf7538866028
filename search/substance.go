package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// substanceFilter is the token filter that reads "substance abuse" as "substance use".
// 211 directories still name addiction treatment "Substance Abuse Services", so without it
// a peer who types "abuse", looking for help with an abusive partner, gets the county's
// drug treatment programs among the domestic-violence services. The filter runs on the
// text and on the query alike (one analyzer), so "substance abuse" still finds both
// wordings, and a bare "abuse" finds what the synonyms file says abuse is.
const substanceFilter = "handoff_substance_use"

// substances are the words that, just before "abuse", make it a use of that substance.
var substances = map[string]bool{
	"substance": true, "substances": true, "drug": true, "drugs": true, "alcohol": true,
	"opioid": true, "opioids": true, "opiate": true, "opiates": true, "chemical": true,
	"polysubstance": true, "inhalant": true, "inhalants": true,
}

// abuseAsUse are the forms of "abuse" rewritten after one of the substances.
var abuseAsUse = map[string]string{
	"abuse": "use", "abuser": "user", "abusers": "users", "abusing": "using", "abused": "used",
}

// sustancias are the Spanish and Portuguese substances that, just after "abuso" ("abuso de
// sustancias": "de" is a stop word and gone by then), make it "uso".
var sustancias = map[string]bool{
	"sustancias": true, "substancias": true, "drogas": true, "alcohol": true, "alcool": true,
}

type substanceUse struct{}

// Filter rewrites the abuse of a substance as its use, in place. It runs after the stop
// words are removed ("drug and alcohol abuse") and before stemming.
func (substanceUse) Filter(ts analysis.TokenStream) analysis.TokenStream {
	for i, t := range ts {
		switch {
		case i > 0 && substances[string(ts[i-1].Term)]:
			if use, ok := abuseAsUse[string(t.Term)]; ok {
				t.Term = []byte(use)
			}
		case string(t.Term) == "abuso" && i+1 < len(ts) && sustancias[string(ts[i+1].Term)]:
			t.Term = []byte("uso")
		}
	}
	return ts
}

func init() {
	err := registry.RegisterTokenFilter(substanceFilter, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return substanceUse{}, nil
	})
	if err != nil {
		panic(err)
	}
}
