package search

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// The pre-rendered result views live in a file of their own beside the bleve index,
// read with pread, rather than in bleve's stored fields. bleve reads stored fields
// through its memory mapping of the segment file, and every page fault there maps the
// pages around it too: at 1,000,000 listings the 20 views of each result page made the
// whole 1.5 GB segment resident within seconds (measured: 1.5 MB of resident size per
// request). Read with pread, the views stay in the kernel's page cache, shared and
// reclaimable, and the process holds only what it is using.

const (
	viewsFile  = "views.dat"
	viewsMagic = "HOV1" // the file's first bytes: a view file of this format
)

// viewStore is the views file: blobs appended one after another; where each blob is
// lives in the facts of its document.
type viewStore struct {
	mu   sync.Mutex // serializes appends
	f    *os.File
	size int64
}

// createViews starts an empty views file in dir.
func createViews(dir string) (*viewStore, error) {
	f, err := os.OpenFile(filepath.Join(dir, viewsFile), os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return nil, err
	}
	if _, err := f.WriteString(viewsMagic); err != nil {
		f.Close()
		return nil, err
	}
	return &viewStore{f: f, size: int64(len(viewsMagic))}, nil
}

// openViews opens the views file of the index in dir.
func openViews(dir string) (*viewStore, error) {
	f, err := os.OpenFile(filepath.Join(dir, viewsFile), os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	head := make([]byte, len(viewsMagic))
	if _, err := io.ReadFull(f, head); err != nil || string(head) != viewsMagic {
		f.Close()
		return nil, errors.New("the views file is damaged")
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	return &viewStore{f: f, size: st.Size()}, nil
}

// add writes blobs at the end of the file and returns where each starts. The caller
// syncs before the index refers to them (sync).
func (vs *viewStore) add(blobs [][]byte) ([]int64, error) {
	vs.mu.Lock()
	defer vs.mu.Unlock()
	offs := make([]int64, len(blobs))
	var buf []byte
	at := vs.size
	for i, b := range blobs {
		offs[i] = at
		at += int64(len(b))
		buf = append(buf, b...)
	}
	if _, err := vs.f.WriteAt(buf, vs.size); err != nil {
		return nil, fmt.Errorf("search: write views: %w", err)
	}
	vs.size = at
	return offs, nil
}

// sync makes the appended views durable, before a batch that points at them.
func (vs *viewStore) sync() error { return vs.f.Sync() }

// read returns one view.
func (vs *viewStore) read(off int64, n uint32) ([]byte, error) {
	b := make([]byte, n)
	if _, err := vs.f.ReadAt(b, off); err != nil {
		return nil, fmt.Errorf("search: read view: %w", err)
	}
	return b, nil
}

func (vs *viewStore) close() error { return vs.f.Close() }
