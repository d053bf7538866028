package care

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"

	"handoff/geo"
)

// Sealer encrypts notes at rest with AES-256-GCM, so that a copy of the database alone
// does not reveal them. Each sealed value is versioned and names its key by a short
// fingerprint, so that keys can be rotated: a Sealer opens values sealed under any of its
// keys and seals under the first.
//
// A sealed value is text: "hs1:" followed by base64 (standard, unpadded) of
//
//	key fingerprint (4 bytes) | nonce (12 random bytes) | ciphertext and GCM tag
//
// The additional data binds a value to its place (say "encounter/<id>/notes"), so that a
// sealed note copied onto another record does not open there.
//
// The keys can be replaced while the Sealer is in use (SetKeys), so that a running server
// picks up a key file changed for a rotation without a restart.
type Sealer struct {
	set atomic.Pointer[keySet]
}

// keySet is one configuration of keys, swapped as a whole.
type keySet struct {
	keys []sealKey // keys[0] seals
}

type sealKey struct {
	id   [4]byte
	aead cipher.AEAD
	// prk is the HKDF pseudorandom key extracted from this key, from which DeriveKey
	// expands keys for other purposes; the data key itself is not kept.
	prk []byte
}

// KeySize is the size of a data key: AES-256.
const KeySize = 32

const sealPrefix = "hs1:"

// Errors of sealing and opening.
var (
	// ErrNoDataKey means no data key was configured: notes cannot be written or read.
	// Where the key comes from (a file, the environment) is the binary's business; the
	// message names both so that an operator knows what to set.
	ErrNoDataKey = errors.New("care: no data key configured (--data-key-file or HANDOFF_DATA_KEY)")

	// ErrWrongKey means the value was sealed under a key this Sealer does not have.
	ErrWrongKey = errors.New("care: sealed with another data key")
	// ErrTampered means the value does not authenticate: it was changed, truncated, or
	// moved from another record.
	ErrTampered = errors.New("care: sealed value is damaged or was tampered with")
	// ErrNotSealed means the value is not a sealed value of a version this build reads.
	ErrNotSealed = errors.New("care: not a sealed value")
)

// NewSealer makes a Sealer that seals under key and also opens values sealed under the
// older keys. Every key must be KeySize bytes.
func NewSealer(key []byte, older ...[]byte) (*Sealer, error) {
	s := &Sealer{}
	if err := s.SetKeys(append([][]byte{key}, older...)); err != nil {
		return nil, err
	}
	return s, nil
}

// SetKeys replaces the Sealer's keys: the first seals, all open. Values being sealed or
// opened concurrently use either the old set or the new one, never a mix. On error the
// keys are left as they were.
func (s *Sealer) SetKeys(keys [][]byte) error {
	if len(keys) == 0 {
		return ErrNoDataKey
	}
	set := &keySet{}
	for i, k := range keys {
		if len(k) != KeySize {
			return fmt.Errorf("care: data key %d is %d bytes; it must be %d (AES-256)", i, len(k), KeySize)
		}
		block, err := aes.NewCipher(k)
		if err != nil {
			return fmt.Errorf("care: data key: %w", err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return fmt.Errorf("care: data key: %w", err)
		}
		prk, err := hkdf.Extract(sha256.New, k, []byte(deriveSalt))
		if err != nil {
			return fmt.Errorf("care: data key: %w", err)
		}
		set.keys = append(set.keys, sealKey{id: fingerprint(k), aead: aead, prk: prk})
	}
	s.set.Store(set)
	return nil
}

// deriveSalt separates the keys DeriveKey makes from any other use of the data key.
const deriveSalt = "handoff derived keys v1"

// DeriveKey returns a KeySize key for purpose (a fixed label naming one use, such as
// signing the agency page's form), derived from the sealing key with HKDF-SHA256. Every instance
// configured with the same data key derives the same key, so that what one signs
// another accepts, across restarts too; different purposes get unrelated keys, so that
// a value made for one use is worthless for another. Rotating the data key changes it.
func (s *Sealer) DeriveKey(purpose string) []byte {
	return s.DeriveKeys(purpose)[0]
}

// DeriveKeys returns the key DeriveKey makes for purpose from each of the Sealer's keys,
// the sealing key's first: a signature made with the first and checked against all stays
// valid across a rotation, as long as the old key is still configured.
func (s *Sealer) DeriveKeys(purpose string) [][]byte {
	set := s.set.Load()
	out := make([][]byte, len(set.keys))
	for i, sk := range set.keys {
		k, err := hkdf.Expand(sha256.New, sk.prk, purpose, KeySize)
		if err != nil {
			panic(err) // only for lengths over 255 hashes, and KeySize is one
		}
		out[i] = k
	}
	return out
}

// fingerprint names a key without revealing it: the first bytes of a SHA-256 over a
// label and the key.
func fingerprint(k []byte) [4]byte {
	sum := sha256.Sum256(append([]byte("handoff data key\x00"), k...))
	return [4]byte(sum[:4])
}

// Seal encrypts plaintext bound to the additional data ad. The empty string stays empty:
// there is nothing to hide in a missing note, and nothing to open.
func (s *Sealer) Seal(plaintext, ad string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	k := s.set.Load().keys[0]
	buf := make([]byte, 4+12, 4+12+len(plaintext)+k.aead.Overhead())
	copy(buf, k.id[:])
	if _, err := rand.Read(buf[4:16]); err != nil {
		return "", fmt.Errorf("care: seal: %w", err)
	}
	buf = k.aead.Seal(buf, buf[4:16], []byte(plaintext), []byte(ad))
	return sealPrefix + base64.RawStdEncoding.EncodeToString(buf), nil
}

// Open decrypts a value made by Seal with the same additional data.
func (s *Sealer) Open(sealed, ad string) (string, error) {
	if sealed == "" {
		return "", nil
	}
	raw, err := decodeSealed(sealed)
	if err != nil {
		return "", err
	}
	for _, k := range s.set.Load().keys {
		if [4]byte(raw[:4]) != k.id {
			continue
		}
		pt, err := k.aead.Open(nil, raw[4:16], raw[16:], []byte(ad))
		if err != nil {
			return "", ErrTampered
		}
		return string(pt), nil
	}
	return "", ErrWrongKey
}

// decodeSealed returns the bytes of a sealed value: fingerprint, nonce, ciphertext.
func decodeSealed(sealed string) ([]byte, error) {
	rest, ok := strings.CutPrefix(sealed, sealPrefix)
	if !ok {
		return nil, ErrNotSealed
	}
	raw, err := base64.RawStdEncoding.DecodeString(rest)
	if err != nil || len(raw) < 4+12+16 {
		return nil, ErrTampered
	}
	return raw, nil
}

// IsSealed reports whether v looks like a sealed value (it may still fail to open).
func IsSealed(v string) bool { return strings.HasPrefix(v, sealPrefix) }

// addressKeyPurpose is DeriveKey's label for the key of AddressKey.
const addressKeyPurpose = "encounter street address key v1"

// AddressKey names the building of a street address in a town without revealing it: an
// HMAC-SHA256, under a key derived from the data key, of geo.NormalizeAddress(street)
// (with the town's name dropped from its end, when typed there) and the town, upper
// case. The same building gives the same key whatever its unit ("Apt 3", "#3B"), so the
// repeat-location measure groups by it without opening the addresses; a copy of the
// database alone cannot test guesses against it. Empty when nothing of a street is left.
func (s *Sealer) AddressKey(street, town string) string {
	n := geo.NormalizeAddress(street)
	t := strings.ToUpper(strings.TrimSpace(town))
	if t != "" {
		n = strings.TrimSpace(strings.TrimSuffix(n, " "+t))
	}
	if n == "" {
		return ""
	}
	m := hmac.New(sha256.New, s.DeriveKey(addressKeyPurpose))
	m.Write([]byte(n + "\x00" + t))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:16])
}
