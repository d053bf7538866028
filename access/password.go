package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Password lengths, in characters. A long minimum rather than composition rules (NIST
// SP 800-63B); the maximum only keeps a request from making the server hash megabytes.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 256
)

// Argon2Params are the cost of an argon2id hash. They are written into each hash, so they
// can be raised later without invalidating the hashes made before.
type Argon2Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	KeyLen  uint32
	SaltLen uint32
}

// DefaultArgon2 is OWASP's argon2id setting of 46 MiB, one pass, one lane: memory-hard
// enough to make guessing on GPUs expensive, and about 50 ms a login on a small server.
var DefaultArgon2 = Argon2Params{Memory: 46 * 1024, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// ErrBadHash means a stored password hash is not one HashPassword wrote.
var ErrBadHash = errors.New("access: malformed password hash")

// CheckPasswordRules reports what is wrong with a new password, or "" when it will do.
func CheckPasswordRules(pw string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case n < MinPasswordLength:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLength)
	case n > MaxPasswordLength:
		return fmt.Sprintf("must be at most %d characters", MaxPasswordLength)
	case strings.TrimSpace(pw) == "":
		return "must not be blank"
	}
	return ""
}

// HashPassword hashes pw with argon2id and a random salt, in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$hash) that other tools read too.
func HashPassword(pw string) (string, error) {
	return hashWith(DefaultArgon2, pw)
}

func hashWith(p Argon2Params, pw string) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("access: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches the encoded hash, comparing in constant time.
// A malformed hash never matches.
func CheckPassword(encoded, pw string) bool {
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		// Spend the same time as a real check, so a damaged row is not a timing signal.
		argon2.IDKey([]byte(pw), make([]byte, DefaultArgon2.SaltLen), DefaultArgon2.Time, DefaultArgon2.Memory, DefaultArgon2.Threads, DefaultArgon2.KeyLen)
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

func decodeHash(encoded string) (Argon2Params, []byte, []byte, error) {
	var p Argon2Params
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, ErrBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, ErrBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, ErrBadHash
	}
	// Bounds keep a tampered row from making one login allocate gigabytes.
	if p.Memory < 8 || p.Memory > 1<<20 || p.Time < 1 || p.Time > 16 || p.Threads < 1 {
		return p, nil, nil, ErrBadHash
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, ErrBadHash
	}
	key, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil || len(key) < 16 {
		return p, nil, nil, ErrBadHash
	}
	return p, salt, key, nil
}

var (
	dummyOnce sync.Once
	dummyHash string
)

// DummyHash is the hash of a random password that no one knows. Checking a password
// against it for an unknown email takes as long as checking a real one, so the answer's
// timing does not tell which emails have accounts.
func DummyHash() string {
	dummyOnce.Do(func() {
		var err error
		if dummyHash, err = HashPassword(RandomPassword()); err != nil {
			panic(err) // the system's random source failed
		}
	})
	return dummyHash
}

// RandomPassword returns a random password of 26 characters from the base32 alphabet
// (128 bits), easy to read off a screen and type on a phone.
func RandomPassword() string { return rand.Text() }
