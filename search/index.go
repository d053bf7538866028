package search

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"

	"handoff/directory"
)

// formatVersion names the shape of documents and facts. An index written by another
// version is rebuilt when opened, so changing a field only needs this bumped.
const formatVersion = "handoff-search-4"

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

// loadEntries reads every document's stored facts into memory. Decoding is the cost (a
// few microseconds a document), so the documents are shared among loaders.
func (ix *Index) loadEntries() error {
	r, err := ix.scorch.Reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("unexpected reader type %T", r)
	}
	type loaded struct {
		key string
		f   *facts
		e   *entry
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), 4))
	var withAreas []loaded
	for _, ss := range snap.Segments() {
		deleted := ss.Deleted()
		n := ss.Segment().Count()
		parts := make([][]loaded, workers)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for local := uint64(w); local < n; local += uint64(workers) {
					if deleted != nil && deleted.Contains(uint32(local)) {
						continue
					}
					var key string
					var raw []byte
					err := ss.VisitDocument(local, func(field string, _ byte, value []byte, _ []uint64) bool {
						switch field {
						case "_id":
							key = string(value)
						case fieldFacts:
							raw = append([]byte(nil), value...)
						}
						return true
					})
					if err != nil {
						errs[w] = fmt.Errorf("read document %d: %w", local, err)
						return
					}
					f, err := decodeFacts(raw)
					if err != nil {
						errs[w] = fmt.Errorf("document %s: %w", key, err)
						return
					}
					l := loaded{key: key, e: ix.tab.newEntry(key, f, nil)}
					if len(f.Areas) > 0 {
						l.f = f
					}
					parts[w] = append(parts[w], l)
				}
			}()
		}
		wg.Wait()
		for w := range workers {
			if errs[w] != nil {
				return errs[w]
			}
			for _, l := range parts[w] {
				ix.entries[l.key] = l.e
				if l.f != nil {
					withAreas = append(withAreas, l)
				}
			}
		}
	}
	// Service areas are parsed once per service and shared by its entries.
	byService := map[string]*serviceAreas{}
	for _, l := range withAreas {
		sa, seen := byService[l.f.Service]
		if !seen {
			sa = ix.tab.newServiceAreas(l.f.Service, l.f.Areas, l.f.AreaName)
			byService[l.f.Service] = sa
			if sa != nil {
				ix.areas.set(sa)
			}
		}
		l.e.areas = sa
	}
	return nil
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

// Update is one batch of changes for the index: services to (re)index whole, services
// to drop, and the change feed position the batch brings the index to.
type Update struct {
	Services []directory.Service
	Deleted  []string
	Seq      int64
	Mark     string
}

// apply writes an update: each listed service's old documents are replaced by its new
// ones, in one bleve batch with the new position, so that a crash leaves the index
// either before or after the batch and the feed replays from the right place.
func (ix *Index) apply(ctx context.Context, u Update) error {
	ix.writeMu.Lock()
	defer ix.writeMu.Unlock()
	r, err := ix.scorch.Reader()
	if err != nil {
		return err
	}
	affected := make([]string, 0, len(u.Services)+len(u.Deleted))
	for i := range u.Services {
		affected = append(affected, u.Services[i].ID)
	}
	affected = append(affected, u.Deleted...)
	oldKeys, err := keysOfServices(ctx, r, affected)
	r.Close()
	if err != nil {
		return err
	}

	batch := ix.bleve.NewBatch()
	fresh := map[string]*entry{}
	areas := map[string]*serviceAreas{}
	for i := range u.Services {
		s := &u.Services[i]
		docs := ix.an.buildDocs(s)
		if err := placeAll(ix.views, docs); err != nil {
			return err
		}
		var sa *serviceAreas
		if len(docs) > 0 && len(docs[0].facts.Areas) > 0 {
			sa = ix.tab.newServiceAreas(s.ID, docs[0].facts.Areas, docs[0].facts.AreaName)
		}
		areas[s.ID] = sa
		for _, d := range docs {
			if err := batch.IndexAdvanced(d.doc); err != nil {
				return err
			}
			fresh[d.key] = ix.tab.newEntry(d.key, &d.facts, sa)
		}
	}
	var gone []string
	for _, k := range oldKeys {
		if _, kept := fresh[k]; !kept {
			batch.Delete(k)
			gone = append(gone, k)
		}
	}
	if u.Seq > 0 {
		batch.SetInternal(keySeq, []byte(strconv.FormatInt(u.Seq, 10)))
		batch.SetInternal(keyMark, []byte(u.Mark))
	}

	// The views must be on disk before the batch that points at them.
	if err := ix.views.sync(); err != nil {
		return err
	}
	// New entries go in before the documents so that no search finds a document without
	// its facts; dropped ones leave after, for the same reason.
	ix.mu.Lock()
	for k, e := range fresh {
		if old, ok := ix.entries[k]; ok {
			ix.lenSum -= int64(old.textLen)
		}
		ix.entries[k] = e
		ix.lenSum += int64(e.textLen)
	}
	ix.mu.Unlock()
	for id, sa := range areas {
		if sa != nil {
			ix.areas.set(sa)
		} else {
			ix.areas.remove(id)
		}
	}
	for _, id := range u.Deleted {
		ix.areas.remove(id)
	}
	if err := ix.bleve.Batch(batch); err != nil {
		return fmt.Errorf("search: write batch: %w", err)
	}
	ix.mu.Lock()
	for _, k := range gone {
		if old, ok := ix.entries[k]; ok {
			ix.lenSum -= int64(old.textLen)
			delete(ix.entries, k)
		}
	}
	if u.Seq > 0 {
		ix.seq, ix.mark = u.Seq, u.Mark
	}
	ix.mu.Unlock()
	return nil
}

// keysOfServices finds the document keys of services through their service tags.
func keysOfServices(ctx context.Context, r index.IndexReader, serviceIDs []string) ([]string, error) {
	var out []string
	for _, id := range serviceIDs {
		tfr, err := r.TermFieldReader(ctx, []byte(tagService+id), fieldTags, false, false, false)
		if err != nil {
			return nil, err
		}
		var tfd index.TermFieldDoc
		for {
			d, err := tfr.Next(&tfd)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			if d == nil {
				break
			}
			k, err := r.ExternalID(d.ID)
			if err != nil {
				tfr.Close()
				return nil, err
			}
			out = append(out, k)
		}
		tfr.Close()
	}
	return out, nil
}
