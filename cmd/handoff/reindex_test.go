package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handoff/search"
	"handoff/seed"
	"handoff/store/storetest"
)

// TestReindex: `handoff reindex` builds the index in <data>/index from the database,
// which serve then opens without rebuilding, and refuses to run beside a serve that has
// the index open.
func TestReindex(t *testing.T) {
	st, cfg := storetest.SQLiteConfig(t)
	n, err := seed.Load(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, errOut, err := runUserCmd(t, "", "reindex", "--data", cfg.DataDir)
	if err != nil {
		t.Fatalf("reindex: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "indexed 209 services") || n != 209 {
		t.Errorf("reindex said %q", out)
	}
	if _, err := os.Stat(filepath.Join(cfg.DataDir, "index", "index_meta.json")); err != nil {
		t.Fatalf("no index in the data folder: %v", err)
	}
	e, err := search.Open(search.Options{Dir: filepath.Join(cfg.DataDir, "index")})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	if e.Len() != 209 {
		t.Errorf("the index holds %d documents", e.Len())
	}
	if _, _, err := runUserCmd(t, "", "reindex", "--data", cfg.DataDir); err == nil || !strings.Contains(err.Error(), "another process") {
		t.Errorf("reindex beside an open index: %v", err)
	}
}
