package care

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// DataKeyEnv is the environment variable that may hold the data key (base64).
const DataKeyEnv = "HANDOFF_DATA_KEY"

// DataKeyFile is the name demo mode gives the key it generates in the data folder.
const DataKeyFile = "data.key"

// ErrNoDataKey means no data key was configured: notes cannot be written or read.
var ErrNoDataKey = errors.New("care: no data key configured (--data-key-file or " + DataKeyEnv + ")")

// ParseKey reads a data key written as base64 (standard or URL alphabet, padded or not,
// surrounding white space ignored).
func ParseKey(text string) ([]byte, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, ErrNoDataKey
	}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		if k, err := enc.DecodeString(text); err == nil {
			if len(k) != KeySize {
				return nil, fmt.Errorf("care: the data key is %d bytes; it must be %d (base64 of 32 random bytes)", len(k), KeySize)
			}
			return k, nil
		}
	}
	return nil, errors.New("care: the data key is not base64")
}

// LoadKey returns the data key from the file at path, or else from envValue (the value
// of HANDOFF_DATA_KEY); a file given but unreadable is an error, not a fallback, so that
// a typo in a path never silently uses another key. Neither given is ErrNoDataKey.
func LoadKey(path, envValue string) ([]byte, error) {
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("care: read data key file: %w", err)
		}
		k, err := ParseKey(string(b))
		if err != nil {
			return nil, fmt.Errorf("%w (in %s)", err, path)
		}
		return k, nil
	}
	return ParseKey(envValue)
}

// GenerateKeyFile writes a new random data key, base64, to path, readable by the owner
// only, and returns it. It refuses to overwrite an existing file: replacing a key makes
// every note sealed under it unreadable.
func GenerateKeyFile(path string) ([]byte, error) {
	k := make([]byte, KeySize)
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
	_, werr := f.WriteString(base64.StdEncoding.EncodeToString(k) + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return nil, fmt.Errorf("care: write data key file: %w", werr)
	}
	return k, nil
}

// LoadOrGenerateKeyFile is demo mode's key: the key in path, made on first use.
func LoadOrGenerateKeyFile(path string) ([]byte, error) {
	k, err := LoadKey(path, "")
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return k, err
	}
	k, err = GenerateKeyFile(path)
	if errors.Is(err, fs.ErrExist) { // another process made it first
		return LoadKey(path, "")
	}
	return k, err
}
