package access

import (
	"encoding/base64"
	"strings"
	"time"
)

// A password reset link (/p/{token}) lets a person set a new password without signing
// in: an admin makes one for an account (AdminOnly) and hands the URL over. The rules:
//
//   - The link works once, for PasswordResetLifetime, and only while it is the newest
//     made for the account and the account is active.
//   - Using it ends the account's sessions and API tokens, as an admin's password change
//     does: whoever knew the old password keeps nothing.
//   - Posts through the page are counted against PasswordResetLimit, per link and per
//     client address, so that neither a leaked link nor a script can hammer it.

// PasswordResetToken is the prefix of a password reset link's token.
const PasswordResetToken TokenKind = "hp_"

// PasswordResetLifetime is how long a reset link works: a working day and a night, for
// a link handed over at the end of one shift and used at the start of the next.
const PasswordResetLifetime = 24 * time.Hour

// Defaults of the reset page's limits: a few mistyped confirmations per link; per client
// address a little more, for an office whose staff share one address.
const (
	DefaultPasswordResetLimit   = 10
	DefaultPasswordResetIPLimit = 30
	DefaultPasswordResetWindow  = 15 * time.Minute
)

// NewPasswordResetToken returns a fresh reset token and the hash to store.
func NewPasswordResetToken() (token, hash string) { return NewToken(PasswordResetToken) }

// PasswordResetTokenLooksValid reports whether a token from a path is shaped like a
// reset link's, so that anything else is turned away before the database is asked.
func PasswordResetTokenLooksValid(token string) bool {
	rest, ok := strings.CutPrefix(token, string(PasswordResetToken))
	if !ok || len(rest) != 43 {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}
