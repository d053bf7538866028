package search

import (
	"slices"
	"testing"

	"handoff/directory"
)

// TestGapWords: only the directory's words and phrases are kept from what was typed;
// names, numbers and stories are dropped.
func TestGapWords(t *testing.T) {
	e := &Engine{sets: [][]string{{"sober house", "sober home", "recovery residence"}, {"detox", "withdrawal management"}}}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"sober house for Jo Smithers 413-555-0100", []string{"sober house"}},
		{"DETOX tonight, Jo's brother", []string{"detox"}},
		{"food pantry near 12 Elm St", []string{"food"}},
		{"Maria Lopez", []string{}},
	} {
		if got := e.VocabularyWords(c.text); !slices.Equal(got, c.want) {
			t.Errorf("%q: %q, want %q", c.text, got, c.want)
		}
	}
}

// TestGapOf: nothing found, nothing open (with open_now, or when no listing on the only
// page is open), and not a gap otherwise or on a later page.
func TestGapOf(t *testing.T) {
	age := 30.0
	q := Query{Text: "detox Jo", Needs: []string{"treatment"}, Free: true, Age: &age, Languages: []string{"es"}}
	g, ok := GapOf(nil, q, &Result{}, "Holyoke", "2026-03-02")
	if !ok || g.Reason != directory.GapNothingFound || g.Town != "Holyoke" || !slices.Equal(g.Filters, []string{"free", "age", "language:es"}) {
		t.Errorf("nothing found: %+v %v", g, ok)
	}
	closed := Result{Total: 1, Hits: []Hit{{}}}
	if g, ok := GapOf(nil, q, &closed, "", "d"); !ok || g.Reason != directory.GapNothingOpen {
		t.Errorf("nothing open: %+v %v", g, ok)
	}
	open := Result{Total: 1, Hits: []Hit{{Open: directory.OpenState{Known: true, Open: true}}}}
	if _, ok := GapOf(nil, q, &open, "", "d"); ok {
		t.Error("a search with an open listing is a gap")
	}
	q.Page = 2
	if _, ok := GapOf(nil, q, &Result{}, "", "d"); ok {
		t.Error("a second page is a gap")
	}
}
