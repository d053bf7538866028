package search

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

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
