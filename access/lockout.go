package access

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Login limits. An account locks for LockDuration after MaxFailedLogins wrong passwords
// in a row; the count starts again after a lock or a successful login. Guessing is then
// limited to a few tries an hour per account, whatever the number of addresses used.
const (
	MaxFailedLogins = 5
	LockDuration    = 15 * time.Minute
)

// Locked reports whether an account locked until lockedUntil is still locked at now.
func Locked(lockedUntil, now time.Time) bool {
	return !lockedUntil.IsZero() && now.Before(lockedUntil)
}

// AfterFailure says what one more failed login does to an account that had failures in a
// row: the new count, and the time it is locked until (zero when it is not locked).
func AfterFailure(failures int, now time.Time) (int, time.Time) {
	failures++
	if failures >= MaxFailedLogins {
		return 0, now.Add(LockDuration)
	}
	return failures, time.Time{}
}

// Session lifetimes. A session ends after SessionIdle without a request (configurable),
// and in any case SessionMaxAge after the login, so a stolen cookie does not live forever.
const (
	DefaultSessionIdle = 12 * time.Hour
	SessionMaxAge      = 7 * 24 * time.Hour
)

// SessionActive reports whether a session created and last used at those times is still
// valid at now.
func SessionActive(created, lastSeen, now time.Time, idle time.Duration) bool {
	return now.Sub(lastSeen) < idle && now.Sub(created) < SessionMaxAge
}

// DefaultTokenLifetime is how long an API token lives when no expiry is asked for.
const DefaultTokenLifetime = 90 * 24 * time.Hour

// ParseLifetime reads an API token lifetime: "90d", "12h", "30m", or "never" (zero),
// which TokenLifetime and the command line refuse: every token expires.
func ParseLifetime(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	if s == "never" {
		return 0, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || n > 3650 {
			return 0, errors.New("days must be a whole number from 1 to 3650, as in 90d")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < time.Minute {
		return 0, errors.New("must be like 90d, 12h or 30m (at least a minute)")
	}
	return d, nil
}
