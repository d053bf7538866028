package search

import (
	"context"
	"math"
	"time"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"handoff/directory"
)

// ranker is one search's second stage. bleve finds the candidates that match the text,
// the tags and the grid cells; the ranker looks at each candidate's facts in memory,
// applies what the index cannot (exact distance, service areas, hours, age), counts the
// facets, and gives the candidate its final score, so that bleve's top-N collector keeps
// the right results.
type ranker struct {
	q         *Query
	geo       *geoPlan
	plan      *textPlan
	avgLen    float64 // mean text length, for BM25's length normalization
	ix        *Index
	view      *view
	reader    index.IndexReader
	clocks    []directory.Clock
	facets    facetCounts
	seen      map[string]bool // services already returned, with ByService
	today     int64           // days since 1970-01-01
	staleDays int64
	// defaultTTL is how long a capacity figure holds when it does not say (capacity_age.go).
	defaultTTL time.Duration
}

// accept decides on one candidate and scores it.
func (rk *ranker) accept(d *search.DocumentMatch) bool {
	var e *entry
	if rk.view != nil {
		sl := rk.view.slotOf(d.IndexInternalID)
		if sl.e != nil && rk.geo.farAway(sl) {
			return false
		}
		e = sl.e
	}
	if e == nil { // a segment not mapped yet: the slow path through the document id
		key, err := rk.reader.ExternalID(d.IndexInternalID)
		if err != nil {
			return false
		}
		if e = rk.ix.entry(key); e == nil {
			return false
		}
	}
	p := rk.geo.locate(e)
	if !p.ok {
		return false
	}
	if q := rk.q; q.Age != nil && !ageAllows(e, *q.Age) {
		return false
	}
	open := false
	if e.hours != nil {
		open = e.hours.OpenAt(rk.clock(e.zone))
	}
	if rk.q.OpenNow && !open {
		return false
	}
	// The index's room tag was written with the figure; whether it still holds is a
	// matter of the query's instant.
	if rk.q.Available && !rk.hasRoom(e) {
		return false
	}
	if rk.seen != nil {
		if rk.seen[e.serviceID] {
			return false
		}
		rk.seen[e.serviceID] = true
	}
	// bleve would otherwise read the id from the segment for each result it returns.
	d.ID = e.key
	rk.facets.add(e)
	rel := 1.0
	if rk.q.Sort == SortRelevance {
		rel = rk.plan.relevance(e, rk.avgLen, nil)
	}
	d.Score = rk.score(rel, e, p, open)
	return true
}

func ageAllows(e *entry, age float64) bool {
	min, max := float64(e.minAge), float64(e.maxAge)
	return (math.IsNaN(min) || age >= min) && (math.IsNaN(max) || age <= max)
}

// rankQuery wraps the query that finds candidates with the ranker.
type rankQuery struct {
	inner query.Query
	rk    *ranker
}

// Searcher implements query.Query.
func (q rankQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, err := q.inner.Searcher(ctx, i, m, o)
	if err != nil {
		return nil, err
	}
	return &rankSearcher{child: s, rk: q.rk}, nil
}

// rankSearcher passes on the child's candidates that the ranker accepts.
type rankSearcher struct {
	child search.Searcher
	rk    *ranker
}

// Next returns the child's next candidate that the ranker accepts (search.Searcher).
func (s *rankSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		d, err := s.child.Next(ctx)
		if err != nil || d == nil {
			return d, err
		}
		if s.rk.accept(d) {
			return d, nil
		}
		ctx.DocumentMatchPool.Put(d)
	}
}

// Advance returns the first accepted candidate at or after id (search.Searcher).
func (s *rankSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.child.Advance(ctx, id)
	if err != nil || d == nil {
		return d, err
	}
	if s.rk.accept(d) {
		return d, nil
	}
	ctx.DocumentMatchPool.Put(d)
	return s.Next(ctx)
}

// The rest of search.Searcher is the child's.

// Close closes the child.
func (s *rankSearcher) Close() error { return s.child.Close() }

// Weight is the child's.
func (s *rankSearcher) Weight() float64 { return s.child.Weight() }

// SetQueryNorm is passed to the child.
func (s *rankSearcher) SetQueryNorm(n float64) { s.child.SetQueryNorm(n) }

// Count is the child's estimate.
func (s *rankSearcher) Count() uint64 { return s.child.Count() }

// Min is the child's.
func (s *rankSearcher) Min() int { return s.child.Min() }

// Size is the child's.
func (s *rankSearcher) Size() int { return s.child.Size() }

// DocumentMatchPoolSize is the child's.
func (s *rankSearcher) DocumentMatchPoolSize() int { return s.child.DocumentMatchPoolSize() }

// newRanker prepares the second stage of a search.
func newRanker(ix *Index, r index.IndexReader, v *view, q *Query, g *geoPlan, plan *textPlan, staleAfter, capacityTTL time.Duration) *ranker {
	if capacityTTL <= 0 {
		capacityTTL = directory.DefaultCapacityTTL
	}
	rk := &ranker{q: q, geo: g, plan: plan, avgLen: ix.avgTextLen(), ix: ix, view: v, reader: r,
		today: q.At.Unix() / daySeconds, staleDays: int64(staleAfter / (24 * time.Hour)), defaultTTL: capacityTTL}
	if q.ByService {
		rk.seen = map[string]bool{}
	}
	return rk
}
