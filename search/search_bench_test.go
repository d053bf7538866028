package search

import (
	"context"
	"testing"

	"handoff/seed"
)

// Benchmarks of the hot paths on the demo directory. The whole-engine figures on 100,000
// generated listings come from BenchmarkBenchQueries (benchdata_test.go) and from
// shared/bench/compare.sh; see BENCHMARKS.md.

func BenchmarkSearch(b *testing.B) {
	e := demo(b)
	springfield := near(b, "Springfield")
	cases := []struct {
		name string
		q    Query
	}{
		{"text+place", Query{Text: "detox", Point: springfield, RadiusKm: 25, Explain: true}},
		{"synonyms+filters", Query{Text: "food pantry", Point: springfield, RadiusKm: 10, Languages: []string{"es"}, Explain: true}},
		{"typo", Query{Text: "shleter", Point: springfield, Explain: true}},
		{"filters only", Query{Needs: []string{"crisis"}, Point: springfield, OpenNow: true, Explain: true}},
		{"distance sort", Query{Text: "counseling", Point: springfield, Sort: SortDistance}},
		{"no place", Query{Text: "crisis line"}},
	}
	ctx := context.Background()
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.Search(ctx, c.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkPlanText(b *testing.B) {
	e := demo(b)
	ix := e.cur.Load()
	r, _, err := ix.reader()
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	th := e.th.Load()
	for _, text := range []string{"detox", "food pantry near me", "shleter", "consejería"} {
		b.Run(text, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				planText(context.Background(), r, ix.an, th, text)
			}
		})
	}
}

func BenchmarkRelevance(b *testing.B) {
	e := demo(b)
	ix := e.cur.Load()
	r, _, _ := ix.reader()
	defer r.Close()
	plan := planText(context.Background(), r, ix.an, e.th.Load(), "food pantry")
	var es []*entry
	for _, en := range ix.entries {
		es = append(es, en)
	}
	avg := ix.avgTextLen()
	i := 0
	for b.Loop() {
		plan.relevance(es[i%len(es)], avg, nil)
		i++
	}
}

func BenchmarkBuildDocs(b *testing.B) {
	e := demo(b)
	an := e.cur.Load().an
	svcs := seed.Services()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		an.buildDocs(&svcs[i%len(svcs)])
		i++
	}
}
