package search

import (
	"context"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// filterQuery runs its child without scoring. bleve then reads a disjunction of terms as
// one bitmap (its "unadorned" optimization), and a filter does not sway relevance.
type filterQuery struct{ q query.Query }

// Searcher implements query.Query.
func (f filterQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	o.Score = "none"
	o.Explain = false
	o.IncludeTermVectors = false
	return f.q.Searcher(ctx, i, m, o)
}

func tagQuery(tag string) query.Query {
	t := query.NewTermQuery(tag)
	t.SetField(fieldTags)
	return t
}

// anyTag matches documents with any of the codes under the prefix.
func anyTag(prefix string, codes []string) query.Query {
	qs := make([]query.Query, 0, len(codes))
	for _, c := range codes {
		qs = append(qs, tagQuery(prefix+c))
	}
	return one(qs, false)
}

// tagFilters turns a query's filters that the index answers into term filters. The
// filters the index cannot answer (exact distance, hours, age) are applied to each
// candidate by the ranker.
func tagFilters(q *Query) []query.Query {
	var out []query.Query
	add := func(qq query.Query) { out = append(out, filterQuery{qq}) }
	if !q.IncludeInactive {
		add(tagQuery(tagActive))
	}
	if q.SitesOnly {
		add(tagQuery(kindTags[kindSite]))
	}
	if len(q.Needs) > 0 {
		add(anyTag(tagNeed, q.Needs))
	}
	if len(q.Levels) > 0 {
		add(anyTag(tagLevel, q.Levels))
	}
	if len(q.Languages) > 0 {
		add(anyTag(tagLang, q.Languages))
	}
	if q.Free {
		add(tagQuery(tagFree))
	}
	if q.WalkIn {
		add(tagQuery(tagAccess + "walk_in"))
	}
	if q.Available {
		add(tagQuery(tagRoom))
	}
	if q.Organization != "" {
		add(tagQuery(tagOrg + q.Organization))
	}
	if q.TaxonomyTermID != "" {
		add(tagQuery(tagTerm + q.TaxonomyTermID))
	}
	if q.TaxonomyID != "" {
		add(tagQuery(tagTaxonomy + q.TaxonomyID))
	}
	return out
}
