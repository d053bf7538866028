package search

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
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
	// viewsInMemory: a views file up to this size is also held in memory. A pread costs
	// a system call (about 4 µs on the project's VM, 12% of a search's CPU at 100,000
	// listings); a quarter gigabyte is a fair price for the directories most
	// deployments have, and larger ones read from the file.
	viewsInMemory = 256 << 20
)

// viewStore is the views file: blobs appended one after another; where each blob is
// lives in the facts of its document.
type viewStore struct {
	mu   sync.Mutex // serializes appends
	f    *os.File
	size int64
	mem  atomic.Pointer[[]byte] // the whole file, when small enough
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
	vs := &viewStore{f: f, size: int64(len(viewsMagic))}
	mem := []byte(viewsMagic)
	vs.mem.Store(&mem)
	return vs, nil
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
	vs := &viewStore{f: f, size: st.Size()}
	if vs.size <= viewsInMemory {
		mem := make([]byte, vs.size)
		if _, err := f.ReadAt(mem, 0); err != nil {
			f.Close()
			return nil, err
		}
		vs.mem.Store(&mem)
	}
	return vs, nil
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
	if p := vs.mem.Load(); p != nil {
		if at > viewsInMemory {
			vs.mem.Store(nil) // grown past the budget: read from the file from now on
		} else {
			// Readers keep the slice they loaded; appending past its length never
			// touches what they read.
			mem := append(*p, buf...)
			vs.mem.Store(&mem)
		}
	}
	return offs, nil
}

// sync makes the appended views durable, before a batch that points at them.
func (vs *viewStore) sync() error { return vs.f.Sync() }

// read returns one view. The bytes may be shared: callers must not change them.
func (vs *viewStore) read(off int64, n uint32) ([]byte, error) {
	if p := vs.mem.Load(); p != nil && off+int64(n) <= int64(len(*p)) {
		return (*p)[off : off+int64(n) : off+int64(n)], nil
	}
	b := make([]byte, n)
	if _, err := vs.f.ReadAt(b, off); err != nil {
		return nil, fmt.Errorf("search: read view: %w", err)
	}
	return b, nil
}

func (vs *viewStore) close() error { return vs.f.Close() }
