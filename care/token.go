package care

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// Token prefixes name what a public link's token opens, so that a leaked one is
// recognisable and a token of one kind is never looked up as another.
const (
	PrefixAgencyLink   = "hl_"
	PrefixResourceList = "hr_"
)

// NewToken returns a fresh 256-bit random token with the prefix, and the hash to store.
// The token is shown once (in a URL) and never stored.
func NewToken(prefix string) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	token = prefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the SHA-256 of a token, in hex: the token has 256 random bits, so a fast
// hash is enough, and a copy of the database does not open the links.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TokenLooksValid reports whether s is shaped like a token of the prefix, so that junk is
// refused before any lookup.
func TokenLooksValid(prefix, s string) bool {
	rest, ok := strings.CutPrefix(s, prefix)
	if !ok || len(rest) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}
