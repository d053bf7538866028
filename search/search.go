package search

import (
	"context"
	"fmt"
	"math"

	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// Search answers one query.
func (e *Engine) Search(ctx context.Context, q Query) (*Result, error) {
	e.inUse.RLock()
	defer e.inUse.RUnlock()
	ix := e.cur.Load()
	if ix == nil {
		return nil, ErrNotReady
	}
	q, err := q.normalized(e.opts.Now())
	if err != nil {
		return nil, err
	}
	r, v, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	plan := planText(ctx, r, ix.an, e.th.Load(), q.Text)
	res, hits, rk, err := e.run(ctx, ix, r, v, &q, &plan, false)
	if err != nil {
		return nil, err
	}
	if res.Total == 0 && len(plan.groups) > 1 {
		// Nothing has every word: show what has some of them, and say so.
		if res, hits, rk, err = e.run(ctx, ix, r, v, &q, &plan, true); err != nil {
			return nil, err
		}
		res.Relaxed = true
	}
	for _, g := range plan.groups {
		pg := PlanGroup{Typed: g.typed}
		for _, a := range g.alts {
			if a.kind != altExact {
				pg.Also = append(pg.Also, a.label)
			}
		}
		res.Plan = append(res.Plan, pg)
	}
	if err := e.complete(ix, rk, &plan, res, hits); err != nil {
		return nil, err
	}
	return res, nil
}

// run finds and ranks one page.
func (e *Engine) run(ctx context.Context, ix *Index, r index.IndexReader, v *view, q *Query, plan *textPlan, relaxed bool) (*Result, bsearch.DocumentMatchCollection, *ranker, error) {
	g := planGeo(q, ix.areas)
	var parts []query.Query
	if !plan.empty() {
		parts = append(parts, plan.query(relaxed))
	}
	if g != nil {
		parts = append(parts, g.query())
	}
	parts = append(parts, tagFilters(q)...)
	var inner query.Query
	switch len(parts) {
	case 0:
		inner = query.NewMatchAllQuery()
	case 1:
		inner = parts[0]
	default:
		inner = query.NewConjunctionQuery(parts)
	}
	rk := newRanker(ix, r, v, q, g, plan, e.opts.StaleAfter, e.opts.CapacityTTL)
	// Nothing is scored by bleve: the ranker scores (relevance.go).
	s, err := rankQuery{inner: inner, rk: rk}.Searcher(ctx, r, ix.mapping, bsearch.SearcherOptions{Score: "none"})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("search: %w", err)
	}
	defer s.Close()
	order := bsearch.SortOrder{&bsearch.SortScore{Desc: true}}
	if q.Sort == SortName {
		order = bsearch.SortOrder{&bsearch.SortField{Field: fieldSort}, &bsearch.SortDocID{}}
	}
	coll := collector.NewTopNCollector(q.PerPage, (q.Page-1)*q.PerPage, order)
	if err := coll.Collect(ctx, s, r); err != nil {
		return nil, nil, nil, fmt.Errorf("search: %w", err)
	}
	res := &Result{Total: int(coll.Total()), Page: q.Page, PerPage: q.PerPage, Facets: rk.facets.result(ix.tab)}
	return res, coll.Results(), rk, nil
}

// complete turns the page's matches into hits: their stored views, distances, hours,
// capacity and explanations.
func (e *Engine) complete(ix *Index, rk *ranker, plan *textPlan, res *Result, matches bsearch.DocumentMatchCollection) error {
	res.Hits = make([]Hit, 0, len(matches))
	matched := make([]int, len(plan.groups))
	for _, m := range matches {
		en := ix.entry(m.ID)
		if en == nil {
			continue // dropped since the search read it
		}
		raw, err := ix.views.read(en.viewOff, en.viewLen)
		if err != nil {
			return err
		}
		h := Hit{Key: m.ID, ServiceID: en.serviceID, View: raw, Score: math.Round(m.Score*1e4) / 1e4}
		p := rk.geo.locate(en)
		if p.measured && !(p.byArea && en.kind != kindSite) {
			d := math.Round(p.distance*100) / 100
			h.DistanceKm = &d
		}
		h.ServesArea = p.byArea
		if en.hours != nil {
			h.Open = en.hours.State(rk.clock(en.zone))
		}
		h.Capacity, h.Observation = rk.capacityOf(en), rk.observationOf(en)
		if rk.q.Explain {
			var labels []string
			if !plan.empty() {
				plan.relevance(en, rk.avgLen, matched)
				for gi, ai := range matched {
					if ai >= 0 {
						labels = append(labels, altLabel(plan.groups[gi], plan.groups[gi].alts[ai]))
					}
				}
			}
			h.Why = rk.why(en, &h, labels, res.Relaxed)
		}
		res.Hits = append(res.Hits, h)
	}
	return nil
}
