// Package search is Handoff's search engine: a bleve v2 index of the directory with one
// document per service at each location, the query planning that turns what a peer types
// into terms (synonyms, typos, type-ahead), a geo filter of its own, ranking that blends
// relevance with distance, hours, capacity and freshness, facets, and an explanation of
// every hit. The store holds the truth; the index follows its change feed.
//
// The index is a cache of the store: it can be deleted at any time and is rebuilt from
// the database. Its documents carry, as stored fields, the compact facts ranking needs
// (held in memory while the index is open) and the pre-rendered JSON of each result, so
// that a search answers without a database query.
package search
