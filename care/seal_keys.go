package care

import (
	"encoding/hex"
	"fmt"
)

// The functions of this file serve key rotation: naming keys, telling which key a sealed
// value is under, and sealing a value again under the current key.

// Fingerprint names a data key without revealing it: 8 hex digits, the id every value
// sealed under the key carries. Operators see it in `handoff key status`.
func Fingerprint(key []byte) string {
	id := fingerprint(key)
	return hex.EncodeToString(id[:])
}

// Fingerprints returns the fingerprints of the Sealer's keys, the sealing key's first.
func (s *Sealer) Fingerprints() []string {
	set := s.set.Load()
	out := make([]string, len(set.keys))
	for i, k := range set.keys {
		out[i] = hex.EncodeToString(k.id[:])
	}
	return out
}

// KeyOf returns the fingerprint of the key a sealed value names, without opening it;
// ErrNotSealed or ErrTampered when it is not a sealed value of this version.
func KeyOf(sealed string) (string, error) {
	raw, err := decodeSealed(sealed)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(raw[:4]), nil
}

// Reseal opens a sealed value and seals it again under the sealing key, bound to the
// same place ad. A value already under the sealing key comes back as it is, with changed
// false, and is not opened. A value under a key the Sealer lacks is ErrWrongKey, and one
// that does not authenticate is ErrTampered: the caller reports them, it never drops them.
func (s *Sealer) Reseal(sealed, ad string) (out string, changed bool, err error) {
	fp, err := KeyOf(sealed)
	if err != nil {
		return "", false, err
	}
	set := s.set.Load()
	if fp == hex.EncodeToString(set.keys[0].id[:]) {
		return sealed, false, nil
	}
	pt, err := s.Open(sealed, ad)
	if err != nil {
		return "", false, err
	}
	out, err = s.Seal(pt, ad)
	if err != nil {
		return "", false, fmt.Errorf("care: reseal: %w", err)
	}
	return out, true, nil
}
