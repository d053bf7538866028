package search

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paulmach/orb"

	"handoff/geo"
)

// near is the point of a ZIP or town, for test queries.
func near(t testing.TB, place string) *orb.Point {
	t.Helper()
	pl, err := geo.Default().Geocode(context.Background(), place)
	if err != nil {
		t.Fatalf("geocode %q: %v", place, err)
	}
	p := pl.Point
	return &p
}

// hitView is what the tests read of a result's pre-rendered view.
type hitView struct {
	Service struct {
		ID           string   `json:"id"`
		Name         string   `json:"name"`
		Needs        []string `json:"needs"`
		LevelsOfCare []string `json:"levels_of_care"`
		Languages    []string `json:"languages"`
		Free         bool     `json:"free"`
		Access       []string `json:"access"`
		Status       string   `json:"status"`
		MinimumAge   *float64 `json:"minimum_age"`
		MaximumAge   *float64 `json:"maximum_age"`
	} `json:"service"`
	Location *struct {
		Name string `json:"name"`
	} `json:"location"`
}

func viewOf(t testing.TB, h Hit) hitView {
	t.Helper()
	var v hitView
	if err := json.Unmarshal(h.View, &v); err != nil {
		t.Fatalf("view of %s: %v\n%s", h.Key, err, h.View)
	}
	return v
}

func names(t testing.TB, hits []Hit) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = viewOf(t, h).Service.Name
	}
	return out
}

// TestRelevance is the relevance table: queries a peer types (with typos, synonyms,
// Spanish, filters), on the demo directory, and the listing that must come first or
// among the first few.
func TestRelevance(t *testing.T) {
	e := demo(t)
	springfield, holyoke, northampton := near(t, "Springfield"), near(t, "Holyoke"), near(t, "Northampton")
	tests := []struct {
		name string
		q    Query
		top  int    // the wanted listing is among the first top results
		want string // a substring of its name
	}{
		// Plain words.
		{"detox near Holyoke", Query{Text: "detox", Point: holyoke}, 1, "Detox"},
		{"suboxone", Query{Text: "suboxone", Point: springfield}, 1, "Suboxone (Buprenorphine) Clinic"},
		{"methadone", Query{Text: "methadone", Point: holyoke}, 1, "Methadone Clinic"},
		{"crisis line", Query{Text: "crisis line", Point: springfield}, 1, "BHN 24/7 Crisis Line"},
		{"living room", Query{Text: "living room", Point: northampton}, 1, "Peer Living Room — Northampton"},
		{"legal aid", Query{Text: "legal aid", Point: springfield}, 1, "Free Legal Aid"},
		{"eviction", Query{Text: "eviction", Point: springfield}, 2, "Eviction"},
		{"warming center", Query{Text: "warming center", Point: springfield}, 1, "Winter Warming Center"},
		{"dental", Query{Text: "dental", Point: springfield}, 1, "Dental Clinic"},
		{"wic", Query{Text: "wic", Point: holyoke}, 1, "WIC Nutrition Program"},
		{"youth crisis", Query{Text: "youth crisis", Point: holyoke}, 3, "Youth Mobile Crisis Intervention"},
		{"womens shelter", Query{Text: "womens shelter", Point: springfield}, 1, "Women's Emergency Shelter"},
		{"veterans", Query{Text: "veterans", Point: northampton}, 1, "Veterans Outreach"},
		{"narcan", Query{Text: "narcan", Point: springfield}, 1, "Syringe Services & Narcan"},
		{"near me is not a word", Query{Text: "food pantry near me", Point: springfield}, 1, "Food Pantry"},
		// Misspellings and type-ahead.
		{"typo detx", Query{Text: "detx", Point: holyoke}, 1, "Detox"},
		{"typo shleter", Query{Text: "shleter", Point: springfield}, 4, "Men's Emergency Shelter"},
		{"typo methadon", Query{Text: "methadon", Point: holyoke}, 1, "Methadone Clinic"},
		{"typo counseling", Query{Text: "counceling", Point: springfield}, 5, "Counseling"},
		{"typo pantyr", Query{Text: "food pantyr", Point: springfield}, 3, "Food Pantry"},
		{"type-ahead shel", Query{Text: "shel", Point: springfield}, 4, "Shelter"},
		{"type-ahead suboxo", Query{Text: "suboxo", Point: springfield}, 1, "Suboxone"},
		// Synonyms.
		{"withdrawal management", Query{Text: "withdrawal management", Point: springfield}, 1, "Withdrawal Management Unit"},
		{"withdrawal management finds detox", Query{Text: "withdrawal management", Point: springfield}, 2, "Detox (Acute Treatment Services)"},
		{"buprenorphine finds suboxone", Query{Text: "buprenorphine", Point: springfield}, 1, "Suboxone (Buprenorphine) Clinic"},
		{"moud", Query{Text: "moud", Point: springfield}, 1, "MOUD Bridge Clinic"},
		{"food bank finds pantries", Query{Text: "food bank", Point: springfield}, 1, "Food Pantry"},
		{"groceries", Query{Text: "groceries", Point: springfield}, 1, "Emergency Groceries"},
		{"groceries finds pantries", Query{Text: "groceries", Point: springfield}, 5, "Food Pantry"},
		{"emergency housing finds shelters", Query{Text: "emergency housing", Point: springfield}, 3, "Shelter"},
		{"recovery meetings finds AA", Query{Text: "recovery meetings", Point: holyoke}, 10, "AA y NA"},
		{"AA", Query{Text: "AA", Point: holyoke}, 1, "AA y NA"},
		{"naloxone finds narcan", Query{Text: "naloxone", Point: springfield}, 1, "Syringe Services & Narcan"},
		{"food stamps finds SNAP", Query{Text: "food stamps", Point: springfield}, 1, "SNAP"},
		{"sober house", Query{Text: "sober house", Point: near(t, "Chicopee")}, 1, "Sober Home"},
		// Spanish.
		{"comida", Query{Text: "comida", Point: springfield}, 1, "Despensa de comida"},
		{"albergue", Query{Text: "albergue", Point: springfield}, 4, "Shelter"},
		{"consejería with accent", Query{Text: "consejería", Point: holyoke}, 1, "Consejería en español"},
		{"consejeria without accent", Query{Text: "consejeria", Point: holyoke}, 1, "Consejería en español"},
		{"vivienda", Query{Text: "vivienda", Point: springfield}, 2, "Housing"},
		{"buprenorfina", Query{Text: "buprenorfina", Point: springfield}, 1, "Suboxone"},
		{"línea de crisis", Query{Text: "línea de crisis", Point: springfield}, 1, "Línea de crisis en español"},
		// Filters.
		{"level crisis stabilization", Query{Levels: []string{"crisis_stabilization"}, Point: springfield, Sort: SortDistance}, 1, "Crisis Stabilization"},
		{"counseling in Portuguese", Query{Text: "counseling", Languages: []string{"pt"}, Point: near(t, "Ludlow")}, 1, "Counseling in Portuguese"},
		{"need legal, free", Query{Needs: []string{"legal"}, Free: true, Point: springfield, RadiusKm: 5}, 3, "Free Legal Aid"},
		{"walk-in detox", Query{Text: "detox", WalkIn: true, Point: springfield}, 1, "Detox"},
		{"teen crisis by age", Query{Needs: []string{"crisis"}, Age: ptr(15.0), Point: holyoke, Text: "stabilization"}, 1, "Youth Community Crisis Stabilization"},
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
			for _, n := range got[:min(tt.top, len(got))] {
				if strings.Contains(n, tt.want) {
					return
				}
			}
			t.Errorf("want %q in the first %d, got %q (plan %v)", tt.want, tt.top, got, res.Plan)
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestFiltersHold checks that every result honours the filters asked, whatever it
// ranks.
func TestFiltersHold(t *testing.T) {
	e := demo(t)
	springfield := near(t, "Springfield")
	tests := []struct {
		name string
		q    Query
		ok   func(v hitView, h Hit) bool
	}{
		{"need food", Query{Needs: []string{"food"}}, func(v hitView, _ Hit) bool { return contains(v.Service.Needs, "food") }},
		{"levels", Query{Levels: []string{"mobile_crisis", "crisis_line"}}, func(v hitView, _ Hit) bool {
			return contains(v.Service.LevelsOfCare, "mobile_crisis") || contains(v.Service.LevelsOfCare, "crisis_line")
		}},
		{"language es", Query{Languages: []string{"es"}}, func(v hitView, _ Hit) bool { return contains(v.Service.Languages, "es") }},
		{"free", Query{Free: true}, func(v hitView, _ Hit) bool { return v.Service.Free }},
		{"walk-in", Query{WalkIn: true}, func(v hitView, _ Hit) bool { return contains(v.Service.Access, "walk_in") }},
		{"active only by default", Query{}, func(v hitView, _ Hit) bool { return v.Service.Status == "active" }},
		{"age 10", Query{Age: ptr(10.0)}, func(v hitView, _ Hit) bool {
			s := v.Service
			return (s.MinimumAge == nil || *s.MinimumAge <= 10) && (s.MaximumAge == nil || *s.MaximumAge >= 10)
		}},
		{"available", Query{Available: true, Needs: []string{"housing"}}, func(_ hitView, h Hit) bool {
			return h.Capacity != nil && (h.Capacity.Status == "capacity" || (h.Capacity.Available != nil && *h.Capacity.Available > 0))
		}},
		{"within 5 km or serving the point", Query{Point: springfield, RadiusKm: 5}, func(_ hitView, h Hit) bool {
			return h.ServesArea || (h.DistanceKm != nil && *h.DistanceKm <= 5)
		}},
		{"open now", Query{OpenNow: true, At: time.Date(2026, 12, 5, 23, 30, 0, 0, demoNow.Location())}, func(_ hitView, h Hit) bool {
			return h.Open.Known && h.Open.Open
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.PerPage = 100
			res, err := e.Search(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total == 0 {
				t.Fatal("no results")
			}
			for _, h := range res.Hits {
				if v := viewOf(t, h); !tt.ok(v, h) {
					t.Errorf("%s (%s) does not hold", v.Service.Name, h.Key)
				}
			}
		})
	}
	res, err := e.Search(context.Background(), Query{IncludeInactive: true, PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := e.Search(context.Background(), Query{PerPage: 1000})
	if res.Total <= all.Total {
		t.Errorf("include_inactive found %d, active only %d: the demo has inactive listings", res.Total, all.Total)
	}
}

// TestSortAndTies checks the orders: distance ascending, names alphabetical, and equal
// scores in id order, the same on every run.
func TestSortAndTies(t *testing.T) {
	e := demo(t)
	ctx := context.Background()
	res, err := e.Search(ctx, Query{Text: "food pantry", Point: near(t, "Springfield"), Sort: SortDistance, PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(res.Hits); i++ {
		a, b := res.Hits[i-1].DistanceKm, res.Hits[i].DistanceKm
		if a != nil && b != nil && *a > *b+1e-9 {
			t.Errorf("distance order broken at %d: %v > %v", i, *a, *b)
		}
	}
	res, err = e.Search(ctx, Query{Needs: []string{"food"}, Sort: SortName, PerPage: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := names(t, res.Hits)
	for i := 1; i < len(got); i++ {
		if strings.ToLower(got[i-1]) > strings.ToLower(got[i]) {
			t.Errorf("name order broken at %d: %q > %q", i, got[i-1], got[i])
		}
	}
	// Twenty identical pantries: the same order twice, and by key among equal scores.
	q := Query{Text: "food pantry", PerPage: 30}
	r1, _ := e.Search(ctx, q)
	r2, _ := e.Search(ctx, q)
	for i := range r1.Hits {
		if r1.Hits[i].Key != r2.Hits[i].Key {
			t.Fatalf("order differs between runs at %d", i)
		}
		if i > 0 && r1.Hits[i-1].Score == r1.Hits[i].Score && r1.Hits[i-1].Key > r1.Hits[i].Key {
			t.Errorf("equal scores not in key order at %d", i)
		}
	}
}

// TestWhy checks the explanations a result card shows.
func TestWhy(t *testing.T) {
	e := demo(t)
	res, err := e.Search(context.Background(), Query{Text: "withdrawal management", Point: near(t, "Springfield"), PerPage: 10, Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	var synonym, dist, open bool
	for _, h := range res.Hits {
		w := strings.Join(h.Why, " · ")
		synonym = synonym || strings.Contains(w, "withdrawal management ≈ detox")
		dist = dist || strings.Contains(w, " km")
		open = open || strings.Contains(w, "open 24 hours")
	}
	if !synonym || !dist || !open {
		t.Errorf("explanations lack a synonym, a distance or hours: %v", res.Hits[0].Why)
	}
	res, _ = e.Search(context.Background(), Query{Text: "shleter", Point: near(t, "Springfield"), PerPage: 3, Explain: true})
	if w := strings.Join(res.Hits[0].Why, " · "); !strings.Contains(w, "shelter (for “shleter”)") {
		t.Errorf("typo not explained: %s", w)
	}
	res, _ = e.Search(context.Background(), Query{Text: "detox", Languages: []string{"es"}, PerPage: 3, Explain: true})
	if w := strings.Join(res.Hits[0].Why, " · "); !strings.Contains(w, "Spanish") {
		t.Errorf("language not explained: %s", w)
	}
	res, _ = e.Search(context.Background(), Query{Text: "emergency shelter", Available: true, PerPage: 3, Explain: true})
	if w := strings.Join(res.Hits[0].Why, " · "); !strings.Contains(w, "beds free, updated") {
		t.Errorf("capacity not explained with its age: %s", w)
	}
}

// TestRelaxed checks that a query no listing fully matches falls back to listings that
// match some of its words, and says so.
func TestRelaxed(t *testing.T) {
	res, err := demo(t).Search(context.Background(), Query{Text: "detox xylophone"})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Relaxed || res.Total == 0 {
		t.Fatalf("relaxed=%v total=%d", res.Relaxed, res.Total)
	}
}

// TestFacets checks the counts per need, level of care and language.
func TestFacets(t *testing.T) {
	res, err := demo(t).Search(context.Background(), Query{Point: near(t, "Springfield"), RadiusKm: 10, PerPage: 1})
	if err != nil {
		t.Fatal(err)
	}
	count := func(fs []FacetCount, code string) int {
		for _, f := range fs {
			if f.Code == code {
				return f.Count
			}
		}
		return 0
	}
	all, err := demo(t).Search(context.Background(), Query{Point: near(t, "Springfield"), RadiusKm: 10, PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	food, es := 0, 0
	for _, h := range all.Hits {
		v := viewOf(t, h)
		if contains(v.Service.Needs, "food") {
			food++
		}
		if contains(v.Service.Languages, "es") {
			es++
		}
	}
	if got := count(res.Facets.Needs, "food"); got != food || food == 0 {
		t.Errorf("facet need=food %d, counted %d", got, food)
	}
	if got := count(res.Facets.Languages, "es"); got != es || es == 0 {
		t.Errorf("facet language=es %d, counted %d", got, es)
	}
	if len(res.Facets.LevelsOfCare) == 0 {
		t.Error("no level of care facet")
	}
}
