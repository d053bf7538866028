package api

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
)

// healthz answers while the process runs.
func (s *Server) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 only when the database answers, its schema is this binary's and the
// rest of the server (search index, demo data) is ready.
func (s *Server) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	checks := fiber.Map{}
	ready := true
	if err := s.store.Ping(ctx); err != nil {
		checks["database"], ready = "unreachable", false
	} else {
		checks["database"] = "ok"
		if ok, err := s.store.Current(ctx); err != nil || !ok {
			checks["migrations"], ready = "not current", false
		} else {
			checks["migrations"] = "ok"
		}
	}
	if s.opts.Ready != nil {
		if err := s.opts.Ready(ctx); err != nil {
			checks["server"], ready = err.Error(), false
		} else {
			checks["server"] = "ok"
		}
	}
	if !ready {
		p := problem(fiber.StatusServiceUnavailable, "Not ready yet.")
		p.Extra = map[string]any{"checks": checks}
		return p
	}
	return c.JSON(fiber.Map{"status": "ready", "checks": checks})
}
