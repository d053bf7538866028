package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Progress reports a build's advance: services done out of about total.
type Progress func(done, total int)

// buildBatch is how many services a loader reads at a time; loaders is how many read at
// once. Reading compiled services from the database is the slow part of a build, and
// SQLite and PostgreSQL both serve several readers at a time.
const (
	buildBatch   = 500
	buildLoaders = 3
)

// build writes a complete new index into dir from the feed, with scorch's offline
// builder: documents go straight into segment files that are merged into one at the end,
// which is several times faster than indexing them one batch at a time and leaves the
// index in the shape searches like best. It returns the entries it made, so that opening
// the result does not read them back from disk.
func build(ctx context.Context, dir string, feed Feed, progress Progress) (map[string]*entry, *tables, *areaIndex, error) {
	tmp := dir + ".build"
	if err := os.RemoveAll(tmp); err != nil {
		return nil, nil, nil, err
	}
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		return nil, nil, nil, err
	}
	im, err := newMapping()
	if err != nil {
		return nil, nil, nil, err
	}
	// The position is read before the services: a change made while the build reads is
	// then replayed by the catch-up that follows, and replaying is harmless.
	seq, mark, err := feed.Head(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	total, err := feed.CountServices(ctx)
	if err != nil {
		return nil, nil, nil, err
	}
	mappingJSON, err := json.Marshal(im)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := os.WriteFile(filepath.Join(tmp, "index_meta.json"), []byte(`{"storage":"boltdb","index_type":"scorch"}`), 0o600); err != nil {
		return nil, nil, nil, err
	}
	b, err := scorch.NewBuilder(map[string]any{
		"path":            filepath.Join(tmp, "store"),
		"buildPathPrefix": tmp,
		"batchSize":       5000,
		"mergeMax":        20,
		"internal": map[string][]byte{
			"_mapping":          mappingJSON,
			string(keyFormat):   []byte(formatVersion),
			string(keySeq):      []byte(strconv.FormatInt(seq, 10)),
			string(keyMark):     []byte(mark),
			string(keyComplete): []byte("1"),
		},
	})
	if err != nil {
		return nil, nil, nil, err
	}
	views, err := createViews(tmp)
	if err != nil {
		return nil, nil, nil, err
	}
	defer views.close()
	an := analyzers{text: im.AnalyzerNamed(textAnalyzer), keyword: im.AnalyzerNamed(keyword.Name)}
	tab, areas := newTables(), newAreaIndex()
	entries := map[string]*entry{}

	// Loaders read services and make their documents (text analysis, views and facts
	// included) in parallel; this goroutine feeds the builder, which is single-threaded.
	loaded := make(chan docBatch, buildLoaders)
	errc := make(chan error, 1)
	go func() { errc <- loadAll(ctx, feed, an, views, loaded) }()
	done := 0
	var indexErr error
	for batch := range loaded {
		if indexErr != nil {
			continue // drain, so that the loaders finish
		}
		var sa *serviceAreas
		last := ""
		for _, d := range batch.docs {
			if d.facts.Service != last {
				last, sa = d.facts.Service, nil
				if len(d.facts.Areas) > 0 {
					if sa = tab.newServiceAreas(d.facts.Service, d.facts.Areas, d.facts.AreaName); sa != nil {
						areas.set(sa)
					}
				}
			}
			if err := b.Index(d.doc); err != nil {
				indexErr = err
				break
			}
			entries[d.key] = tab.newEntry(d.key, &d.facts, sa)
		}
		done += batch.services
		if progress != nil {
			progress(done, max(total, done))
		}
	}
	if err := <-errc; err != nil && indexErr == nil {
		indexErr = err
	}
	if indexErr == nil {
		indexErr = views.sync()
	}
	if indexErr == nil && len(entries) == 0 {
		// The builder cannot finish without a segment; an empty directory gets an empty
		// online index with the same internal values.
		return entries, tab, areas, emptyIndex(tmp, dir, im, seq, mark)
	}
	if indexErr == nil {
		indexErr = b.Close()
	}
	if indexErr != nil {
		os.RemoveAll(tmp)
		return nil, nil, nil, fmt.Errorf("search: build: %w", indexErr)
	}
	return entries, tab, areas, swapDir(tmp, dir)
}

// docBatch is a batch of services made into documents.
type docBatch struct {
	services int
	docs     []built
}

// loadAll reads every service through the feed and makes its documents, views written,
// with a few loaders at once.
func loadAll(ctx context.Context, feed Feed, an analyzers, views *viewStore, out chan<- docBatch) error {
	defer close(out)
	ids := make(chan []string, buildLoaders)
	var wg sync.WaitGroup
	var once sync.Once
	var firstErr error
	fail := func(err error) { once.Do(func() { firstErr = err }) }
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range buildLoaders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range ids {
				svcs, err := feed.Services(ctx, batch)
				if err != nil {
					fail(err)
					cancel()
					continue
				}
				db := docBatch{services: len(svcs)}
				for i := range svcs {
					db.docs = append(db.docs, an.buildDocs(&svcs[i])...)
				}
				if err := placeAll(views, db.docs); err != nil {
					fail(err)
					cancel()
					continue
				}
				select {
				case out <- db:
				case <-ctx.Done():
				}
			}
		}()
	}
	err := feed.EachServiceBatch(ctx, buildBatch, func(batch []string) error {
		select {
		case ids <- append([]string(nil), batch...):
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	close(ids)
	wg.Wait()
	if firstErr != nil {
		return firstErr
	}
	return err
}

// emptyIndex writes an empty index with its position, in place of the builder's.
func emptyIndex(tmp, dir string, im *mapping.IndexMappingImpl, seq int64, mark string) error {
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	idx, err := bleve.New(tmp, im)
	if err != nil {
		return err
	}
	views, err := createViews(tmp)
	if err != nil {
		idx.Close()
		return err
	}
	views.close()
	for k, v := range map[string]string{string(keyFormat): formatVersion, string(keySeq): strconv.FormatInt(seq, 10),
		string(keyMark): mark, string(keyComplete): "1"} {
		if err := idx.SetInternal([]byte(k), []byte(v)); err != nil {
			idx.Close()
			return err
		}
	}
	if err := idx.Close(); err != nil {
		return err
	}
	return swapDir(tmp, dir)
}

// swapDir puts a built index in place of the old one. The old one is moved aside first
// and removed last, so that a crash in between leaves a usable index or none, never half
// of one (a missing index is rebuilt on start).
func swapDir(built, dir string) error {
	old := dir + ".old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(dir, old); err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := os.Rename(built, dir); err != nil {
		return err
	}
	return os.RemoveAll(old)
}
