package main

import (
	"bytes"
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"handoff/care"
)

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", dataKeyFile)
	k, err := generateKeyFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v, %v", fi.Mode(), err)
	}
	if _, err := generateKeyFile(path); err == nil {
		t.Error("generateKeyFile overwrote a key")
	}
	got, err := loadKey(path, "ignored")
	if err != nil || !bytes.Equal(got, k) {
		t.Errorf("loadKey(file) = %v, %v", got, err)
	}
	if got, err := loadOrGenerateKeyFile(path); err != nil || len(got) != 1 || !bytes.Equal(got[0], k) {
		t.Errorf("loadOrGenerateKeyFile kept the key: %v", err)
	}
	fresh := filepath.Join(dir, "fresh.key")
	if _, err := loadOrGenerateKeyFile(fresh); err != nil {
		t.Errorf("loadOrGenerateKeyFile made a key: %v", err)
	}
	env := base64.StdEncoding.EncodeToString(k)
	if got, err := loadKey("", env); err != nil || !bytes.Equal(got, k) {
		t.Errorf("loadKey(env) = %v, %v", got, err)
	}
	if _, err := loadKey("", ""); !errors.Is(err, care.ErrNoDataKey) {
		t.Errorf("no key: %v", err)
	}
	if _, err := loadKey(filepath.Join(dir, "missing"), env); err == nil {
		t.Error("a missing key file fell back to the environment")
	}
	if _, err := parseKey(base64.StdEncoding.EncodeToString(k[:16])); err == nil {
		t.Error("a short key was accepted")
	}
}
