package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"handoff/care"
)

// TestDataKeyConfig: a configured key file or HANDOFF_DATA_KEY is used; demo mode makes
// a key file in the data folder when none is configured; otherwise there is no sealer
// (the care routes answer 503).
func TestDataKeyConfig(t *testing.T) {
	t.Setenv(dataKeyEnv, "")
	dir := t.TempDir()
	cfg := &config{Data: dir}

	s, err := (&careConfig{}).sealer(cfg, false, nil)
	if err != nil || s != nil {
		t.Fatalf("no key outside demo mode: %v, %v; want no sealer", s, err)
	}
	if _, err := os.Stat(filepath.Join(dir, dataKeyFile)); !os.IsNotExist(err) {
		t.Fatalf("a key file was made outside demo mode: %v", err)
	}

	s, err = (&careConfig{}).sealer(cfg, true, nil)
	if err != nil || s == nil {
		t.Fatalf("demo mode: %v, %v", s, err)
	}
	sealed, _ := s.Seal("note", "ad")
	again, err := (&careConfig{}).sealer(cfg, true, nil) // the same key on the next start
	if err != nil {
		t.Fatal(err)
	}
	if got, err := again.Open(sealed, "ad"); err != nil || got != "note" {
		t.Fatalf("demo key changed between starts: %q %v", got, err)
	}

	key := base64.StdEncoding.EncodeToString(make([]byte, care.KeySize))
	t.Setenv(dataKeyEnv, key)
	if s, err := (&careConfig{}).sealer(cfg, false, nil); err != nil || s == nil {
		t.Fatalf("%s: %v, %v", dataKeyEnv, s, err)
	}
	t.Setenv(dataKeyEnv, "not base64!")
	if _, err := (&careConfig{}).sealer(cfg, true, nil); err == nil {
		t.Fatal("a malformed key must stop the start, not fall back to the demo key")
	}
	if _, err := (&careConfig{KeyFile: filepath.Join(dir, "missing.key")}).sealer(cfg, true, nil); err == nil {
		t.Fatal("a missing key file must stop the start")
	}
}
