package search

import (
	"context"
	"fmt"
	"strconv"

	index "github.com/blevesearch/bleve_index_api"

	"handoff/directory"
)

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
