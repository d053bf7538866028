package search

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// formatVersion names the shape of documents and facts and the analysis of their text
// (mapping.go). An index written by another version is rebuilt when opened, so changing a
// field only needs this bumped (6: what a cost says, "substance abuse" read as use, the
// facts that capacity expiry needs, and peers' phone observations; 7: a located
// document's zone comes from its point through the time-zone boundaries; 8: a result's
// service carries its hours in words, hours_text).
const formatVersion = "handoff-search-8-hours"

// Keys of the values the index keeps beside its documents, written in the same batch as
// the documents they describe.
var (
	keyFormat   = []byte("handoff:format")
	keySeq      = []byte("handoff:seq")      // the change feed's sequence number the index has applied
	keyMark     = []byte("handoff:mark")     // that change's time: tells a different database apart
	keyComplete = []byte("handoff:complete") // a full build finished
)

// ErrNeedsRebuild means the index on disk cannot be used as it is: missing, unreadable,
// written by another version, or never fully built.
var ErrNeedsRebuild = errors.New("search: the index needs a rebuild")

// Index is an open bleve index with the facts of its documents in memory.
type Index struct {
	bleve   bleve.Index
	scorch  *scorch.Scorch
	mapping *mapping.IndexMappingImpl
	an      analyzers
	fold    analysis.Analyzer
	tab     *tables
	areas   *areaIndex
	segs    *segmentMap
	views   *viewStore

	mu      sync.RWMutex
	entries map[string]*entry
	lenSum  int64 // sum of the entries' text lengths, for the mean
	seq     int64
	mark    string

	writeMu sync.Mutex // one batch at a time: the seq must move in order
}

// openIndex opens the index in dir. It answers ErrNeedsRebuild when the folder is missing
// or holds an index that cannot serve (unreadable, another format, an interrupted build);
// the caller then builds a new one.
func openIndex(dir string) (*Index, error) {
	return openIndexWith(dir, (*Index).loadEntries)
}

// openIndexWith opens the index in dir and fills its entries with fill.
func openIndexWith(dir string, fill func(*Index) error) (*Index, error) {
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return nil, fmt.Errorf("%w: no index in %s", ErrNeedsRebuild, dir)
	}
	b, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrNeedsRebuild, dir, err)
	}
	ix, err := wrap(b)
	if err != nil {
		b.Close()
		return nil, err
	}
	if ix.views, err = openViews(dir); err != nil {
		b.Close()
		return nil, fmt.Errorf("%w: %s: %v", ErrNeedsRebuild, dir, err)
	}
	format, _ := b.GetInternal(keyFormat)
	complete, _ := b.GetInternal(keyComplete)
	if string(format) != formatVersion || len(complete) == 0 {
		ix.Close()
		return nil, fmt.Errorf("%w: the index in %s is of format %q (want %q) or unfinished", ErrNeedsRebuild, dir, format, formatVersion)
	}
	if err := fill(ix); err != nil {
		ix.Close()
		return nil, fmt.Errorf("%w: %v", ErrNeedsRebuild, err)
	}
	ix.recount()
	r, err := ix.scorch.Reader()
	if err != nil {
		ix.Close()
		return nil, err
	}
	ix.segs.warm(r)
	r.Close()
	return ix, nil
}

// wrap prepares an Index around an open bleve index.
func wrap(b bleve.Index) (*Index, error) {
	im, ok := b.Mapping().(*mapping.IndexMappingImpl)
	if !ok {
		return nil, fmt.Errorf("%w: unexpected mapping type", ErrNeedsRebuild)
	}
	adv, err := b.Advanced()
	if err != nil {
		return nil, err
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil, fmt.Errorf("%w: not a scorch index", ErrNeedsRebuild)
	}
	ix := &Index{bleve: b, scorch: sc, mapping: im, tab: newTables(), areas: newAreaIndex(), entries: map[string]*entry{}}
	ix.an = analyzers{text: im.AnalyzerNamed(textAnalyzer), keyword: im.AnalyzerNamed(keyword.Name)}
	ix.fold = im.AnalyzerNamed(foldAnalyzer)
	if ix.an.text == nil || ix.fold == nil || ix.an.keyword == nil {
		return nil, fmt.Errorf("%w: the mapping lacks Handoff's analyzers", ErrNeedsRebuild)
	}
	ix.segs = newSegmentMap(ix.entry)
	if v, _ := b.GetInternal(keySeq); len(v) > 0 {
		ix.seq, _ = strconv.ParseInt(string(v), 10, 64)
	}
	if v, _ := b.GetInternal(keyMark); len(v) > 0 {
		ix.mark = string(v)
	}
	return ix, nil
}

// avgTextLen is the mean number of tokens in the documents' text.
func (ix *Index) avgTextLen() float64 {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	if len(ix.entries) == 0 {
		return 0
	}
	return float64(ix.lenSum) / float64(len(ix.entries))
}

// wasteful reports whether most of the views file is views of replaced documents.
func (ix *Index) wasteful() bool {
	ix.mu.RLock()
	var live int64
	for _, e := range ix.entries {
		live += int64(e.viewLen)
	}
	ix.mu.RUnlock()
	ix.views.mu.Lock()
	size := ix.views.size
	ix.views.mu.Unlock()
	return size > 4*live+64<<20
}

// recount recomputes the length sum after the entries were replaced wholesale.
func (ix *Index) recount() {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	ix.lenSum = 0
	for _, e := range ix.entries {
		ix.lenSum += int64(e.textLen)
	}
}

// entry returns the entry of a document key.
func (ix *Index) entry(key string) *entry {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.entries[key]
}

// Len is the number of documents.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.entries)
}

// Position is how far the index has followed the change feed.
func (ix *Index) Position() (seq int64, mark string) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return ix.seq, ix.mark
}

// Close closes the bleve index and the views file.
func (ix *Index) Close() error {
	err := ix.bleve.Close()
	if ix.views != nil {
		ix.views.close()
	}
	return err
}

// reader returns a snapshot to search, with the segment map's view of it.
func (ix *Index) reader() (index.IndexReader, *view, error) {
	r, err := ix.scorch.Reader()
	if err != nil {
		return nil, nil, err
	}
	return r, ix.segs.viewOf(r), nil
}
