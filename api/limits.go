package api

import (
	"net"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/limiter"

	"handoff/access"
)

// Defaults of the per-address rate limits.
const (
	defaultLoginRateLimit  = 20   // failed logins per address per loginWindow
	defaultSearchRateLimit = 1200 // searches per address per minute
	loginWindow            = 15 * time.Minute
)

// accessState is what the access layer keeps between requests: the rate limiters and
// the session settings.
type accessState struct {
	sessionIdle time.Duration
	tokenMax    time.Duration
	logins      *access.FailureLimit
	searchLimit fiber.Handler
}

func newAccessState(opts Options) *accessState {
	a := &accessState{sessionIdle: opts.SessionIdle, tokenMax: opts.TokenMaxLifetime}
	if a.sessionIdle <= 0 {
		a.sessionIdle = access.DefaultSessionIdle
	}
	if a.tokenMax <= 0 {
		a.tokenMax = access.DefaultTokenMaxLifetime
	}
	logins := opts.LoginRateLimit
	if logins <= 0 {
		logins = defaultLoginRateLimit
	}
	// Only failed logins count (loginFailed reports them): an office behind one address
	// signs in many times a day, and the 429s of a blocked address do not stretch its
	// block. (Fiber's limiter counted every request while it ran, successes included,
	// and its own 429s.)
	a.logins = access.NewFailureLimit(logins, loginWindow)
	searches := opts.SearchRateLimit
	if searches == 0 {
		searches = defaultSearchRateLimit
	}
	if searches < 0 {
		a.searchLimit = func(c *fiber.Ctx) error { return c.Next() }
		return a
	}
	a.searchLimit = limiter.New(limiter.Config{
		Max: searches, Expiration: time.Minute,
		// The machine itself is not limited: probes, benchmarks, and a reverse proxy that
		// does not pass the client's address (configure TrustedProxies for that).
		Next:         func(c *fiber.Ctx) bool { return isLoopback(clientIP(c)) },
		KeyGenerator: func(c *fiber.Ctx) string { return clientIP(c) },
		LimitReached: func(c *fiber.Ctx) error {
			return problem(fiber.StatusTooManyRequests, "Too many searches from this address. Wait a minute and try again.")
		},
	})
	return a
}

// loginLimit refuses a login from an address that has used up its failed logins.
func (a *accessState) loginLimit(c *fiber.Ctx) error {
	if wait, blocked := a.logins.Blocked(clientIP(c), time.Now()); blocked {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait.Seconds())+1))
		return problem(fiber.StatusTooManyRequests, "Too many failed logins from this address. Wait and try again.")
	}
	return c.Next()
}

// loginFailure counts a failed login against the request's address.
func (a *accessState) loginFailure(c *fiber.Ctx) { a.logins.Fail(clientIP(c), time.Now()) }

func isLoopback(ip string) bool {
	a := net.ParseIP(ip)
	return a != nil && a.IsLoopback()
}
