//go:build unix

package search

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"handoff/directory"
	"handoff/seed"
)

// TestOpenRemovesAnInterruptedBuild: what a killed reindex left beside the index
// (index.next.build and the other work folders) is removed when the index is next
// opened, but not while another process has the index open and may be building in it;
// the index itself is kept.
func TestOpenRemovesAnInterruptedBuild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	svcs := seed.Services()[:20]
	for i := range svcs {
		directory.NormalizeService(&svcs[i])
	}
	first, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Rebuild(context.Background(), newMemFeed(svcs), nil); err != nil {
		t.Fatal(err)
	}
	built := first.Len()
	first.Close()
	leftovers := []string{dir + ".next.build", dir + ".next", dir + ".next.old", dir + ".old"}
	for _, p := range leftovers {
		if err := os.MkdirAll(filepath.Join(p, "store"), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(p, "store", "00000001.zap"), []byte("half a segment"), 0o600); err != nil {
			t.Fatal(err)
		}
	}

	// Another process has the index open (the lock is per open file, so a second
	// Engine in this process stands for it): its build folders are left alone.
	busy, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range leftovers {
		if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%s survived the first open: %v", filepath.Base(p), err)
		}
	}
	build := dir + ".next.build"
	if err := os.MkdirAll(build, 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(Options{Dir: dir}); !errors.Is(err, ErrLocked) {
		t.Fatalf("a second open beside a running one: %v, want ErrLocked", err)
	}
	if _, err := os.Stat(build); err != nil {
		t.Fatalf("a build in progress in another process was removed: %v", err)
	}
	busy.Close()

	e, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if _, err := os.Stat(build); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("index.next.build survived the next open: %v", err)
	}
	if e.Len() != built {
		t.Errorf("the index holds %d documents after the clean-up, want %d", e.Len(), built)
	}
	if _, err := os.Stat(dir + ".lock"); err != nil {
		t.Errorf("the lock file went too: %v", err)
	}
}
