package care

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
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

// SealedPrefix returns the text every value sealed under the key with this fingerprint
// begins with: "hs1:" and the five base64 digits that encode the fingerprint's first 30
// bits alone. A store can skip the values already under a key with it, without opening
// them; keys whose prefixes collide (one pair in a billion) must not be used together,
// which NewKey sees to.
func SealedPrefix(fp string) (string, error) {
	id, err := hex.DecodeString(fp)
	if err != nil || len(id) != 4 {
		return "", fmt.Errorf("care: %q is not a key fingerprint (8 hex digits)", fp)
	}
	return sealPrefix + base64.RawStdEncoding.EncodeToString(id)[:5], nil
}

// NewKey returns a new random data key whose fingerprint and sealed prefix differ from
// those of every key in others, so that values under it are told apart from theirs.
func NewKey(others ...[]byte) ([]byte, error) {
	taken := map[string]bool{}
	for _, o := range others {
		p, _ := SealedPrefix(Fingerprint(o))
		taken[p] = true
	}
	for {
		k := make([]byte, KeySize)
		if _, err := rand.Read(k); err != nil {
			return nil, fmt.Errorf("care: generate data key: %w", err)
		}
		if p, _ := SealedPrefix(Fingerprint(k)); !taken[p] {
			return k, nil
		}
	}
}

// PrefixLen is how much of a sealed value names its key: "hs1:" and six base64 digits,
// the fingerprint's 32 bits and 4 bits of the nonce. Grouping values by it (then reading
// each group's key with KeyOfPrefix) counts values per key without reading them.
const PrefixLen = len(sealPrefix) + 6

// KeyOfPrefix returns the fingerprint named by the first PrefixLen characters of a
// sealed value; ErrNotSealed when they are not those of a sealed value.
func KeyOfPrefix(prefix string) (string, error) {
	rest, ok := strings.CutPrefix(prefix, sealPrefix)
	if !ok || len(rest) < 6 {
		return "", ErrNotSealed
	}
	id, err := base64.RawStdEncoding.DecodeString(rest[:6])
	if err != nil || len(id) < 4 {
		return "", ErrNotSealed
	}
	return hex.EncodeToString(id[:4]), nil
}
