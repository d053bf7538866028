package search

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"handoff/directory"
)

// TestRegionWords is the relevance table of the words a real region's peers type that the
// demo's English listings do not use: Haitian Creole and Portuguese words for food,
// housing, shelter, doctor and crisis, everyday phrases for a bed tonight or a utility
// bill, and drug-treatment words. Each query must match on all of its words (not fall
// back to "some of them") and bring the wanted listing among the first few.
func TestRegionWords(t *testing.T) {
	e := demo(t)
	springfield, holyoke := near(t, "Springfield"), near(t, "Holyoke")
	tests := []struct {
		name string
		q    Query
		top  int
		want string
	}{
		// Haitian Creole.
		{"manje (food)", Query{Text: "manje", Point: springfield}, 3, "Food Pantry"},
		{"lojman (housing)", Query{Text: "lojman", Point: springfield}, 3, "Housing"},
		{"kay (house)", Query{Text: "kay", Point: springfield}, 3, "Housing"},
		{"abri (shelter)", Query{Text: "abri", Point: springfield}, 4, "Shelter"},
		{"doktè (doctor)", Query{Text: "doktè", Point: springfield}, 3, "Primary Care"},
		{"dokte without accent", Query{Text: "dokte", Point: springfield}, 3, "Primary Care"},
		{"kriz (crisis)", Query{Text: "kriz", Point: springfield}, 3, "Crisis"},
		{"liy kriz (crisis line)", Query{Text: "liy kriz", Point: springfield}, 1, "BHN 24/7 Crisis Line"},
		{"sant sante (health center)", Query{Text: "sant sante", Point: springfield}, 3, "Primary Care"},
		// Portuguese.
		{"abrigo (shelter)", Query{Text: "abrigo", Point: springfield}, 4, "Shelter"},
		{"moradia (housing)", Query{Text: "moradia", Point: springfield}, 3, "Housing"},
		{"alimentação (food)", Query{Text: "alimentação", Point: springfield}, 3, "Food Pantry"},
		{"médico (doctor)", Query{Text: "médico", Point: springfield}, 3, "Primary Care"},
		{"crise (crisis)", Query{Text: "crise", Point: springfield}, 3, "Crisis"},
		{"desintoxicação (detox)", Query{Text: "desintoxicação", Point: holyoke}, 1, "Detox"},
		// Everyday phrases.
		{"place to sleep tonight", Query{Text: "place to sleep tonight", Point: springfield}, 3, "Shelter"},
		{"somewhere to sleep", Query{Text: "somewhere to sleep", Point: springfield}, 3, "Shelter"},
		{"help paying the electric bill", Query{Text: "help paying the electric bill", Point: springfield}, 1, "Fuel & Utility Assistance"},
		{"electric bill", Query{Text: "electric bill", Point: springfield}, 1, "Fuel & Utility Assistance"},
		{"utility bill", Query{Text: "utility bill", Point: springfield}, 1, "Fuel & Utility Assistance"},
		{"shut off notice", Query{Text: "shut off notice", Point: springfield}, 1, "Fuel & Utility Assistance"},
		// Drug-use-disorder treatment.
		{"rehab", Query{Text: "rehab", Point: springfield}, 3, "Residential"},
		{"drug treatment", Query{Text: "drug treatment", Point: springfield}, 5, "Addiction Treatment"},
		{"substance abuse", Query{Text: "substance abuse", Point: springfield}, 5, "Substance Use"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.PerPage = max(tt.top, 5)
			res, err := e.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			got := names(t, res.Hits)
			if res.Relaxed {
				t.Errorf("no listing matched every word (plan %v): %q", res.Plan, got)
			}
			for _, n := range got[:min(tt.top, len(got))] {
				if strings.Contains(n, tt.want) {
					return
				}
			}
			t.Errorf("want %q in the first %d, got %q (plan %v)", tt.want, tt.top, got, res.Plan)
		})
	}
}

// described is a listing in Springfield with a description, for the tests of words.
func described(name, desc string) directory.Service {
	s := site(name, "MA", 42.10, -72.59)
	s.Description = desc
	return s
}

// TestAbuseIsNotSubstanceUse: 211 directories still call addiction treatment "substance
// abuse", so a peer who types "abuse" for someone with an abusive partner got drug
// programs among the domestic-violence services. "abuse" now finds abuse, and "substance
// abuse" finds substance use, whichever way a listing words it.
func TestAbuseIsNotSubstanceUse(t *testing.T) {
	e := newTestEngine(t, newMemFeed([]directory.Service{
		described("Substance Abuse Treatment Center", "Outpatient substance abuse treatment and counseling for adults."),
		described("Alcohol and Drug Abuse Counseling", "Counseling for drug and alcohol abuse, individual and group."),
		described("Substance Use Disorder Clinic", "Medication and counseling for substance use disorders."),
		described("Programa de abuso de sustancias", "Tratamiento para el abuso de sustancias, en español."),
		described("Domestic Violence Hotline", "24/7 hotline and safety planning for survivors of domestic violence."),
		described("Elder Abuse Prevention", "Report elder abuse, neglect or financial exploitation of an older adult."),
		described("Safe Home for Survivors", "Confidential shelter for people leaving an abusive partner, and their children."),
	}), demoNow)
	substance := func(n string) bool {
		return strings.Contains(n, "Substance") || strings.Contains(n, "Drug") || strings.Contains(n, "sustancias")
	}
	for _, c := range []struct {
		text string
		want []string // all found, and nothing about substance use
	}{
		{"abuse", []string{"Domestic Violence Hotline", "Elder Abuse Prevention", "Safe Home for Survivors"}},
		{"domestic abuse", []string{"Domestic Violence Hotline"}},
		{"abusive partner", []string{"Safe Home for Survivors", "Domestic Violence Hotline"}},
	} {
		res, err := e.Search(context.Background(), Query{Text: c.text, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := names(t, res.Hits)
		for _, n := range got {
			if substance(n) {
				t.Errorf("%q found %q (all: %q)", c.text, n, got)
			}
		}
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("%q did not find %q: %q (plan %v)", c.text, w, got, res.Plan)
			}
		}
	}
	for _, text := range []string{"substance abuse", "substance use", "drug abuse", "abuso de sustancias"} {
		res, err := e.Search(context.Background(), Query{Text: text, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := names(t, res.Hits)
		if len(got) == 0 || res.Relaxed {
			t.Errorf("%q: %q relaxed=%v", text, got, res.Relaxed)
		}
		for _, n := range got {
			if !substance(n) {
				t.Errorf("%q found %q (all: %q)", text, n, got)
			}
		}
	}
}

// TestTypoToleranceKeepsOtherLanguages: a word of the region's languages that no listing
// uses is not "corrected" into the nearest English word of the directory. Before, the
// Creole "manje" (food) found a listing for "man", "kay" (house) a kayak club, "sante"
// (health) anything with "want", and the Portuguese "casa" (house) case management.
func TestTypoToleranceKeepsOtherLanguages(t *testing.T) {
	e := newTestEngine(t, newMemFeed([]directory.Service{
		described("Men's Mentoring", "One man to another: a mentor for every man coming home."),
		described("Kayak Club", "Kayak trips on the river every Saturday."),
		described("Wish List Closet", "Whatever you want from the donated goods."),
		described("Case Management", "A case worker follows your case."),
		described("Radio Reading Service", "Radio readings of the newspaper."),
		described("Community Food Pantry", "Free food and groceries every week."),
		described("Housing Search", "Help finding housing and an apartment."),
		described("Neighborhood Health Center", "A doctor, nurses and a pharmacy: primary care for all."),
		described("Clothing Closet", "Free clothes and coats."),
	}), demoNow)
	for _, c := range []struct {
		text, want, never string
	}{
		{"manje", "Community Food Pantry", "Men's Mentoring"},
		{"kay", "Housing Search", "Kayak Club"},
		{"sante", "Neighborhood Health Center", "Wish List Closet"},
		{"casa", "Housing Search", "Case Management"},
		{"rad", "Clothing Closet", "Radio Reading Service"},
		{"comida", "Community Food Pantry", ""},
	} {
		res, err := e.Search(context.Background(), Query{Text: c.text, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		got := names(t, res.Hits)
		if c.never != "" && slices.Contains(got, c.never) {
			t.Errorf("%q was read as another word (plan %v): %q", c.text, res.Plan, got)
		}
		if c.want != "" && (len(got) == 0 || got[0] != c.want) {
			t.Errorf("%q: want %q first, got %q (plan %v)", c.text, c.want, got, res.Plan)
		}
	}
}

// TestTypoToleranceKnowsEveryWordOfTheSynonyms: a deployment's own synonyms file is the
// dictionary of its languages, down to the words that appear only inside a phrase: with
// "kay abri" written down, "kay" alone is a word, not the beginning of "kayak".
func TestTypoToleranceKnowsEveryWordOfTheSynonyms(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "synonyms.txt")
	if err := os.WriteFile(file, []byte("# a region's own file\nshelter, kay abri\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	e, err := Open(Options{Dir: filepath.Join(dir, "index"), Synonyms: file, Now: func() time.Time { return demoNow }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	feed := newMemFeed([]directory.Service{
		described("Kayak Club", "Kayak trips on the river every Saturday."),
		described("Night Shelter", "Emergency shelter: a bed for the night."),
	})
	if err := e.Rebuild(context.Background(), feed, nil); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string][]string{
		"kay":      nil,
		"kay abri": {"Night Shelter"},
		"kaya":     {"Kayak Club"}, // an unknown beginning is still completed
	} {
		res, err := e.Search(context.Background(), Query{Text: text, PerPage: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got := names(t, res.Hits); !slices.Equal(got, want) {
			t.Errorf("%q found %q, want %q (plan %v)", text, got, want, res.Plan)
		}
	}
}
