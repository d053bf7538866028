package access

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"strings"
)

// TokenKind tells a session token from an API token by its prefix, so that a request's
// credential is looked up in the right table, and secret scanners can recognise a
// leaked Handoff token.
type TokenKind string

// The kinds of bearer token.
const (
	SessionToken TokenKind = "hs_"
	APIToken     TokenKind = "ht_"
)

// NewToken returns a fresh 256-bit random token of the kind, and the hash to store. The
// token itself is shown once and never stored.
func NewToken(kind TokenKind) (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	token = string(kind) + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// KindOf tells which kind a presented token claims to be; ok is false for anything that
// is not shaped like a Handoff token.
func KindOf(token string) (TokenKind, bool) {
	for _, k := range []TokenKind{SessionToken, APIToken} {
		rest, found := strings.CutPrefix(token, string(k))
		if found && len(rest) == 43 {
			if _, err := base64.RawURLEncoding.DecodeString(rest); err == nil {
				return k, true
			}
		}
	}
	return "", false
}

// HashToken is the SHA-256 of a token, in hex. A fast hash is right here: the token has
// 256 random bits, so there is nothing to guess, and it is checked on every request.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// SameHash compares two token hashes in constant time.
func SameHash(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// CSRFToken derives a session's CSRF token from the session token. The browser's
// script can read it (the session cookie it cannot), and another site can read neither,
// so a request that carries it came from Handoff's own pages. Deriving it means there is
// nothing more to store, and it cannot be turned back into the session token.
func CSRFToken(sessionToken string) string {
	m := hmac.New(sha256.New, []byte(sessionToken))
	m.Write([]byte("handoff csrf"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// SameCSRF compares a presented CSRF token with the expected one in constant time.
func SameCSRF(presented, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(presented), []byte(want)) == 1
}
