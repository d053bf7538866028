package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"handoff/care"
)

// The data key is configuration: the binary reads it from a file or the environment
// and hands the bytes to care.NewSealer, so that the domain never touches files or the
// environment.

// dataKeyEnv is the environment variable that may hold the data key (base64).
const dataKeyEnv = "HANDOFF_DATA_KEY"

// dataKeyFile is the name demo mode gives the key it generates in the data folder.
const dataKeyFile = "data.key"

// parseKey reads a data key written as base64 (standard or URL alphabet, padded or not,
// surrounding white space ignored).
func parseKey(text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, care.ErrNoDataKey
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(text); err == nil {
			if len(k) != care.KeySize {
				return nil, fmt.Errorf("care: the data key is %d bytes; it must be %d (base64 of 32 random bytes)", len(k), care.KeySize)
			}
			return k, nil
		}
	}
	return nil, errors.New("care: the data key is not base64")
}

// loadKey returns the data key from the file at path, or else from envValue (the value
// of HANDOFF_DATA_KEY); a file given but unreadable is an error, not a fallback, so that
// a typo in a path never silently uses another key. Neither given is care.ErrNoDataKey.
// With several keys (see datakeys.go) it returns the sealing key.
func loadKey(path, envValue string) ([]byte, error) {
	keys, err := loadKeys(path, envValue)
	if err != nil {
		return nil, err
	}
	return keys[0], nil
}

// encodeKey writes a data key as the key file and HANDOFF_DATA_KEY hold it.
func encodeKey(k []byte) string { return base64.StdEncoding.EncodeToString(k) }

// generateKeyFile writes a new random data key, base64, to path, readable by the owner
// only, and returns it. It refuses to overwrite an existing file: replacing a key makes
// every note sealed under it unreadable.
func generateKeyFile(path string) ([]byte, error) {
	k := make([]byte, care.KeySize)
	if _, err := rand.Read(k); err != nil {
		return nil, fmt.Errorf("care: generate data key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("care: data key folder: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("care: create data key file: %w", err)
	}
	_, werr := f.WriteString(encodeKey(k) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("care: write data key file: %w", werr)
	}
	return k, nil
}

// loadOrGenerateKeyFile is demo mode's keys: those in path, made on first use.
func loadOrGenerateKeyFile(path string) ([][]byte, error) {
	keys, err := loadKeys(path, "")
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return keys, err
	}
	k, err := generateKeyFile(path)
	if errors.Is(err, fs.ErrExist) { // another process made it first
		return loadKeys(path, "")
	}
	if err != nil {
		return nil, err
	}
	return [][]byte{k}, nil
}
