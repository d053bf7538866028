package api

import (
	"log/slog"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/requestid"
)

func requestID(c *fiber.Ctx) string {
	if v, ok := c.Locals(requestid.ConfigDefault.ContextKey).(string); ok {
		return v
	}
	return ""
}

// routeOf is the matched route pattern ("/hsds/services/:id"), never the raw path: raw paths
// and query strings can carry what people typed, and logs and metrics must not.
func routeOf(c *fiber.Ctx) string {
	r := c.Route()
	if r == nil || (r.Path == "/" && c.Path() != "/") {
		// Unmatched requests report the catch-all middleware's "/".
		return "unmatched"
	}
	return r.Path
}

// accessLog logs one line per request: method, route pattern, status, duration and request
// id. No query string, body or path parameters, which may hold personal data.
func accessLog(log *slog.Logger, m *metrics) fiber.Handler {
	return func(c *fiber.Ctx) error {
		start := time.Now()
		err := c.Next()
		if err != nil {
			if herr := c.App().ErrorHandler(c, err); herr != nil {
				c.Status(fiber.StatusInternalServerError)
			}
		}
		status := c.Response().StatusCode()
		route := routeOf(c)
		elapsed := time.Since(start)
		method := methodLabel(c.Method())
		m.observe(method, route, strconv.Itoa(status), elapsed)
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		log.Log(c.UserContext(), level, "request", "method", method, "route", route,
			"status", status, "ms", float64(elapsed.Microseconds())/1000, "request_id", requestID(c))
		return nil
	}
}

// securityHeaders sets the headers every response carries. The pages load only their own
// embedded scripts and styles: no inline script, no framing.
func securityHeaders(overTLS func(*fiber.Ctx) bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		c.Set("X-Content-Type-Options", "nosniff")
		c.Set("Referrer-Policy", "no-referrer")
		c.Set("X-Frame-Options", "DENY")
		c.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		if overTLS(c) {
			c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
		}
		return c.Next()
	}
}

// noStore keeps a response out of every cache, the browser's included: answers to a
// signed-in request may carry people's data, and after sign-out neither Back nor the
// history may show them again. Pragma is for HTTP/1.0 caches.
func noStore(c *fiber.Ctx) {
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderPragma, "no-cache")
}
