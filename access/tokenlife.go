package access

import (
	"fmt"
	"time"
)

// DefaultTokenMaxLifetime caps API tokens when the server is not configured otherwise
// (--token-max-lifetime). A token is a password that does not ask for the password: it
// must run out, so that a token leaked or minted with a stolen session dies by itself.
const DefaultTokenMaxLifetime = 90 * 24 * time.Hour

// TokenLifetime reads the lifetime asked for a new API token ("" for the default) under
// the server's cap: the default is the shorter of DefaultTokenLifetime and the cap, and
// "never" or anything longer than the cap is refused rather than quietly shortened.
func TokenLifetime(asked string, maxLife time.Duration) (time.Duration, error) {
	if asked == "" {
		return min(DefaultTokenLifetime, maxLife), nil
	}
	life, err := ParseLifetime(asked)
	if err != nil {
		return 0, err
	}
	if life == 0 || life > maxLife {
		return 0, fmt.Errorf("must be at most %s: API tokens expire", FormatLifetime(maxLife))
	}
	return life, nil
}

// TokenExpiry is when a token created at created with the stored expiry (zero: none,
// as tokens made before the cap could have) stops working under the cap maxLife:
// whichever comes first. Lowering the cap thus shortens the tokens already out.
func TokenExpiry(created, expires time.Time, maxLife time.Duration) time.Time {
	capped := created.Add(maxLife)
	if expires.IsZero() || expires.After(capped) {
		return capped
	}
	return expires
}

// FormatLifetime writes a lifetime as ParseLifetime reads it: whole days as "90d".
func FormatLifetime(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	}
	return d.String()
}
