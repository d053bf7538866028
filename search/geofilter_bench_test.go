package search

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/paulmach/orb"

	"handoff/geo"
)

// The geo filter's design was chosen with these benchmarks: the same synthetic listings
// (clustered around cities, as the shared bench data is) in an index that has both a
// bleve geopoint field and Handoff's grid-cell terms, and the same queries ("food"
// within a radius) answered three ways:
//
//   - geopoint: bleve's GeoDistanceQuery in a scored conjunction, the plain design that
//     DESIGN.md measured at about five times slower than PostGIS;
//   - cells-scored: the cell terms as an unscored disjunction, but text scored by bleve;
//   - cells-boolean: everything boolean (bitmaps), exact distance and relevance in Go —
//     what the engine does.
//
// Run: go test ./search -run x -bench GeoFilter -benchtime 2s

const benchDocs = 30_000

var benchCities = []orb.Point{{-72.59, 42.10}, {-74.0, 40.71}, {-87.63, 41.88}, {-118.24, 34.05}, {-71.06, 42.36}}

type geoBench struct {
	idx     bleve.Index
	entries map[string]*entry
	segs    *segmentMap
}

func newGeoBench(b *testing.B) *geoBench {
	b.Helper()
	im := bleve.NewIndexMapping()
	im.DefaultMapping.Dynamic = false
	if err := im.AddCustomAnalyzer(textAnalyzer, map[string]any{"type": "custom", "tokenizer": "unicode", "token_filters": []any{"to_lower"}}); err != nil {
		b.Fatal(err)
	}
	dm := bleve.NewDocumentStaticMapping()
	gp := mapping.NewGeoPointFieldMapping()
	dm.AddFieldMappingsAt("pt", gp)
	im.DefaultMapping = dm
	idx, err := bleve.New(b.TempDir()+"/geo", im)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { idx.Close() })
	kw := im.AnalyzerNamed(keyword.Name)
	text := im.AnalyzerNamed(textAnalyzer)
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"food", "pantry", "shelter", "detox", "counseling", "crisis", "legal", "rides"}
	g := &geoBench{idx: idx, entries: map[string]*entry{}}
	batch := idx.NewBatch()
	for i := range benchDocs {
		c := benchCities[r.IntN(len(benchCities))]
		p := orb.Point{c[0] + r.NormFloat64()*0.15, c[1] + r.NormFloat64()*0.11}
		key := fmt.Sprintf("%08d", i)
		g.entries[key] = &entry{key: key, point: p}
		d := document.NewDocument(key)
		body := words[r.IntN(len(words))] + " " + words[r.IntN(len(words))] + " services"
		d.AddField(document.NewTextFieldCustom(fieldText, nil, []byte(body), index.IndexField, text))
		d.AddField(document.NewGeoPointFieldWithIndexingOptions("pt", nil, p[0], p[1], index.IndexField|index.DocValues))
		for level := range geo.GridLevels {
			d.AddField(document.NewTextFieldCustom(fieldCell, nil, []byte(geo.CellAt(level, p).Token()), keywordOptions, kw))
		}
		batch.IndexAdvanced(d)
		if batch.Size() == 2000 {
			if err := idx.Batch(batch); err != nil {
				b.Fatal(err)
			}
			batch.Reset()
		}
	}
	if err := idx.Batch(batch); err != nil {
		b.Fatal(err)
	}
	g.segs = newSegmentMap(func(k string) *entry { return g.entries[k] })
	return g
}

// benchQueries are points near the cities and radii as the shared bench uses.
func benchQueries() []Query {
	r := rand.New(rand.NewPCG(3, 4))
	var out []Query
	for range 200 {
		c := benchCities[r.IntN(len(benchCities))]
		p := orb.Point{c[0] + r.NormFloat64()*0.05, c[1] + r.NormFloat64()*0.05}
		out = append(out, Query{Point: &p, RadiusKm: []float64{5, 10, 25, 50}[r.IntN(4)]})
	}
	return out
}

func BenchmarkGeoFilter(b *testing.B) {
	g := newGeoBench(b)
	qs := benchQueries()
	adv, _ := g.idx.Advanced()
	run := func(b *testing.B, build func(q Query, v *view) (query.Query, bsearch.SearcherOptions, func(*bsearch.DocumentMatch) bool)) {
		ctx := context.Background()
		i, hits := 0, 0
		for b.Loop() {
			q := qs[i%len(qs)]
			i++
			r, _ := adv.Reader()
			v := g.segs.viewOf(r)
			qq, opts, keep := build(q, v)
			s, err := qq.Searcher(ctx, r, g.idx.Mapping(), opts)
			if err != nil {
				b.Fatal(err)
			}
			var ks bsearch.Searcher = s
			if keep != nil {
				ks = keepSearcher{s, keep}
			}
			coll := collector.NewTopNCollector(20, 0, bsearch.SortOrder{&bsearch.SortScore{Desc: true}})
			if err := coll.Collect(ctx, ks, r); err != nil {
				b.Fatal(err)
			}
			hits += int(coll.Total())
			s.Close()
			r.Close()
		}
		b.ReportMetric(float64(hits)/float64(i), "hits/op")
	}
	text := func(scored bool) query.Query {
		t := query.NewTermQuery("food")
		t.SetField(fieldText)
		if scored {
			return t
		}
		return filterQuery{t}
	}
	b.Run("geopoint", func(b *testing.B) {
		run(b, func(q Query, _ *view) (query.Query, bsearch.SearcherOptions, func(*bsearch.DocumentMatch) bool) {
			gq := query.NewGeoDistanceQuery(q.Point[0], q.Point[1], fmt.Sprintf("%gkm", q.RadiusKm))
			gq.SetField("pt")
			return query.NewConjunctionQuery([]query.Query{text(true), gq}), bsearch.SearcherOptions{}, nil
		})
	})
	exact := func(q Query, v *view) func(*bsearch.DocumentMatch) bool {
		cos := math.Cos(q.Point[1] * math.Pi / 180)
		return func(d *bsearch.DocumentMatch) bool {
			e := v.slotOf(d.IndexInternalID).e
			if e == nil {
				return false
			}
			p := e.point
			dx, dy := (p[0]-q.Point[0])*cos, p[1]-q.Point[1]
			return math.Sqrt(dx*dx+dy*dy)*kmPerDegree <= q.RadiusKm
		}
	}
	cells := func(q Query) query.Query {
		gp := planGeo(&q, newAreaIndex())
		return gp.query()
	}
	b.Run("cells-scored", func(b *testing.B) {
		run(b, func(q Query, v *view) (query.Query, bsearch.SearcherOptions, func(*bsearch.DocumentMatch) bool) {
			return query.NewConjunctionQuery([]query.Query{text(true), cells(q)}), bsearch.SearcherOptions{}, exact(q, v)
		})
	})
	b.Run("cells-boolean", func(b *testing.B) {
		run(b, func(q Query, v *view) (query.Query, bsearch.SearcherOptions, func(*bsearch.DocumentMatch) bool) {
			return query.NewConjunctionQuery([]query.Query{text(false), cells(q)}), bsearch.SearcherOptions{Score: "none"}, exact(q, v)
		})
	})
}

// keepSearcher passes on the candidates keep accepts.
type keepSearcher struct {
	bsearch.Searcher
	keep func(*bsearch.DocumentMatch) bool
}

func (k keepSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	for {
		d, err := k.Searcher.Next(ctx)
		if err != nil || d == nil || k.keep(d) {
			return d, err
		}
		ctx.DocumentMatchPool.Put(d)
	}
}
