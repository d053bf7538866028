package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"handoff/care"
)

// A data key file holds one key or several, so that the key can be rotated:
//
//	# comment lines and blank lines are ignored
//	BASE64-KEY-THAT-SEALS
//	BASE64-OLDER-KEY        (opens values sealed under it; sealed again by `key rotate`)
//
// The first key seals; every key opens. A file with a single key, as Handoff always
// wrote, is the same file in this format. HANDOFF_DATA_KEY takes the same list in one
// line, the keys separated by commas or spaces.

// parseKeys reads a list of data keys, one a line (or separated by commas or spaces),
// skipping blank lines and lines that begin with '#'. An empty list is care.ErrNoDataKey;
// a key given twice is an error (a hand-edited file gone wrong).
func parseKeys(text string) ([][]byte, error) {
	var keys [][]byte
	seen := map[string]bool{}
	for line := range strings.SplitSeq(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for field := range strings.FieldsFuncSeq(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			k, err := parseKey(field)
			if err != nil {
				return nil, fmt.Errorf("key %d: %w", len(keys)+1, err)
			}
			fp := care.Fingerprint(k)
			if seen[fp] {
				return nil, fmt.Errorf("key %d (%s) is listed twice", len(keys)+1, fp)
			}
			seen[fp] = true
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, care.ErrNoDataKey
	}
	return keys, nil
}

// loadKeys returns the data keys from the file at path, or else from envValue (the
// value of HANDOFF_DATA_KEY), the sealing key first; see loadKey for the rules.
func loadKeys(path, envValue string) ([][]byte, error) {
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("care: read data key file: %w", err)
		}
		keys, err := parseKeys(string(b))
		if err != nil {
			return nil, fmt.Errorf("%w (in %s)", err, path)
		}
		return keys, nil
	}
	return parseKeys(envValue)
}

// writeKeys replaces the key file at path with keys (the sealing key first), readable by
// the owner only. It writes a new file beside it and renames it over the old one, so
// that a crash leaves either file whole, and a server reloading it never reads half.
func writeKeys(path string, keys [][]byte) error {
	if len(keys) == 0 {
		return errors.New("care: a key file must hold at least one key")
	}
	var b strings.Builder
	if len(keys) == 1 {
		// One key alone is written as Handoff always wrote it, so that an older binary
		// (a rolled-back upgrade) still reads the file once a rotation is over.
		b.WriteString(encodeKey(keys[0]) + "\n")
	} else {
		writeKeyList(&b, keys)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".datakey-*")
	if err != nil {
		return fmt.Errorf("care: write data key file: %w", err)
	}
	defer os.Remove(tmp.Name()) // after the rename there is nothing left to remove
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("care: write data key file: %w", err)
	}
	_, werr := tmp.WriteString(b.String())
	if werr == nil {
		werr = tmp.Sync()
	}
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		return fmt.Errorf("care: write data key file: %w", werr)
	}
	return nil
}

// writeKeyList writes several keys, each under a comment naming it and its role.
func writeKeyList(b *strings.Builder, keys [][]byte) {
	b.WriteString("# Handoff data keys (see `handoff key --help`). The first key seals; every key opens.\n")
	b.WriteString("# Losing a key loses every note sealed under it: keep a copy apart from the backups.\n")
	for i, k := range keys {
		role := "opens only"
		if i == 0 {
			role = "seals"
		}
		fmt.Fprintf(b, "# %s (%s)\n%s\n", care.Fingerprint(k), role, encodeKey(k))
	}
}
