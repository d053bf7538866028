package api

import (
	"net"
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
	loginLimit  fiber.Handler
	searchLimit fiber.Handler
}

func newAccessState(opts Options) *accessState {
	a := &accessState{sessionIdle: opts.SessionIdle}
	if a.sessionIdle <= 0 {
		a.sessionIdle = access.DefaultSessionIdle
	}
	logins := opts.LoginRateLimit
	if logins <= 0 {
		logins = defaultLoginRateLimit
	}
	// Only failed logins count (SkipSuccessfulRequests): an office behind one address
	// signs in many times a day; guessing fails.
	a.loginLimit = limiter.New(limiter.Config{
		Max: logins, Expiration: loginWindow, SkipSuccessfulRequests: true,
		KeyGenerator: func(c *fiber.Ctx) string { return clientIP(c) },
		LimitReached: func(c *fiber.Ctx) error {
			return problem(fiber.StatusTooManyRequests, "Too many failed logins from this address. Wait and try again.")
		},
	})
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

func isLoopback(ip string) bool {
	a := net.ParseIP(ip)
	return a != nil && a.IsLoopback()
}
