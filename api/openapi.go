package api

import (
	_ "embed"

	"github.com/gofiber/fiber/v2"
)

// The OpenAPI documents: HSDS 3.0's own, unchanged, for /hsds, and Handoff's for /api/v1.
var (
	//go:embed openapi/hsds-3.0.json
	hsdsOpenAPIDoc []byte
	//go:embed openapi/handoff-v1.json
	handoffOpenAPIDoc []byte
)

func (s *Server) hsdsOpenAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(hsdsOpenAPIDoc)
}

func (s *Server) openAPI(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(handoffOpenAPIDoc)
}
