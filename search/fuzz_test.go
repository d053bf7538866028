package search

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// FuzzSearchText: whatever a peer types, the planner (synonyms, typo correction, prefixes,
// relaxing) answers without panicking, within the page it was asked for.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"detox", "comida cerca", "suboxne", "aa/na", "food pantry near me",
		"\"living room\"", "crisis*", "-", "", "ñ", "a b c d e f g h i j k l m n o p", "24/7 ☎ (413) 733-6661",
		strings.Repeat("x", 300), "withdrawal management shelter albergue vivienda"} {
		f.Add(s)
	}
	e := demo(f)
	f.Fuzz(func(t *testing.T, text string) {
		r, err := e.Search(context.Background(), Query{Text: text, PerPage: 5})
		if errors.Is(err, ErrBadQuery) {
			return // a refusal the client is told about is an answer
		}
		if err != nil {
			t.Fatalf("search %q: %v", text, err)
		}
		if len(r.Hits) > 5 || r.Total < len(r.Hits) {
			t.Fatalf("search %q: %d hits of %d on a page of 5", text, len(r.Hits), r.Total)
		}
	})
}

// FuzzSynonymSets: an edited synonyms file either loads as sets of two or more phrases or
// is refused with an error; it never panics.
func FuzzSynonymSets(f *testing.F) {
	f.Add(defaultSynonyms)
	f.Add("detox, withdrawal management\n# comment\n\nfood, comida")
	f.Add("lonely\n")
	f.Add(",,,\n a ,b")
	f.Fuzz(func(t *testing.T, file string) {
		sets, err := SynonymSets(strings.NewReader(file))
		if err != nil {
			return
		}
		for _, s := range sets {
			if len(s) < 2 {
				t.Fatalf("set %q has fewer than two phrases", s)
			}
			for _, p := range s {
				if p == "" || strings.TrimSpace(p) != p {
					t.Fatalf("phrase %q in %q is empty or untrimmed", p, s)
				}
			}
		}
	})
}

// TestPlanQuotesTypedWords: accents are folded before the words are split, and the plan
// quotes each word whole (an accented word before it once shifted the quote of the next),
// and invalid UTF-8 (the fuzzer's first find) is read as a space.
func TestPlanQuotesTypedWords(t *testing.T) {
	e := demo(t)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"consejería ayuda", []string{"consejeria", "ayuda"}},
		{"albergue niños comida", []string{"albergue", "ninos", "comida"}},
		{"\xff0 food", []string{"0", "food"}},
	} {
		r, err := e.Search(context.Background(), Query{Text: tc.text})
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		var got []string
		for _, g := range r.Plan {
			got = append(got, g.Typed)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("%q was read as %q, want %q", tc.text, got, tc.want)
		}
	}
}
