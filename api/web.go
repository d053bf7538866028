package api

import (
	"embed"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// web holds the pages (drawn in the chrome, see pages.go) and their assets; nothing is fetched from elsewhere at run time.
//
//go:embed web
var web embed.FS

func (s *Server) index(c *fiber.Ctx) error { return s.page(c, fiber.StatusOK, "index.html", "", nil) }

// followUps serves the field page for the day's follow-ups. It is the same file for
// everyone, signed in or not: the page holds no data, and its script asks the API for
// all of it (with the session cookie) after sign-in, so the API's policy guards the data.
func (s *Server) followUps(c *fiber.Ctx) error {
	return s.page(c, fiber.StatusOK, "follow-ups.html", "", nil)
}

// staticFiles serves the embedded assets under /static.
func staticFiles() fiber.Handler {
	return filesystem.New(filesystem.Config{Root: http.FS(web), PathPrefix: "web/static", MaxAge: 3600})
}
